"""The effective rules of a profile and the board's view of a detainer, as plain values.

`desk-app profile show` and `desk-app board` print these (as text, or as JSON for a
script): what a supervisor checks before trusting the desk, with each rule's layer,
citation and effective date, and what a higher layer overrode.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot, start_words
from desk_app.domain.instants import format_duration
from desk_app.domain.law_layers import LEVEL_WORDS, LawRule, Ruling
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.urgency import Thresholds, assess
from desk_app.domain.vocabulary import Matter


def _rule(rule: LawRule) -> dict[str, Any]:
    return {"layer": rule.level_word, "layer_title": rule.layer, "citation": rule.citation,
            "effective": rule.effective.isoformat() if rule.effective else None,
            "until": rule.until.isoformat() if rule.until else None,
            "permits": rule.permits, "text": rule.text}


def _ruling(ruling: Ruling) -> dict[str, Any]:
    return {"matter": ruling.matter.value, "question": ruling.matter.words,
            "permitted": ruling.permits, "decided_by": _rule(ruling.decided_by),
            "overrides": list(ruling.supersessions)}


def describe_profile(profile: PolicyProfile, day: date) -> dict[str, Any]:
    """Everything `profile show` prints: layers, effective rules on `day`, clock, steps."""
    rulings = [r for m in Matter if (r := profile.ruling(m, day)) is not None]
    return {
        "id": profile.id, "title": profile.title, "source": profile.source,
        "municipality": profile.municipality, "as_of": day.isoformat(),
        "department_policy": bool(profile.policy),
        "layers": [{"id": layer.id, "level": LEVEL_WORDS[layer.level], "title": layer.title,
                    "source": layer.source}
                   for layer in profile.layers],
        "effective_rules": [_ruling(r) for r in rulings],
        "all_rules": [dict(_rule(r), matter=r.matter.value, in_force=r.in_force(day))
                      for r in profile.law_rules],
        "clock": {"hours": profile.clock.hours, "counts_from": profile.clock.starts_at.value,
                  "citation": profile.clock.citation,
                  "never_later_than": f"{profile.clock.hours:g} counted hours after release "
                                      "eligibility (8 CFR 287.7(d))"},
        "steps": [{"id": s.id, "text": s.text, "duty": s.duty.value,
                   "trigger": s.trigger.value, "blocking": s.blocking,
                   "citation": s.citation,
                   "effective": s.effective.isoformat() if s.effective else None,
                   "withheld": (w.explanation() if (w := profile.withheld(s, day)) else None)}
                  for s in profile.steps_on(day)],
    }


def profile_text(view: dict[str, Any]) -> str:
    """The profile view as lines a supervisor reads at a terminal."""
    lines = [f"{view['title']} ({view['id']})", f"Source: {view['source']}",
             f"Rules in force on {view['as_of']}:", ""]
    own = "; department: its own policy" if view["department_policy"] else ""
    lines += ["Layers: " + "; ".join(f"{x['level']}: {x['title']}" for x in view["layers"])
              + own, ""]
    for r in view["effective_rules"]:
        decided = r["decided_by"]
        answer = "permitted" if r["permitted"] else "NOT permitted"
        since = decided["effective"] or "adoption (date not stated)"
        question = r["question"][:1].upper() + r["question"][1:]
        lines.append(f"{question}: {answer} "
                     f"({decided['layer']} layer, {decided['citation']}, from {since})")
        lines += [f"  {line}" for line in r["overrides"]]
    clock = view["clock"]
    lines += ["", f"Clock: {clock['hours']:g} hours counted from {clock['counts_from']} "
                  f"({clock['citation']}); never later than {clock['never_later_than']}", "",
              "Checklist:"]
    for s in view["steps"]:
        state = f"WITHHELD: {s['withheld']}" if s["withheld"] else s["duty"]
        lines.append(f"  {s['id']}: {s['text']} [{s['citation']}] ({state})")
    return "\n".join(lines)


def board_row(d: DetainerSnapshot, profile: PolicyProfile, clock: DetainerClock,
              thresholds: Thresholds, now: datetime) -> dict[str, Any]:
    """One active detainer as the board shows it at `now`."""
    a = assess(d, profile, clock, thresholds, now)
    held = a.held_past_eligibility()
    hold = profile.hold(profile.local_day(d.received_at))
    return {
        "detainer_number": d.detainer_number, "subject_name": d.subject_name,
        "status": a.urgency.label, "custody": d.custody_words,
        "received_at": d.received_at.isoformat(),
        "release_eligible_at": d.release_eligible_at.isoformat()
        if d.release_eligible_at else None,
        "clock_start": a.start.isoformat() if a.start else None,
        "start_governs": start_words(d.clock_start_rule, a.start_rule),
        "expiry": a.expiry.isoformat() if a.expiry else None,
        "left_counted_s": int(a.left.counted.total_seconds()) if a.left else None,
        "left_wall_clock_s": int(a.left.wall.total_seconds()) if a.left else None,
        "held_past_eligibility_s": int(held.total_seconds()) if held is not None else None,
        "hold_permitted": hold.permits, "rule": hold.explanation(), "reason": a.reason,
        "_sort": a.sort_key,
    }


def board_rows(detainers: list[DetainerSnapshot], profile: PolicyProfile,
               clock: DetainerClock, thresholds: Thresholds,
               now: datetime) -> list[dict[str, Any]]:
    """Every active detainer in the board's order: release due first, then least left."""
    rows = [board_row(d, profile, clock, thresholds, now) for d in detainers if d.is_active]
    rows.sort(key=lambda r: r.pop("_sort"))
    return rows


def board_text(rows: list[dict[str, Any]]) -> str:
    """The board as lines: status, time left (both kinds) or time held past release."""
    if not rows:
        return "No detainer is active."
    lines = []
    for r in rows:
        if r["held_past_eligibility_s"] is not None:
            left = f"held {_span(r['held_past_eligibility_s'])} past release"
        elif r["left_wall_clock_s"] is None:
            left = "clock not started"
        else:
            left = (f"left {_span(r['left_wall_clock_s'])} (wall clock), "
                    f"{_span(r['left_counted_s'])} counted")
        lines.append(f"{r['status']:<18} {r['detainer_number']}  {r['subject_name']}  "
                     f"{left}; expires {r['expiry'] or '-'} (from {r['start_governs']}); "
                     f"hold on detainer alone: "
                     f"{'permitted' if r['hold_permitted'] else 'not permitted'}")
    return "\n".join(lines)


def _span(seconds: int) -> str:
    return format_duration(timedelta(seconds=seconds))

