"""Which city or town a desk serves, when the profile is a template.

The ordinance and trust-act profiles are model texts that a city or town adopts: their
municipality is written "[city or town]". Such a name must never reach the window, the
forms or a page handed to a person, so a template profile is usable only once the
department has typed its own municipality.
"""

from __future__ import annotations

from desk_app.domain.errors import FieldError

# What a title says instead while a template profile's municipality is not filled in.
MUNICIPALITY_UNSET = "municipality not set (Tools > Settings)"


def is_template_name(name: str) -> bool:
    """True for a blank name or a template's "[city or town]"."""
    text = name.strip()
    return not text or (text.startswith("[") and text.endswith("]"))


def effective_municipality(setting: str, profile_name: str) -> str:
    """The department's own setting, else the profile's name unless it is a template's
    blank to fill in; "" when neither names a real place."""
    for name in (setting, profile_name):
        if not is_template_name(name):
            return name.strip()
    return ""


def municipality_missing(setting: str, profile_name: str, profile_title: str,
                         ) -> FieldError | None:
    """The refusal when neither the setting nor the profile names the municipality."""
    if effective_municipality(setting, profile_name):
        return None
    return FieldError("municipality",
                      f"is needed with the profile “{profile_title}”: its text is a "
                      "model for a city or town to adopt. Type the name of your city "
                      "or town")
