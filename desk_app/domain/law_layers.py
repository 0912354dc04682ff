"""The layers of law above a department's policy, and how they resolve to one answer.

Federal (8 CFR 287.7), state (Massachusetts: Lunn), local (a Welcoming Community
ordinance or a Trust Act) and the department's own written policy each answer some of
the desk's questions: may a person be held on a detainer alone? may ICE be told of a
pending release? Each answer is a rule with its citation and the day it took effect, kept
in a file under `desk_app/resources/policies/layers/` (the department's answers are in its
profile). Resolving gives one answer per question on a given day: a prohibition in force
in any layer wins over a permission from a lower layer, and the answer names the rules it
overrode, so every screen can say why ("Policy 413 §IV.A.2 is superseded by Lunn v.
Commonwealth (2017): no hold on a detainer alone"). A detainer keeps the answers in force
on the day it was received.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desk_app.domain.errors import PolicyFileError
from desk_app.domain.toml_reader import TableReader, read_toml
from desk_app.domain.vocabulary import LawLevel, Matter

LEVEL_NAMES = {"federal": LawLevel.FEDERAL, "state": LawLevel.STATE, "local": LawLevel.LOCAL}
LEVEL_WORDS = {LawLevel.FEDERAL: "federal", LawLevel.STATE: "state",
               LawLevel.LOCAL: "local", LawLevel.DEPARTMENT: "department"}
RULE_KEYS = ("matter", "permits", "text", "citation", "authority", "effective", "until")


@dataclass(frozen=True)
class LawRule:
    """One layer's answer to one question, with its citation and when it is in force.

    `effective` None: a template (an ordinance, a Trust Act, a department policy) whose
    adoption date the files do not state; it is in force for every detainer the profile
    handles.
    """

    matter: Matter
    permits: bool
    text: str
    citation: str
    authority: str
    level: LawLevel
    layer: str
    effective: date | None
    until: date | None = None

    def in_force(self, day: date) -> bool:
        """Whether the rule applied to a detainer received on `day`."""
        started = self.effective is None or self.effective <= day
        return started and (self.until is None or day < self.until)

    @property
    def level_word(self) -> str:
        """federal, state, local or department."""
        return LEVEL_WORDS[self.level]

    @property
    def effective_words(self) -> str:
        """When the rule took effect, in words for the profile view and printed pages."""
        start = (self.effective.isoformat() if self.effective
                 else "adoption (date not stated in the source)")
        return f"from {start}" + (f" until {self.until.isoformat()}" if self.until else "")


@dataclass(frozen=True)
class LawLayer:
    """One file of rules: the federal regulation, a state's law, a local ordinance."""

    id: str
    level: LawLevel
    title: str
    source: str
    rules: tuple[LawRule, ...]


@dataclass(frozen=True)
class Ruling:
    """The effective answer to one question on one day, and the rules it overrode."""

    matter: Matter
    permits: bool
    decided_by: LawRule
    overridden: tuple[LawRule, ...]

    @property
    def citation(self) -> str:
        """The citation of the rule that decided."""
        return self.decided_by.citation

    @property
    def supersessions(self) -> tuple[str, ...]:
        """One sentence per lower rule the decision overrode, naming both."""
        return tuple(f"{r.citation} is superseded by {self.decided_by.authority}: "
                     f"{self.matter.refusal}" for r in self.overridden)

    def explanation(self) -> str:
        """The rule and why it holds, for the board, the copy and the handoff sheet."""
        text = f"{self.decided_by.text} ({self.decided_by.citation})"
        if self.overridden:
            text += ". " + "; ".join(self.supersessions)
        return text


def resolve(rules: Iterable[LawRule], matter: Matter, day: date) -> Ruling | None:
    """The answer in force on `day`: a prohibition wins over any lower permission.

    Among prohibitions the highest layer decides; with none, the most specific
    (lowest) permission decides. None when no layer speaks to `matter`.
    """
    speaking = [r for r in rules if r.matter is matter and r.in_force(day)]
    forbidding = [r for r in speaking if not r.permits]
    if forbidding:
        decided = max(forbidding, key=lambda r: r.level)
        overridden = tuple(r for r in speaking if r.permits and r.level < decided.level)
        return Ruling(matter, False, decided, overridden)
    if not speaking:
        return None
    return Ruling(matter, True, min(speaking, key=lambda r: r.level), ())


def read_rules(tables: list[object], reader: TableReader, key: str, level: LawLevel,
               layer: str) -> tuple[LawRule, ...]:
    """The `[[rules]]` (or a profile's `[[policy]]`) entries of one file."""
    rules = []
    for i, item in enumerate(tables):
        if not isinstance(item, dict):
            raise reader.fail(f"{key}[{i}]", f"must be a table; write each rule as [[{key}]]")
        r = TableReader(reader.path, item, f"{reader.prefix}{key}[{i}].")
        r.only(RULE_KEYS)
        effective = r.day("effective", required=False)
        until = r.day("until", required=False)
        if effective and until and until <= effective:
            raise r.fail("until", "must be after the effective date")
        rules.append(LawRule(
            matter=r.choice("matter", Matter), permits=r.get("permits", bool),
            text=r.get("text", str, longest=400), citation=r.get("citation", str, longest=200),
            authority=r.get("authority", str, longest=120), level=level, layer=layer,
            effective=effective, until=until))
    return tuple(rules)


def load_layer(folder: Path, layer_id: str, level: LawLevel) -> LawLayer:
    """The layer file `<folder>/<layer_id>.toml`; PolicyFileError naming that file."""
    path = folder / f"{layer_id}.toml"
    top = TableReader(path, read_toml(path))
    top.only(("id", "level", "title", "source", "rules"))
    found = top.get("level", str)
    if LEVEL_NAMES.get(found) is not level:
        raise top.fail("level", f'is "{found}"; this file is named as a '
                                f'{LEVEL_WORDS[level]} layer')
    if top.get("id", str) != layer_id:
        raise top.fail("id", f'must be "{layer_id}", the file\'s name')
    title = top.get("title", str)
    rules = read_rules(top.get("rules", list), top, "rules", level, title)
    return LawLayer(layer_id, level, title, top.get("source", str), rules)


def installed_layers(folder: Path) -> list[str]:
    """The ids of the layer files in `folder`, for an error that lists them."""
    return sorted(p.stem for p in folder.glob("*.toml"))


def find_layer(folder: Path, layer_id: str, level: LawLevel, named_by: TableReader,
               key: str) -> LawLayer:
    """The layer a profile names, or an error on the profile's key listing what exists."""
    if not (folder / f"{layer_id}.toml").is_file() or "/" in layer_id or "\\" in layer_id:
        known = ", ".join(installed_layers(folder)) or "none"
        raise named_by.fail(key, f'"{layer_id}" is not an installed layer; installed: {known}')
    try:
        return load_layer(folder, layer_id, level)
    except PolicyFileError as exc:
        raise named_by.fail(key, f'names the layer "{layer_id}", which is refused: '
                                 f"{exc}") from None
