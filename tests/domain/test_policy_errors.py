"""A broken profile file is refused with its file name, the key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.errors import PolicyFileError
from desk_app.domain.policy import load_profile
from desk_app.domain.vocabulary import Trigger

VALID = """\
id = "test-profile"
title = "Test profile"
source = "test.txt"
municipality = "Testville"
hold_permitted = true

[[policy]]
matter = "hold_on_detainer"
permits = true
authority = "Test §1"
citation = "Test §1"
text = "Held until court is next in session"
effective = 2017-01-01

[clock]
hours = 48
starts_at = "receipt"
timezone = "America/New_York"
exclude_weekends = true
exclude_holidays = true
holiday_country = "US"
holiday_subdivision = "MA"
extra_closures = [{date = 2026-03-17, name = "Evacuation Day"}]
citation = "Test §2"

[[steps]]
id = "inform_bail_clerk"
text = "Inform the bail clerk"
duty = "desk officer"
trigger = "on_receipt"
blocking = true
citation = "Test §3"

[[steps]]
id = "notify_ero"
text = "Notify ERO if bailed"
duty = "shift supervisor"
trigger = "on_bail_decision"
when_bail = ["monetary bail"]
blocking = true
citation = "Test §4"

[ice_presence]
notify = ["Chief"]
method = "Text"
citation = "Test §5"

[ice_operations]
citation = "Test §7"
officer_safety_exception = true

[reports]
quarterly_tracking = true
ordinance_six_monthly = false
citation = "Test §6"
"""


def write(tmp_path: Path, text: str, name: str = "broken-profile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(PolicyFileError) as caught:
        load_profile(write(tmp_path, text))
    message = str(caught.value)
    assert "broken-profile.toml" in message
    return message


def test_valid_base_loads(tmp_path: Path) -> None:
    """The base of these tests must itself load, or every test below proves nothing."""
    profile = load_profile(write(tmp_path, VALID))
    assert [s.id for s in profile.steps] == ["inform_bail_clerk", "notify_ero"]


def test_unknown_key_is_named(tmp_path: Path) -> None:
    """A misspelt key must be refused by name, not silently ignored."""
    message = error_for(tmp_path, edit('blocking = true\ncitation = "Test §3"',
                                       'blocking = true\nblockng = false\ncitation = "Test §3"'))
    assert "steps[0].blockng" in message
    assert "not a known key" in message


def test_bad_enum_lists_allowed_values(tmp_path: Path) -> None:
    """A wrong trigger must show every trigger the file may use."""
    message = error_for(tmp_path, edit('trigger = "on_receipt"', 'trigger = "on_arrival"'))
    assert "steps[0].trigger" in message
    assert '"on_arrival"' in message
    for trigger in Trigger:
        assert f'"{trigger.value}"' in message


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    """A policy rule without its citation must be refused, naming the key."""
    message = error_for(tmp_path, edit('citation = "Test §1"\n', ""))
    assert "'policy[0].citation'" in message
    assert "missing" in message


def test_hold_claim_forbidden_by_the_state_layer_is_refused(tmp_path: Path) -> None:
    """A Massachusetts profile claiming a detainer-only hold would advise an unlawful hold."""
    message = error_for(tmp_path, edit("hold_permitted = true\n",
                                       'state = "massachusetts"\nhold_permitted = true\n'))
    assert "'hold_permitted'" in message
    assert "Lunn v. Commonwealth" in message


def test_unknown_state_layer_lists_the_installed_ones(tmp_path: Path) -> None:
    """A misspelt state layer must be refused by key, listing the layers there are."""
    message = error_for(tmp_path, edit("hold_permitted = true\n", 'state = "masachusets"\n'))
    assert "'state'" in message
    assert "massachusetts" in message


def test_layer_of_the_wrong_level_is_refused(tmp_path: Path) -> None:
    """A local ordinance named as the state layer would put its rules at the wrong rank."""
    message = error_for(tmp_path, edit("hold_permitted = true\n", 'state = "trust-act"\n'))
    assert "'state'" in message
    assert "local" in message


def test_wrong_type_is_named(tmp_path: Path) -> None:
    """Hours written as text must be refused, saying a number is needed."""
    message = error_for(tmp_path, edit("hours = 48", 'hours = "48"'))
    assert "clock.hours" in message
    assert "number" in message


@pytest.mark.parametrize("hours", ["0", "-1", "nan", "inf"])
def test_hours_must_be_a_finite_positive_number(tmp_path: Path, hours: str) -> None:
    """A clock of zero, negative, nan or infinite hours must be refused at load, not later."""
    message = error_for(tmp_path, edit("hours = 48", f"hours = {hours}"))
    assert "clock.hours" in message


def test_bad_timezone_is_named(tmp_path: Path) -> None:
    """A misspelt time zone must be refused with an example of a good one."""
    message = error_for(tmp_path, edit('"America/New_York"', '"America/Pittsfield"'))
    assert "clock.timezone" in message
    assert '"America/Pittsfield"' in message


def test_unknown_holiday_subdivision_is_named(tmp_path: Path) -> None:
    """A wrong state code must be refused rather than silently counting no state holidays."""
    message = error_for(tmp_path, edit('holiday_subdivision = "MA"',
                                       'holiday_subdivision = "XX"'))
    assert "clock.holiday_subdivision" in message
    assert "US/XX" in message


def test_empty_holiday_subdivision_is_refused(tmp_path: Path) -> None:
    """An empty state code must not silently drop Massachusetts holidays from the count."""
    message = error_for(tmp_path, edit('holiday_subdivision = "MA"', 'holiday_subdivision = ""'))
    assert "clock.holiday_subdivision" in message


def test_unknown_holiday_country_names_the_country(tmp_path: Path) -> None:
    """A wrong country code must point at holiday_country, not at the subdivision."""
    message = error_for(tmp_path, edit('holiday_country = "US"', 'holiday_country = "ZZ"'))
    assert "clock.holiday_country" in message


def test_closure_with_a_time_is_refused(tmp_path: Path) -> None:
    """A closure written with a time must be refused, since it would never match a day."""
    message = error_for(tmp_path, edit("date = 2026-03-17,", "date = 2026-03-17T00:00:00,"))
    assert "clock.extra_closures[0].date" in message


def test_duplicate_step_id_is_named(tmp_path: Path) -> None:
    """Two steps with one id must be refused, naming the id used twice."""
    message = error_for(tmp_path, edit('id = "notify_ero"', 'id = "inform_bail_clerk"'))
    assert "steps[1].id" in message
    assert '"inform_bail_clerk"' in message


def test_step_that_is_not_a_table_is_named(tmp_path: Path) -> None:
    """A step written as plain text must be refused as such, not as a missing id."""
    start, end = VALID.index("[[steps]]"), VALID.index("[ice_presence]")
    text = 'steps = ["Inform the bail clerk"]\n' + VALID[:start] + VALID[end:]
    message = error_for(tmp_path, text)
    assert "steps[0]" in message
    assert "table" in message


def test_empty_notify_list_is_refused(tmp_path: Path) -> None:
    """An ICE presence notice that tells nobody must be refused."""
    message = error_for(tmp_path, edit('notify = ["Chief"]', "notify = []"))
    assert "ice_presence.notify" in message


def test_invalid_toml_names_the_line_and_key(tmp_path: Path) -> None:
    """A missing quote must be reported with the line, so the user sees which key to fix."""
    message = error_for(tmp_path, edit('title = "Test profile"', 'title = Test profile"'))
    assert "not valid TOML" in message
    assert "line 2" in message
    assert "title" in message
