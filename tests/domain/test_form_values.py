"""Parsing the words read off an ICE form into the values a detainer record holds."""

from __future__ import annotations

import pytest

from desk_app.domain import form_values as fv
from desk_app.domain.form_reading import (
    THRESHOLDS,
    TextBox,
    citizenship_beside_birth,
    form_type,
    label_spots,
    labelled_letters,
    labelled_values,
    printed_lines,
    read_labelled,
)


@pytest.mark.parametrize(("text", "value"), [
    ("04/15/1965", "1965-04-15"), ("4/5/1965.", "1965-04-05"), ("04-15-1965", "1965-04-15"),
    ("O4/15/1965", "1965-04-15"), ("09/19/2025'", "2025-09-19")])
def test_dates_read_as_the_record_holds_them(text: str, value: str) -> None:
    parsed = fv.parse_date(text)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize("text", ["02/30/1990", "13/01/1990", "04/15/65", "MEXICO", ""])
def test_what_is_no_date_is_not_read_as_one(text: str) -> None:
    assert fv.parse_date(text) is None


def test_a_letter_read_for_a_digit_lowers_the_confidence() -> None:
    clean, mended = fv.parse_date("04/15/1965"), fv.parse_date("O4/15/1965")
    assert clean is not None and mended is not None
    assert mended[1] < clean[1] == 1.0


@pytest.mark.parametrize(("text", "value"), [
    ("A123456789", "A123456789"), ("A 123 456 789", "A123456789"),
    ("123-456-789", "A123456789"), ("A-12345678", "A012345678"), ("A12345678O", "A123456780")])
def test_a_numbers_in_the_ways_officers_type_them(text: str, value: str) -> None:
    parsed = fv.parse_file_number(text)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize("text", ["A1234567", "A1234567890", "A12345X789", "PERU"])
def test_what_is_no_a_number_is_not_read_as_one(text: str) -> None:
    assert fv.parse_file_number(text) is None


def test_names_phones_sex_and_event_numbers() -> None:
    assert fv.parse_name("MENSAh, mARIA") == ("MENSAH, MARIA", 1.0)
    assert fv.parse_name("DE LA CRUZ , JUAN CARLOS") == ("DE LA CRUZ, JUAN CARLOS", 1.0)
    assert fv.parse_name("MENSAH MARIA") is None  # no comma: family and given unknown
    assert fv.parse_phone(". (781) 359-7500") == ("(781) 359-7500", 1.0)
    assert fv.parse_phone("(781) 359-75") is None
    assert fv.parse_sex("'F") == ("F", 1.0) and fv.parse_sex("Male") == ("M", 1.0)
    assert fv.parse_sex("X") is None
    assert fv.parse_event_number("HAR9079837913") == ("HAR9079837913", 1.0)
    assert fv.parse_event_number("BOS17I2000123") == ("BOS1712000123", 0.85)


def test_a_listed_word_is_taken_when_near_and_refused_between_two() -> None:
    countries = ("PERU", "PARAGUAY", "MEXICO", "GUINEA", "GUYANA")
    assert fv.closest("MEXlCO", countries) is not None
    assert fv.closest("MEXlCO", countries)[0] == "MEXICO"  # type: ignore[index]
    assert fv.closest("PERU", countries) == ("PERU", 1.0)
    assert fv.closest("GUYNEA", countries) is None  # as near GUINEA as GUYANA


def box(text: str, left: float, top: float, width: float = 200, score: float = 0.99,
        slope: float = 0.0) -> TextBox:
    """A text box of height 30 at (left, top), its top edge rising by `slope` per pixel."""
    rise = width * slope
    return TextBox(text, score, ((left, top), (left + width, top + rise),
                                 (left + width, top + rise + 30), (left, top + 30)))


def test_labels_find_their_values_beside_them_or_in_the_same_box() -> None:
    boxes = [box("Subject ID:", 1050, 200), box("127322286", 1225, 202),
             box("Evenit #:", 1050, 250), box("HAR9079837913", 1225, 251),
             box("Name of Alien:", 110, 570), box("MENSAH, MARIA", 336, 568, score=0.95),
             box("Date of Birth:", 110, 624), box("04/15/1965", 302, 624),
             box("Citizenship: PERU", 634, 620), box("Sex: F", 1274, 626)]
    read = read_labelled(boxes)
    assert read["subject_id"].value == "127322286"
    assert read["event_number"].value == "HAR9079837913"
    assert read["subject_name"].value == "MENSAH, MARIA"
    assert read["date_of_birth"].value == "1965-04-15"
    assert read["sex"].value == "F"


def test_a_skewed_page_keeps_each_value_on_its_own_line() -> None:
    # Two degrees of skew: across 1,200 pixels the line drops 42 pixels, nearly the
    # distance to the next line; the values must still pair with their own labels.
    slope = 0.035
    boxes = [box("Name of Alien:", 110, 570, slope=slope),
             box("MENSAH, MARIA", 336, 570 + 226 * slope, slope=slope),
             box("Date of Birth:", 110, 625, slope=slope),
             box("04/15/1965", 302, 625 + 192 * slope, slope=slope),
             box("Sex: F", 1274, 625 + 1164 * slope, slope=slope)]
    read = read_labelled(boxes)
    assert read["subject_name"].value == "MENSAH, MARIA"
    assert read["sex"].value == "F"


def test_an_unsure_reading_is_left_empty_with_its_confidence() -> None:
    read = read_labelled([box("Name of Alien:", 110, 570),
                          box("MENSAH, MARlA", 336, 570, score=0.55)])
    assert read["subject_name"].value is None
    assert read["subject_name"].confidence == pytest.approx(0.55)
    assert read["subject_name"].candidate == "MENSAH, MARLA"


def test_the_form_is_known_by_its_title() -> None:
    titles = {"I-247A": ["NOTICE OF ACTION"], "I-247D": ["REQUEST FOR VOLUNTARY ACTION"],
              "I-200": ["WARRANT FOR ARREST OF ALIEN"]}
    assert form_type([box("IMMIGRATION DETAINER - NOTICE OF ACTION", 500, 130)],
                     titles)[0] == "I-247A"
    assert form_type([box("WARRANT FOR ARREST OF ALIEN", 500, 130)], titles)[0] == "I-200"
    assert form_type([box("FAX COVER SHEET", 500, 130)], titles) == (None, 0.0)


def test_labels_are_found_through_the_recognisers_slips() -> None:
    boxes = [box("Flle. No:", 1050, 300), box("535-231-568", 1225, 300),
             box("Narme of Allen:", 110, 570), box("GARCIA. EMMANUEL", 336, 568),
             box("Dato of Blrth:", 110, 624), box("02/14/1999", 302, 624),
             box("Sox: M", 1274, 626)]
    read = read_labelled(boxes)
    assert read["file_number"].value == "A535231568"
    assert read["subject_name"].candidate == "GARCIA, EMMANUEL"  # a dot for the comma
    assert read["date_of_birth"].value == "1999-02-14"
    assert read["sex"].value == "M"


def test_a_title_read_with_a_slip_still_names_its_form_less_surely() -> None:
    titles = {"I-247A": ["NOTICE OF ACTION"], "I-247D": ["REQUEST FOR VOLUNTARY ACTION"],
              "I-247X": ["REQUEST FOR VOLUNTARY TRANSFER"]}
    form, sure = form_type([box(" ImmIGratIon detainer - notice of.actlon", 450, 125,
                                score=0.77)], titles)
    assert form == "I-247A" and 0.6 < sure < 0.77
    assert form_type([box("REQUEST FOR VOLUNTARY TRANSFER", 500, 130)], titles)[0] == "I-247X"
    assert form_type([box("DEPARTMENT OF HOMELAND SECURITY", 500, 90)], titles) == (None, 0.0)


def test_labels_read_badly_at_standard_resolution_are_still_labels() -> None:
    boxes = [box(" Subject 1D:", 1016, 196), box("190808714", 1192, 190),
             box("Evant #:", 1052, 253), box("HAR2234131793", 1222, 249),
             box("Narne of Allen:", 121, 548), box("AlVEs RaMirez, FErNANDO", 342, 552),
             box("Data.of Blrth: 04/15/2001", 119, 603),
             box("Chtizenshlp:. RUSSIA", 634, 600)]
    assert "citizenship" in labelled_values(printed_lines(boxes, 0.0), 0.0)
    read = read_labelled(boxes)
    assert read["subject_id"].value == "190808714"
    assert read["event_number"].value == "HAR2234131793"
    assert read["subject_name"].value == "ALVES RAMIREZ, FERNANDO"
    assert read["date_of_birth"].value == "2001-04-15"


def test_names_whose_space_was_lost_or_read_as_a_dot() -> None:
    assert fv.parse_name("Oliveira.TraN, JosUe") == ("OLIVEIRA TRAN, JOSUE", 0.9)
    value, fit = fv.parse_name("MARTINEZKOWALSKI,KWAME") or ("", 1.0)
    assert value == "MARTINEZKOWALSKI, KWAME" and fit * 0.95 < 0.60  # left empty


def test_each_label_says_where_its_value_should_be() -> None:
    """The second look reads the strip right of a label, up to the next label."""
    boxes = [box("Subject ID:", 1050, 200, width=150),
             box("Date of Birth: 04/15/1965  Citizenship:", 110, 624, width=600),
             box("Sex:", 1274, 626, width=60)]
    spots = label_spots(printed_lines(boxes, 0.0), 0.0)
    assert spots["subject_id"].end == pytest.approx((1200, 215))
    assert spots["subject_id"].room is None  # nothing after it on its line
    birth = spots["date_of_birth"]
    assert 110 < birth.end[0] < 400 and birth.room is not None
    assert birth.end[0] + birth.room < spots["citizenship"].end[0]
    assert spots["sex"].end == pytest.approx((1334, 641))


def test_a_listed_word_is_known_through_look_alike_glyphs() -> None:
    offices = ("Newark Field Office", "New York City Field Office", "Hartford Sub-Office",
               "Boston Field Office")
    assert fv.look_alike("Newark Fleld.Oflce") == "NEWARK FIEID OFICE"
    newark = fv.closest("Newark Fleld.Oflce", offices)
    assert newark is not None and newark[0] == "Newark Field Office" and newark[1] > 0.9
    assert fv.closest("Hartf0rd Sub-0ffice", offices) == ("Hartford Sub-Office", 0.97)
    assert fv.closest("EL SALVAD0R", ("EL SALVADOR", "ECUADOR")) == ("EL SALVADOR", 0.97)
    assert fv.closest("Pittsfield Police Department", offices) is None


def test_the_name_label_is_found_with_its_vowel_misread() -> None:
    boxes = [box("Name of Allon:", 115, 557), box("FIGUEROA. JOAO", 334, 557, score=0.949)]
    assert read_labelled(boxes)["subject_name"].candidate == "FIGUEROA, JOAO"


def test_each_field_keeps_the_scores_of_its_own_letters() -> None:
    """The recogniser's score of each character, kept for the letters of the value alone
    (not the label's in the same box)."""
    same_box = TextBox("Sex: F", 0.9, ((1274, 626), (1334, 626), (1334, 656), (1274, 656)),
                       (0.99, 0.98, 0.97, 0.9, 0.5, 0.41))
    name = TextBox("SILVA ALL, PAULO", 0.72, ((336, 570), (536, 570), (536, 600), (336, 600)),
                   tuple(0.9 if n != 8 else 0.3 for n in range(16)))
    lines = printed_lines([box("Name of Alien:", 110, 570), name, same_box], 0.0)
    letters = labelled_letters(lines, 0.0)
    assert letters["sex"] == (0.41,)
    assert len(letters["subject_name"]) == 13 and min(letters["subject_name"]) == 0.3
    assert read_labelled([box("Name of Alien:", 110, 570), name])["subject_name"].letters \
        == letters["subject_name"]


def test_a_citizenship_whose_label_was_lost_is_found_beside_the_birth_date() -> None:
    countries = ("BANGLADESH", "EL SALVADOR", "PERU", "MEXICO")
    boxes = [box("Date of Birth:", 115, 617), box("09/19/1997", 298, 615, score=1.0),
             box("Cltzenhp: BANGLADESH", 638, 621, score=0.92), box("Sex: M", 1277, 627)]
    lines = printed_lines(boxes, 0.0)
    found = labelled_values(lines, 0.0)
    assert "citizenship" not in found  # the label is past finding
    citizenship = citizenship_beside_birth(*found["date_of_birth"], countries)
    assert citizenship is not None and citizenship.value == "BANGLADESH"
    assert citizenship.confidence == pytest.approx(0.92 * 0.95)
    salvador = citizenship_beside_birth("09/19/1997  Chtlzcnshlp EL SALVAD0R", (), countries)
    assert salvador is not None and salvador.candidate == "EL SALVADOR"


def test_without_its_label_only_a_listed_country_is_a_citizenship() -> None:
    countries = ("BANGLADESH", "PERU")
    assert citizenship_beside_birth("04/15/1965", (), countries) is None
    assert citizenship_beside_birth("04/15/1965  Cltzenhp: NARNIA", (), countries) is None


def test_a_lone_digit_apart_before_a_number_is_too_unsure_to_offer() -> None:
    # A fax speck read as a 5 before the Subject ID: the digits are there, the trust not.
    speck = fv.parse_digits("5  550020334")
    assert speck is not None and speck[1] < THRESHOLDS["subject_id"]
    assert fv.parse_digits("550020334") == ("550020334", 1.0)
    assert fv.parse_digits("5500 20334") == ("550020334", 1.0)  # a gap inside is no speck
