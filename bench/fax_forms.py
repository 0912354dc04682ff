"""Realistic faxed ICE detainers made from known values, to measure the form reader.

`make_values(rng)` draws the fields of one detainer (names, dates, A-number, office...);
`render_form(values)` lays out Form I-247A (or the older I-247D/N/X, or an I-200/I-205
warrant) as DHS publishes it, with reportlab, followed by the detainee notice page;
`fax_pages(pdf, resolution, rng)` degrades the pages as a fax machine does: 204x196
("fine") or 204x98 ("standard") dots per inch, 1 bit, a skew of up to 2 degrees, speckle,
and the sending machine's header line. `write_fax` saves the result as the multi-page
CCITT G4 TIFF a fax server writes (or as a PDF of the images).

Used by `bench/intake_bench.py` (200 faxes and more) and by the tests (a handful).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageFilter

FINE = (204, 196)
STANDARD = (204, 98)

FAMILY = ("GARCIA", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "PEREZ",
          "SANCHEZ", "RAMIREZ", "TORRES", "FLORES", "RIVERA", "GOMEZ", "DIAZ", "REYES",
          "MORALES", "CRUZ", "ORTIZ", "GUTIERREZ", "CHAVEZ", "NGUYEN", "TRAN", "PHAM",
          "SILVA", "SANTOS", "OLIVEIRA", "PEREIRA", "FERREIRA", "ALVES", "MENDES",
          "BARBOSA", "JEAN", "PIERRE", "JOSEPH", "CHARLES", "OKAFOR", "MENSAH", "WANG",
          "LI", "ZHANG", "CHEN", "LIU", "KOWALSKI", "NOWAK", "IVANOV", "PETROV", "ALI",
          "KHAN", "HASSAN", "RAHMAN", "DE LA CRUZ", "VASQUEZ", "CASTILLO", "ROMERO",
          "FIGUEROA", "MEJIA", "AGUILAR", "VALENCIA", "MONTOYA", "DA COSTA")
GIVEN = ("JUAN", "JOSE", "LUIS", "CARLOS", "JORGE", "MIGUEL", "PEDRO", "ANA", "MARIA",
         "ROSA", "CARMEN", "LUCIA", "SOFIA", "DIEGO", "ANDRES", "FERNANDO", "RICARDO",
         "VAN MINH", "THI LAN", "JOAO", "PAULO", "MARCOS", "FABIO", "JEAN CLAUDE",
         "MARIE", "EMMANUEL", "CHIDI", "KWAME", "WEI", "XIAO MING", "PIOTR", "OLGA",
         "AHMED", "FATIMA", "MOHAMMED", "JUAN CARLOS", "LUZ MARINA", "EDWIN", "WILSON",
         "JOSUE", "KEVIN", "BRAYAN", "YESENIA", "ALEJANDRO", "FRANCISCO", "OSCAR")
COUNTRIES = ("MEXICO", "GUATEMALA", "HONDURAS", "EL SALVADOR", "DOMINICAN REPUBLIC",
             "BRAZIL", "HAITI", "CAPE VERDE", "VIETNAM", "CHINA", "COLOMBIA", "ECUADOR",
             "NIGERIA", "GHANA", "POLAND", "RUSSIA", "PAKISTAN", "BANGLADESH", "JAMAICA",
             "PERU", "VENEZUELA", "NICARAGUA", "PORTUGAL", "INDIA", "PHILIPPINES")
OFFICES = (("Boston Field Office", "1000 District Avenue", "Burlington, MA 01803",
            "(781) 359-7500"),
           ("Boston Field Office", "JFK Federal Building, 15 New Sudbury Street",
            "Boston, MA 02203", "(617) 565-3100"),
           ("New York City Field Office", "26 Federal Plaza", "New York, NY 10278",
            "(212) 436-9315"),
           ("Newark Field Office", "970 Broad Street", "Newark, NJ 07102",
            "(973) 645-3666"),
           ("Hartford Sub-Office", "450 Main Street", "Hartford, CT 06103",
            "(860) 240-3050"))
OFFICERS = ("M. JOHNSON", "R. PATEL", "K. OBRIEN", "S. WILLIAMS", "D. NGUYEN", "T. MURPHY",
            "A. BROWN", "L. SULLIVAN", "C. DAVIS", "J. WALSH")
TITLES = ("Supervisory Detention and Deportation Officer", "Deportation Officer",
          "Supervisory Immigration Enforcement Agent", "Assistant Field Office Director")
STATIONS = ("Pittsfield Police Department", "Haverhill Police Department",
            "Boston Police Department, District B-2", "Westborough Police Department")
GROUNDS = ("final_order", "pending_proceedings", "biometric_match", "statements")
REQUESTS = ("notify_death_transfer", "on_conviction_only", "cancel_previous")
FORM_TITLES = {
    "I-247A": "IMMIGRATION DETAINER - NOTICE OF ACTION",
    "I-247D": "IMMIGRATION DETAINER - REQUEST FOR VOLUNTARY ACTION",
    "I-247N": "REQUEST FOR VOLUNTARY NOTIFICATION OF RELEASE OF SUSPECTED PRIORITY ALIEN",
    "I-247X": "REQUEST FOR VOLUNTARY TRANSFER",
    "I-200": "WARRANT FOR ARREST OF ALIEN",
    "I-205": "WARRANT OF REMOVAL/DEPORTATION",
}
FORM_EDITIONS = {"I-247A": "(3/17)", "I-247D": "(12/15)", "I-247N": "(12/15)",
                 "I-247X": "(12/15)", "I-200": "(Rev. 09/16)", "I-205": "(8/07)"}


@dataclass(frozen=True)
class FaxValues:
    """What one generated detainer says, as the reader should return it."""

    form: str
    subject_name: str  # "FAMILY, GIVEN"
    date_of_birth: date
    citizenship: str
    sex: str  # "M" or "F"
    file_number: str  # "A" and nine digits
    subject_id: str
    event_number: str
    date: date
    issuing_office: str
    office_phone: str  # "(617) 565-3100"
    grounds: tuple[str, ...]
    requests: tuple[str, ...] = ()
    signing_officer: str = ""
    office_lines: tuple[str, str] = ("", "")
    station: str = STATIONS[0]
    file_style: int = 0  # how the A-number is printed (see `printed_file_number`)
    extra: dict[str, str] = field(default_factory=dict)

    def expected(self) -> dict[str, object]:
        """The fields as `desk-app intake read --json` should give them."""
        return {"subject_name": self.subject_name,
                "date_of_birth": self.date_of_birth.isoformat(),
                "citizenship": self.citizenship, "sex": self.sex,
                "file_number": self.file_number, "subject_id": self.subject_id,
                "event_number": self.event_number, "date": self.date.isoformat(),
                "issuing_office": self.issuing_office, "office_phone": self.office_phone,
                "grounds": sorted(self.grounds)}


def make_values(rng: random.Random, form: str = "I-247A") -> FaxValues:
    """One detainer's values, drawn with `rng` (same seed, same detainer)."""
    given = rng.choice(GIVEN)
    family = rng.choice(FAMILY)
    if rng.random() < 0.3:
        family = f"{family} {rng.choice(FAMILY)}"
    sex = "F" if given in {"ANA", "MARIA", "ROSA", "CARMEN", "LUCIA", "SOFIA", "THI LAN",
                           "MARIE", "OLGA", "FATIMA", "LUZ MARINA", "YESENIA"} else "M"
    office = rng.choice(OFFICES)
    issued = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
    grounds = tuple(g for g in GROUNDS if rng.random() < 0.45) or (rng.choice(GROUNDS),)
    requests = tuple(r for r in REQUESTS if rng.random() < 0.25)
    prefix = rng.choice(("BOS", "NYC", "NEW", "HAR", "BUR"))
    return FaxValues(
        form=form, subject_name=f"{family}, {given}", date_of_birth=born,
        citizenship=rng.choice(COUNTRIES), sex=sex,
        file_number="A" + "".join(rng.choice("0123456789") for _ in range(9)),
        subject_id=str(rng.randrange(100_000_000, 999_999_999)),
        event_number=f"{prefix}{rng.randrange(10**9, 10**10)}",
        date=issued, issuing_office=office[0], office_phone=office[3],
        grounds=grounds, requests=requests,
        signing_officer=f"{rng.choice(OFFICERS)}, {rng.choice(TITLES)}",
        office_lines=(office[1], office[2]), station=rng.choice(STATIONS),
        file_style=rng.randrange(3))


def printed_file_number(values: FaxValues) -> str:
    """The A-number as officers type it: 'A123456789', 'A 123 456 789' or '123-456-789'."""
    digits = values.file_number[1:]
    if values.file_style == 1:
        return f"A {digits[:3]} {digits[3:6]} {digits[6:]}"
    if values.file_style == 2:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return values.file_number


def render_form(values: FaxValues, fax_header: str = "") -> bytes:
    """The detainer as the issuing office prints it: the form, then the notice page."""
    from bench.fax_layout import draw_form_pages

    return draw_form_pages(values, printed_file_number(values), fax_header)


def fax_pages(pdf: bytes, resolution: tuple[int, int], rng: random.Random,
              max_skew: float = 2.0, speckle: float = 0.0008) -> list[Image.Image]:
    """The PDF's pages as a fax machine receives them: 1 bit at `resolution` dpi."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            bitmap = page.render(scale=resolution[0] / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            image = image.rotate(rng.uniform(-max_skew, max_skew), resample=Image.BILINEAR,
                                 expand=False, fillcolor=255)
            height = round(image.height * resolution[1] / resolution[0])
            image = image.resize((image.width, height), Image.BILINEAR)
            image = image.filter(ImageFilter.GaussianBlur(0.4))
            threshold = rng.randint(150, 185)
            image = image.point(lambda v, t=threshold: 255 if v > t else 0, mode="L")
            pages.append(_speckled(image, rng, speckle).convert("1"))
    finally:
        document.close()
    return pages


def _speckled(image: Image.Image, rng: random.Random, amount: float) -> Image.Image:
    """Black dots and small blots scattered over the page, as a dusty fax glass leaves."""
    pixels = image.load()
    assert pixels is not None
    for _ in range(int(image.width * image.height * amount)):
        x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
        size = 2 if rng.random() < 0.15 else 1
        for dx in range(size):
            for dy in range(size):
                pixels[x + dx, y + dy] = 0
    return image


def write_fax(pages: list[Image.Image], resolution: tuple[int, int], path: Path) -> Path:
    """Save the pages as a fax server does: multi-page G4 TIFF, or a PDF of the images."""
    if path.suffix.lower() == ".pdf":
        square = [p.resize((p.width, round(p.height * resolution[0] / resolution[1])))
                  for p in pages]
        square[0].save(path, "PDF", resolution=resolution[0], save_all=True,
                       append_images=square[1:])
        return path
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", compression="group4", dpi=resolution, save_all=True,
                  append_images=pages[1:])
    path.write_bytes(buffer.getvalue())
    return path


def fax_header(values: FaxValues, pages: int, rng: random.Random) -> str:
    """The line the sending machine prints on top of each page."""
    sent = values.date.strftime("%b-%d-%Y").upper()
    return (f"{sent} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}  FROM: ICE ERO "
            f"{values.issuing_office.split()[0].upper()}  {values.office_phone}  "
            f"TO: {values.station.upper()}  P.001/{pages:03d}")


def make_fax(values: FaxValues, resolution: tuple[int, int], rng: random.Random,
             path: Path) -> Path:
    """One whole fax of `values` at `resolution`, written to `path` (.tif or .pdf)."""
    pdf = render_form(values, fax_header(values, 2, rng))
    return write_fax(fax_pages(pdf, resolution, rng), resolution, path)
