"""The set of shipped policy profiles, found by id."""

from __future__ import annotations

from pathlib import Path

from desk_app.domain.errors import PolicyFileError
from desk_app.domain.policy import PolicyProfile, load_profile

DEFAULT_PROFILE_ID = "pittsfield-413"


def load_all(folder: Path) -> dict[str, PolicyProfile]:
    """Every `*.toml` profile in `folder`, by id; a bad file raises PolicyFileError."""
    profiles: dict[str, PolicyProfile] = {}
    for path in sorted(folder.glob("*.toml")):
        profile = load_profile(path)
        if profile.id in profiles:
            raise PolicyFileError(f"{path.name}: key 'id': \"{profile.id}\" is already used "
                                  "by another profile")
        profiles[profile.id] = profile
    return profiles


def find(folder: Path, profile_id: str) -> PolicyProfile:
    """The profile with `profile_id`, or a PolicyFileError listing the ones there are."""
    profiles = load_all(folder)
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(profiles)) or "none"
        raise PolicyFileError(f"no policy profile '{profile_id}'; installed: {known}") from None
