"""The shipped policy profiles: one per source, each faithful to its source's wording."""

from __future__ import annotations

import pytest

from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import DEFAULT_PROFILE_ID, load_all
from desk_app.domain.vocabulary import BailDecision, ClockStart, Trigger
from desk_app.resources import policies_dir

SHIPPED_IDS = {"pittsfield-413", "haverhill", "westborough", "ma-welcoming-ordinance",
               "trust-act"}
NO_HOLD_IDS = {"ma-welcoming-ordinance", "trust-act"}


@pytest.fixture(scope="module")
def profiles() -> dict[str, PolicyProfile]:
    return load_all(policies_dir())


def test_every_shipped_profile_loads() -> None:
    """The app must not refuse to start because a shipped profile file is malformed."""
    loaded = load_all(policies_dir())
    assert loaded
    assert DEFAULT_PROFILE_ID in loaded


def test_exactly_the_five_sources_are_shipped(profiles: dict[str, PolicyProfile]) -> None:
    """The profile picker must offer each department's source once, and nothing else."""
    assert set(profiles) == SHIPPED_IDS
    assert len({p.source for p in profiles.values()}) == 5


def test_pittsfield_checklist_follows_policy_413_in_order(
        profiles: dict[str, PolicyProfile]) -> None:
    """Pittsfield's checklist must show Policy 413's steps in its order, with sections."""
    steps = profiles["pittsfield-413"].steps
    assert [(s.id, s.citation) for s in steps] == [
        ("inform_bail_clerk", "Policy 413 §IV.A.1"),
        ("scan_into_imc", "Policy 413 §IV.A.3(a)"),
        ("copy_for_records", "Policy 413 §IV.A.3(b)"),
        ("original_on_clipboard", "Policy 413 §IV.A.3(c)"),
        ("add_charge", "Policy 413 §IV.A.3(d)"),
        ("update_report", "Policy 413 §IV.A.3(e)"),
        ("submit_to_desk_sergeant", "Policy 413 §IV.A.3(f)"),
        ("notify_ero_if_bailed", "Policy 413 §IV.A.3(g)"),
        ("give_arrestee_copy", "Policy 413 §IV.A.3(h)"),
    ]


def test_pittsfield_ero_notice_is_due_only_when_bailed(
        profiles: dict[str, PolicyProfile]) -> None:
    """ERO must not be told 'no longer in custody' about a person held until court."""
    step = profiles["pittsfield-413"].step("notify_ero_if_bailed")
    assert step.trigger is Trigger.ON_BAIL_DECISION
    assert step.applies_to_bail(BailDecision.MONETARY_BAIL)
    assert step.applies_to_bail(BailDecision.PERSONAL_RECOGNIZANCE)
    assert not step.applies_to_bail(BailDecision.HELD_UNTIL_COURT)


def test_haverhill_charge_is_code_ice(profiles: dict[str, PolicyProfile]) -> None:
    """Haverhill's arrest report must get charge code ICE with the 48-hour text."""
    charge = profiles["haverhill"].charge
    assert charge is not None
    assert charge.code == "ICE"
    assert charge.text == "48 Hour Immigration Detainer (8 CFR 287.7)"


def test_haverhill_presence_call_texts_the_chiefs(profiles: dict[str, PolicyProfile]) -> None:
    """An ICE presence call in Haverhill must prompt a text to Chief, Deputy, Patrol Cmdr."""
    notice = profiles["haverhill"].presence_notice
    assert notice is not None
    assert notice.recipients == ("Chief", "Deputy Chief", "Patrol Commander")
    assert "text" in notice.method.lower()


@pytest.mark.parametrize("profile_id", sorted(SHIPPED_IDS))
def test_hold_permitted_matches_source(profiles: dict[str, PolicyProfile],
                                       profile_id: str) -> None:
    """The board must not offer a detainer-only hold where the source forbids one."""
    profile = profiles[profile_id]
    assert profile.hold_permitted is (profile_id not in NO_HOLD_IDS)
    assert profile.hold_rule.strip() and profile.hold_citation.strip()


@pytest.mark.parametrize("profile_id", sorted(NO_HOLD_IDS))
def test_no_hold_profiles_count_from_release_eligibility(
        profiles: dict[str, PolicyProfile], profile_id: str) -> None:
    """Where holds are forbidden, the clock must run from when release is due, not the fax."""
    profile = profiles[profile_id]
    assert profile.clock.starts_at is ClockStart.RELEASE_ELIGIBLE
    release = profile.step("release_when_eligible")
    assert release.blocking
    assert not release.applies_to_bail(BailDecision.HELD_UNTIL_COURT)
    assert profile.step("give_person_copy").blocking


@pytest.mark.parametrize(("profile_id", "section"),
                         [("ma-welcoming-ordinance", "§2(e)"), ("trust-act", "§2(d)")])
def test_no_hold_profiles_list_what_may_not_be_released(
        profiles: dict[str, PolicyProfile], profile_id: str, section: str) -> None:
    """The desk must see what it may not tell ICE, e.g. a pending release or home address."""
    profile = profiles[profile_id]
    info = profile.information
    assert info is not None
    assert section in info.citation
    for item in ("incarceration status", "length of detention", "home address",
                 "work address", "hearing information", "pending release"):
        assert item in info.not_released
    assert profile.reports.ordinance_six_monthly


@pytest.mark.parametrize("profile_id", sorted(SHIPPED_IDS))
def test_every_step_cites_its_section(profiles: dict[str, PolicyProfile],
                                      profile_id: str) -> None:
    """A checklist step must never appear without the section of the rule behind it."""
    for step in profiles[profile_id].steps:
        assert step.citation.strip(), step.id


@pytest.mark.parametrize("profile_id", sorted(SHIPPED_IDS))
def test_step_ids_are_unique(profiles: dict[str, PolicyProfile], profile_id: str) -> None:
    """Ticking one step must never tick another that shares its id."""
    ids = [s.id for s in profiles[profile_id].steps]
    assert len(ids) == len(set(ids))
