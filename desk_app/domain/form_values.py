"""Turning the text read off an ICE form into the values a detainer record holds.

Each parser takes the words as the OCR read them (with its usual slips: O for 0, l for
1, a stray dot) and returns the value in the record's form with a factor from 0 to 1
saying how well the words fitted, or None when they do not fit at all. The factor
multiplies the OCR's own score: a date that needed a letter read as a digit is less
sure than one read clean.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date

Parsed = tuple[str, float] | None
LONGEST_NAME_WORD = 12  # letters; a longer "word" is most often two names run together

# Letters the recogniser reads for digits in a field that holds only digits.
DIGIT_SLIPS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1",
                             "i": "1", "|": "1", "!": "1", "Z": "2", "z": "2", "S": "5",
                             "s": "5", "B": "8", "G": "6", "b": "6", "T": "7", "g": "9"})


def plain(text: str) -> str:
    """Full-width punctuation and look-alike characters folded to ASCII forms."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "-") \
        .replace("\u2013", "-").replace("\u00b7", ".")


def _digits(text: str) -> tuple[str, int]:
    """The digits of `text` once letters read for digits are mended, and how many were."""
    mended = plain(text).translate(DIGIT_SLIPS)
    slips = sum(1 for a, b in zip(plain(text), mended, strict=True) if a != b)
    return re.sub(r"\D", "", mended), slips


def parse_date(text: str) -> Parsed:
    """A date written MM/DD/YYYY (or with dashes or dots) as YYYY-MM-DD."""
    cleaned = re.sub(r"[^0-9A-Za-z/\-.]", "", plain(text))
    parts = re.split(r"[/\-.]+", cleaned.strip("/-."))
    if len(parts) != 3:
        return None
    numbers = [_digits(p) for p in parts]
    month, day, year = (n[0] for n in numbers)
    slips = sum(n[1] for n in numbers)
    if not (1 <= len(month) <= 2 and 1 <= len(day) <= 2 and len(year) == 4):
        return None
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not 1900 <= value.year <= 2100:
        return None
    return value.isoformat(), 0.85 ** slips


def parse_file_number(text: str) -> Parsed:
    """An A-number ('A123456789', 'A 123 456 789', '123-456-789', 'A-12345678') as 'A' and
    nine digits; eight-digit numbers get a leading zero, as USCIS writes them."""
    body = plain(text).strip(" .:,;")
    body = re.sub(r"^[Aa][\s\-#.:]*", "", body)
    if not body or re.search(r"[^0-9OoDQIl|!ZzSsBGbTg\s\-.]", body):
        return None
    digits, slips = _digits(re.sub(r"[\s\-.]", "", body))
    if len(digits) not in (8, 9):
        return None
    return "A" + digits.rjust(9, "0"), 0.85 ** slips * (0.95 if len(digits) == 8 else 1.0)


def parse_digits(text: str, shortest: int = 6, longest: int = 12) -> Parsed:
    """A number such as the Subject ID: only digits, of a plausible length."""
    body = re.sub(r"[\s.,:;]", "", plain(text))
    digits, slips = _digits(body)
    if len(digits) != len(body) or not shortest <= len(digits) <= longest:
        return None
    # A lone character apart before the number is as likely a speck read as a digit as
    # a digit of it: too unsure to offer (the officer types it).
    apart = 0.5 if re.match(rf"\s*\S\s+\S{{{shortest},}}", plain(text)) else 1.0
    return digits, 0.85 ** slips * apart


def parse_event_number(text: str) -> Parsed:
    """The Event #: three letters of the office and ten digits (e.g. BOS1712000123), or
    whatever letters and digits the office printed, less sure."""
    body = re.sub(r"[\s.,:;]", "", plain(text)).upper()
    match = re.fullmatch(r"([A-Z0-9]{3})([0-9A-Z]{10})", body)
    if match:
        prefix = match.group(1).translate(str.maketrans("0158", "OISB"))
        digits, slips = _digits(match.group(2))
        if prefix.isalpha() and len(digits) == 10:
            return prefix + digits, 0.85 ** slips
    if re.fullmatch(r"[A-Z0-9\-]{6,20}", body):
        return body, 0.6
    return None


def parse_phone(text: str) -> Parsed:
    """A US phone number as '(617) 565-3100'."""
    digits, slips = _digits(re.sub(r"[^\dOolISB]", "", plain(text)))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return None
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}", 0.85 ** slips


def parse_sex(text: str) -> Parsed:
    """'M' or 'F' (also written Male, Female)."""
    word = re.sub(r"[^A-Za-z]", "", plain(text)).upper()
    if word in ("M", "MALE"):
        return "M", 1.0
    if word in ("F", "FEMALE", "E"):
        return "F", 1.0 if word != "E" else 0.7
    return None


def parse_name(text: str) -> Parsed:
    """The subject's name as printed, 'FAMILY, GIVEN': capitals (the recogniser mixes
    the cases of capitals), spaces, hyphens, apostrophes and the one comma; less sure
    where the comma was read as a dot or a space as a dot, and not sure at all of a
    word too long to be one name (two names whose space was lost)."""
    body = re.sub(r"\s+", " ", plain(text))
    body = re.sub(r"^[\W_]+|[\W_]+$", "", body)  # a speck's quote, the rule's dots
    factor = 1.0
    if "," not in body and body.count(".") == 1:
        body, factor = body.replace(".", ","), 0.8
    if re.search(r"[A-Za-z]\.[A-Za-z]", body):
        body, factor = re.sub(r"(?<=[A-Za-z])\.(?=[A-Za-z])", " ", body), factor * 0.9
    body = re.sub(r"\s*,\s*", ", ", body)
    letters = r"[A-Z\u00c0-\u024f'\-]+(?: [A-Z\u00c0-\u024f'\-]+)*"
    if not re.fullmatch(f"{letters}, {letters}", body.upper()):
        return None
    if max(len(word) for word in re.split(r"[ ,\-]+", body)) > LONGEST_NAME_WORD:
        factor *= 0.5
    return body.upper(), factor


# Glyphs a faxed page makes look alike, folded to one before a read word is compared with
# the listed ones: I, J, L, l, 1 and | are one upright bar once the foot, the hook or the
# serifs are lost; O and 0, S and 5, B and 8 differ by a stroke; "rn" run together is an
# "m".
LOOK_ALIKE = str.maketrans({"l": "I", "i": "I", "L": "I", "J": "I", "j": "I", "1": "I",
                            "|": "I", "!": "I", "0": "O", "Q": "O", "5": "S", "8": "B"})


def look_alike(text: str) -> str:
    """`text` with its look-alike glyphs folded and its punctuation read as spaces, to
    compare a read word with a listed one ("Newark Fleld.Oflce", "Newark Field Office")."""
    folded = re.sub(r"[^\w ]", " ", plain(text)).translate(LOOK_ALIKE).replace("rn", "m")
    return re.sub(r"\s+", " ", folded.upper().translate(LOOK_ALIKE)).strip()


def closest(text: str, known: tuple[str, ...], cutoff: float = 0.75) -> Parsed:
    """The known word nearest `text`, with how near it is (1.0: the same; compared both
    as read and with look-alike glyphs folded, which counts a little less)."""
    word = re.sub(r"\s+", " ", plain(text)).strip(" .:;,'").upper()
    if not word:
        return None
    by_upper = {k.upper(): k for k in known}
    if word in by_upper:
        return by_upper[word], 1.0
    squeezed = {k.upper().replace(" ", ""): k for k in known}
    if word.replace(" ", "") in squeezed:
        return squeezed[word.replace(" ", "")], 0.97
    folded = look_alike(word)

    def nearness(known_word: str) -> float:
        alike = look_alike(known_word)
        return max(difflib.SequenceMatcher(None, word, known_word).ratio(),
                   difflib.SequenceMatcher(None, known_word, word).ratio(),
                   0.97 * difflib.SequenceMatcher(None, folded, alike).ratio(),
                   0.97 * difflib.SequenceMatcher(None, alike, folded).ratio())

    ranked = sorted(((nearness(k), k) for k in by_upper), reverse=True)
    ratio, best = ranked[0]
    if ratio < cutoff:
        return None
    if len(ranked) > 1 and ranked[1][0] > ratio - 0.05:
        return None  # two known words equally near: not a reading
    return by_upper[best], ratio
