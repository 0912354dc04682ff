"""The shipped policy profiles: one per source, each faithful to its source's wording."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import DEFAULT_PROFILE_ID, load_all
from desk_app.domain.vocabulary import BailDecision, ClockStart, LawLevel, Matter, Trigger
from desk_app.resources import policies_dir

SHIPPED_IDS = {"pittsfield-413", "haverhill", "westborough", "ma-welcoming-ordinance",
               "trust-act"}
NO_HOLD_IDS = {"ma-welcoming-ordinance", "trust-act"}
AFTER_LUNN = date(2026, 12, 1)


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
def test_no_massachusetts_profile_permits_a_hold_on_a_detainer_alone(
        profiles: dict[str, PolicyProfile], profile_id: str) -> None:
    """Since Lunn (2017) no Massachusetts desk may be told it may hold on a detainer alone."""
    profile = profiles[profile_id]
    assert [layer.id for layer in profile.layers][:2] == ["federal", "massachusetts"]
    ruling = profile.hold(AFTER_LUNN)
    assert not ruling.permits
    assert ruling.decided_by.authority == "Lunn v. Commonwealth (2017)"
    assert ruling.decided_by.level is LawLevel.STATE


@pytest.mark.parametrize(("profile_id", "sentence"), [
    ("pittsfield-413", "Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017): "
                       "no hold on a detainer alone"),
    ("haverhill", "Haverhill §IV.A ¶2, ¶7 is superseded by Lunn v. Commonwealth (2017): "
                  "no hold on a detainer alone")])
def test_department_hold_is_shown_superseded(profiles: dict[str, PolicyProfile],
                                             profile_id: str, sentence: str) -> None:
    """A supervisor reading the profile must see which policy paragraph the law overrides."""
    ruling = profiles[profile_id].hold(AFTER_LUNN)
    assert ruling.supersessions == (sentence,)
    assert sentence in ruling.explanation()


def test_westborough_claims_no_hold_its_summary_does_not_state(
        profiles: dict[str, PolicyProfile]) -> None:
    """Westborough's summary says nothing about holding: the profile must not invent it."""
    profile = profiles["westborough"]
    assert not [r for r in profile.policy if r.matter is Matter.HOLD_ON_DETAINER]
    assert profile.hold(AFTER_LUNN).overridden == ()


def test_a_detainer_keeps_the_rules_of_the_day_it_was_received(
        profiles: dict[str, PolicyProfile]) -> None:
    """A change in law applies from its start date; earlier detainers keep earlier rules."""
    profile = profiles["pittsfield-413"]
    before = profile.hold(date(2017, 5, 1))
    assert before.permits and before.citation == "Policy 413 §IV.A.2"
    assert not profile.hold(date(2017, 7, 24)).permits
    assert profile.hold(date(2017, 7, 23)).permits


@pytest.mark.parametrize(("profile_id", "citation"), [
    ("ma-welcoming-ordinance", "Ordinance §2(e)"), ("trust-act", "Trust Act §2(d)")])
def test_local_layers_forbid_telling_ice_of_a_release(
        profiles: dict[str, PolicyProfile], profile_id: str, citation: str) -> None:
    """Where the ordinance or trust act applies, the desk must not tell ICE of a release."""
    ruling = profiles[profile_id].forbids(Matter.TELL_ICE_OF_RELEASE, AFTER_LUNN)
    assert ruling is not None and ruling.citation == citation


def test_pittsfield_may_tell_ero_of_a_bail(profiles: dict[str, PolicyProfile]) -> None:
    """Policy 413 §IV.A.3(g)'s notice stays offered where no layer forbids it."""
    profile = profiles["pittsfield-413"]
    assert profile.forbids(Matter.TELL_ICE_OF_RELEASE, AFTER_LUNN) is None
    step = profile.step("notify_ero_if_bailed")
    assert step.act is Matter.TELL_ICE_OF_RELEASE
    assert profile.withheld(step, AFTER_LUNN) is None


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


def test_pittsfield_borrows_no_charge_from_haverhill(
        profiles: dict[str, PolicyProfile]) -> None:
    """Policy 413 gives no charge code or text: Haverhill's must not appear under its name."""
    assert profiles["pittsfield-413"].charge is None
    assert profiles["pittsfield-413"].step("add_charge").citation == "Policy 413 §IV.A.3(d)"
