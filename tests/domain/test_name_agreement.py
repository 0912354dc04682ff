"""The subject's name is offered only when two readings of it spell it the same."""

from __future__ import annotations

import itertools

import pytest

from bench.fax_forms import FAMILY, GIVEN
from desk_app.domain import form_values as fv
from desk_app.domain.form_reading import THRESHOLDS, FieldReading
from desk_app.domain.name_agreement import agreed, doubtful, needs_second_reading


def reading(raw: str, score: float, letters: tuple[float, ...] = ()) -> FieldReading:
    """The name as the reader scores the words `raw` read with the recogniser's `score`."""
    parsed = fv.parse_name(raw)
    assert parsed is not None, raw
    value, fit = parsed
    confidence = round(score * fit, 3)
    return FieldReading(value if confidence >= THRESHOLDS["subject_name"] else None,
                        confidence, raw, candidate=value, letters=letters)


def test_a_name_read_surely_and_cleanly_is_not_read_again() -> None:
    assert not needs_second_reading(reading("GARCIA, ANA", 0.97))
    assert needs_second_reading(reading("SILVA ALL, PAULO", 0.72))  # offered, not sure
    assert needs_second_reading(reading("AGUILAR, WIlSON", 0.97))  # an l among capitals
    assert needs_second_reading(reading("GARCIA, ANA", 0.97, letters=(0.99, 0.3, 0.99)))
    assert needs_second_reading(None)


def test_two_readings_that_spell_the_name_differently_leave_it_empty() -> None:
    """The defect measured at standard resolution: "SILVA ALL" read for "SILVA ALI" with a
    score of 0.72, above the name's threshold."""
    first = reading("SILVA ALL, PAULO", 0.72)
    assert first.value == "SILVA ALL, PAULO"  # alone, it would have been offered
    name = agreed([first, reading("SILVA ALI. PAULO", 0.8)])
    assert name.value is None
    assert name.candidate == "SILVA ALL, PAULO"
    assert name.confidence == pytest.approx(0.36)
    assert name.confidence < THRESHOLDS["subject_name"]


def test_two_readings_that_agree_offer_the_name_even_one_below_the_threshold() -> None:
    first = reading("TORRES.JOSUE..", 0.734)  # a dot for the comma: 0.587, not offered
    assert first.value is None
    name = agreed([first, reading("TORRES, JOSUE", 0.81), reading("TORRES, JOSUE:", 0.77)])
    assert name.value == "TORRES, JOSUE"
    assert name.confidence == pytest.approx(0.81)


def test_a_lone_reading_is_never_offered_below_the_sure_mark() -> None:
    name = agreed([reading("MONTOYA, MIGUEL", 0.81)])
    assert name.value is None and name.candidate == "MONTOYA, MIGUEL"


def test_a_doubtful_glyph_is_settled_by_a_reading_with_a_capital_there() -> None:
    """A lowercase l among capitals is an upright bar: an I, or an L whose foot the fax
    lost. A reading with a capital there settles it; one with the other capital, the
    twin of the one offered, leaves the name empty."""
    settled = agreed([reading("AGUILAR, WIlSON", 0.85), reading("AGUILAR,WILSON..", 0.77)])
    assert settled.value == "AGUILAR, WILSON"
    assert agreed([reading("AGUILAR, WIlSON", 0.85), reading("AGUILAR, WILSON", 0.77),
                   reading("AGUILAR, WIISON", 0.7)]).value is None
    assert agreed([reading("CARrnEN, ROSA", 0.9), reading("CARMEN, ROSA", 0.85)]).value == \
        "CARMEN, ROSA"
    assert agreed([reading("CARMEN, ROSA", 0.9), reading("CARRNEN, ROSA", 0.85)]).value is None


def test_a_letter_doubled_or_merged_or_a_space_added_backs_nothing() -> None:
    """Measured at fine resolution: "OLIIVEIRA" read beside "OLIVEIRA", and "CARLO.S"
    (a dot between letters taken for a lost space) beside "CARLOS"; either reading may
    be the slip, so neither backs the other, and only an exact second reading does."""
    assert agreed([reading("GARCIA. EMMANUEL", 0.927), reading("GARCIA.EMANUEL ..", 0.7)]
                  ).value is None
    oliveira = agreed([reading("OLIVEiRA, EDWin", 0.737), reading("OLIVEIRA, EDWIN", 0.68),
                       reading("OLiIVEIRA, EDWIN", 0.709)])
    assert oliveira.value == "OLIVEIRA, EDWIN"
    assert agreed([reading("OLiIVEIRA, EDWIN", 0.709), reading("OLIVEIRA, EDWIN", 0.68)]
                  ).value is None
    carlos = agreed([reading("MARTINEZ, JUAN CARLO.S", 0.9), reading("MARTINEZ, JUAN CARLOS",
                                                                     0.728),
                     reading("MARTINE, JUAN CARLOS", 0.591)])
    assert carlos.value is None and carlos.candidate == "MARTINEZ, JUAN CARLO S"


def test_a_letter_the_recogniser_hardly_read_has_the_name_read_again() -> None:
    weak = reading("LI, WEI", 0.95, letters=(0.95, 0.31, 0.97, 0.96, 0.98))
    assert doubtful(weak) and needs_second_reading(weak)
    assert agreed([weak, reading("LL, WEI", 0.8)]).value is None
    assert agreed([weak, reading("LI, WEI", 0.8)]).value == "LI, WEI"


LOOK_ALIKE = [("I", "L"), ("L", "I"), ("I", "J"), ("O", "D"), ("E", "F"), ("B", "E"), ("M", "N"),
              ("V", "Y"), ("C", "G"), ("U", "V")]


def test_no_misread_name_is_offered_against_a_reading_that_disagrees() -> None:
    """Not tuned to one name: every family and given name of the generator, each
    look-alike letter it holds misread, at the score of the measured defect, against a
    second reading with the printed letter (in either order); and the same name read
    twice alike is offered."""
    tried = 0
    for family, given in itertools.product(FAMILY, GIVEN):
        printed = f"{family}, {given}"
        for right, wrong in LOOK_ALIKE:
            at = printed.find(right)
            if at < 0:
                continue
            misread = printed[:at] + wrong + printed[at + 1:]
            for first, second in ((misread, printed), (printed, misread)):
                assert agreed([reading(first, 0.72), reading(second, 0.72)]).value is None
            tried += 1
        assert agreed([reading(printed, 0.72), reading(printed, 0.7)]).value == printed
    assert tried > 5000


def test_words_that_do_not_parse_as_a_name_still_back_one() -> None:
    """A second reading that lost the comma, or read a "1" for an I, spells the name all
    the same (measured: fine-resolution faxes whose names were left empty for that)."""
    unparsed = FieldReading(None, 0.0, "NOWAK FATIMA")
    assert agreed([reading("NOWAK, FATimA", 0.813), reading("NOWAK,FAMA", 0.606),
                   unparsed]).value == "NOWAK, FATIMA"
    assert agreed([FieldReading(None, 0.0, "TORRES IVANOV. SOF1A"),
                   reading("TORRES IVANOV. SOFIA", 0.83),
                   FieldReading(None, 0.0, "TORES IVANOV SOFIA")]
                  ).value == "TORRES IVANOV, SOFIA"  # "1" an I or an L: it backs either
    assert agreed([reading("SILVA ALL, PAULO", 0.72),
                   FieldReading(None, 0.0, "SILVA ALI PAULO")]).value is None


def test_a_j_read_for_an_i_is_a_look_alike_too() -> None:
    """Measured at standard resolution: "JVANOV, FATIMA" offered for "IVANOV, FATIMA"."""
    assert agreed([reading("JVANOV, FATIMA", 0.76), reading("JVANOV, FATIMA", 0.7),
                   reading("IVANOV, FATIMA", 0.66)]).value is None


def test_a_specks_quote_before_a_name_is_no_part_of_it() -> None:
    assert fv.parse_name('"  CASTiLLO, PIOTR') == ("CASTILLO, PIOTR", 1.0)
    assert fv.parse_name("TORRES.JOSUE..\u00b7") == ("TORRES, JOSUE", 0.8)
