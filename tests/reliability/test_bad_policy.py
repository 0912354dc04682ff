"""Policy profiles edited by hand: a broken file is refused naming the key; a file that
loads is one the desk can run on.

Each example takes a shipped profile and mutates its TOML (values swapped for other
types or extremes, lines deleted, duplicated or cut, keys renamed, junk inserted).
`load_profile` must either refuse with a PolicyFileError that names the file and the
key (or says the TOML is invalid), or return a profile whose clock counts and whose
checklist fits the database's columns.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.errors import PolicyFileError
from desk_app.domain.policy import PolicyProfile, load_profile
from desk_app.resources import policies_dir
from desk_app.store.models import ChecklistStep, Detainer
from tests.reliability.conftest import NOW
from tests.reliability.soak import examples

SOURCES = {path.name: path.read_text("utf-8") for path in sorted(policies_dir().glob("*.toml"))}
LITERALS = ('""', '" "', '"x"', "0", "-1", "48", "48.5", "1e308", "1e-300", "inf", "nan",
            "-inf", "8784", "8785", "true", "false", "2026-03-17", "2026-03-17T10:00:00",
            "[]", '["a"]', "[1, 2]", "{}", '{date = 2026-03-17, name = "x"}',
            '[{date = 2026-03-17, name = "Evacuation Day"}]', '[{date = 1, name = 2}]',
            '"' + "x" * 400 + '"', '"America/Nowhere"', '"../../etc/passwd"', '"receipt"',
            '"release_eligible"', '"on_bail_decision"', '"desk officer"', '"XX"', '"ZZ"',
            '"DE"', '"\\u0000"', '"monetary bail"', '["monetary bail", "nonsense"]',
            '"ero_notice"', '"=HYPERLINK(\\"x\\")"', "'''multi\nline'''")
KEYS = ("id", "title", "hours", "starts_at", "timezone", "exclude_weekends", "steps",
        "holiday_country", "holiday_subdivision", "extra_closures", "when_bail",
        "records", "trigger", "duty", "blocking", "citation", "text", "notify", "colour")


NUMBERS = ("0", "-1", "1e308", "1e-300", "inf", "nan", "8785", "1e6", '"48"', "true")
TEXTS = ('""', '"' + "x" * 400 + '"', '"' + "y" * 90 + '"', '"nonsense"', "1", "[]",
         '"\u0000"', '"ZZ"', '"America/Nowhere"')


def replacement(draw: st.DrawFn, value: str) -> str:
    """Another value: often an extreme of the same kind, otherwise anything."""
    if draw(st.booleans()):
        return draw(st.sampled_from(LITERALS))
    same_kind = NUMBERS if value[:1].isdigit() or value[:1] == "-" else TEXTS
    return draw(st.sampled_from(same_kind))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, TOML text) of a shipped profile after a few random edits."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[name].splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        keyed = [i for i, line in enumerate(lines) if " = " in line]
        edit = draw(st.sampled_from(["value", "value", "value", "delete", "duplicate",
                                     "rename", "insert", "cut"]))
        if edit in ("value", "rename") and keyed:
            keys = sorted({lines[i].partition(" = ")[0] for i in keyed})
            chosen = draw(st.sampled_from(keys))  # every key equally, not every line
            at = draw(st.sampled_from([i for i in keyed
                                       if lines[i].partition(" = ")[0] == chosen]))
        else:
            at = draw(st.integers(0, len(lines) - 1))
        key, eq, _value = lines[at].partition(" = ")
        if edit == "value" and eq:
            lines[at] = f"{key} = {replacement(draw, _value)}"
        elif edit == "delete":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "rename" and eq:
            lines[at] = f"{draw(st.sampled_from(KEYS))} = {_value}"
        elif edit == "insert":
            lines.insert(at, draw(st.text(max_size=30)))
        elif edit == "cut":
            lines = lines[:at]
    return name, "\n".join(lines) + "\n"


def usable(profile: PolicyProfile) -> None:
    """The desk can count with it and store its checklist (on either database)."""
    clock = profile.clock.build()
    expiry = clock.expiry(NOW)
    assert expiry >= NOW
    clock.time_left(NOW, NOW + timedelta(days=3))
    clock.excluded_days(NOW, expiry)
    columns = ChecklistStep.__table__.c
    for step in profile.steps:
        assert len(step.id) <= columns.step_id.type.length, step.id
        assert len(step.text) <= columns.text.type.length, "step text longer than its column"
        assert len(step.citation) <= columns.citation.type.length, step.citation
        assert len(",".join(d.value for d in step.when_bail)) <= columns.when_bail.type.length
    assert len(profile.id) <= Detainer.__table__.c.profile_id.type.length


@given(source=mutated())
@examples(400, 5000)
def test_edited_profile_is_refused_by_key_or_runs(tmp_path: Path,
                                                  source: tuple[str, str]) -> None:
    """A typo in a profile would crash the desk at start-up, or later on the board."""
    name, text = source
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        profile = load_profile(path)
    except PolicyFileError as refused:
        message = str(refused)
        assert message.startswith(f"{name}: "), message
        assert "key '" in message or "not valid TOML" in message, message
        return
    usable(profile)


def test_profile_that_is_not_text_is_refused(tmp_path: Path) -> None:
    """A profile saved as UTF-16 or binary would crash instead of being named."""
    path = tmp_path / "westborough.toml"
    for content in (SOURCES["westborough.toml"].encode("utf-16"), b"\xff\xfe\x00junk",
                    b"", b"\x00" * 10):
        path.write_bytes(content)
        try:
            load_profile(path)
        except PolicyFileError as refused:
            assert str(refused).startswith("westborough.toml: ")


def test_extreme_values_are_refused_by_key(tmp_path: Path) -> None:
    """A clock of 1e308 hours or a 400-character step would crash the board or the
    save on PostgreSQL, long after the profile was accepted."""
    cases = {"hours = 48": ["hours = 1e308", "hours = 1e6", "hours = inf", "hours = nan",
                            "hours = 0", "hours = -1"],
             'text = "Inform the bail clerk of the ICE detainer on arrival"':
                 ['text = "' + "x" * 301 + '"'],
             'citation = "Policy 413 §IV.A.1"': ['citation = "' + "c" * 201 + '"'],
             'id = "inform_bail_clerk"': ['id = "' + "i" * 81 + '"']}
    source = SOURCES["pittsfield-413.toml"]
    for original, replacements in cases.items():
        assert original in source
        for changed in replacements:
            path = tmp_path / "pittsfield-413.toml"
            path.write_text(source.replace(original, changed, 1), encoding="utf-8")
            try:
                profile = load_profile(path)
            except PolicyFileError as refused:
                assert "key '" in str(refused), refused
                continue
            usable(profile)
