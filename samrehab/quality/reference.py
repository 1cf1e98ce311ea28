"""Reference code sets that have no seed table: the chapters of ICD-10-SE and code formats.

The chapter ranges follow ICD-10-SE (Socialstyrelsen), which keeps the WHO ICD-10 chapters and
uses U00–U99 for special purposes (for example U07.1 covid-19, U09.9 post-covid condition). A
diagnosis code whose three-character category falls in no chapter (``D95``, ``K99``, ``E97``) is
not an ICD-10-SE code, even though it has the right shape.
"""

from __future__ import annotations

import re

#: (chapter, first category, last category, Swedish title), both ends inclusive.
ICD10_CHAPTERS: tuple[tuple[str, str, str, str], ...] = (
    ("I", "A00", "B99", "Vissa infektionssjukdomar och parasitsjukdomar"),
    ("II", "C00", "D48", "Tumörer"),
    ("III", "D50", "D89", "Sjukdomar i blod och blodbildande organ samt vissa rubbningar i immunsystemet"),
    ("IV", "E00", "E90", "Endokrina sjukdomar, nutritionsrubbningar och ämnesomsättningssjukdomar"),
    ("V", "F00", "F99", "Psykiska sjukdomar och syndrom samt beteendestörningar"),
    ("VI", "G00", "G99", "Sjukdomar i nervsystemet"),
    ("VII", "H00", "H59", "Sjukdomar i ögat och närliggande organ"),
    ("VIII", "H60", "H95", "Sjukdomar i örat och mastoidutskottet"),
    ("IX", "I00", "I99", "Cirkulationsorganens sjukdomar"),
    ("X", "J00", "J99", "Andningsorganens sjukdomar"),
    ("XI", "K00", "K93", "Matsmältningsorganens sjukdomar"),
    ("XII", "L00", "L99", "Hudens och underhudens sjukdomar"),
    ("XIII", "M00", "M99", "Sjukdomar i muskuloskeletala systemet och bindväven"),
    ("XIV", "N00", "N99", "Sjukdomar i urin- och könsorganen"),
    ("XV", "O00", "O99", "Graviditet, förlossning och barnsängstid"),
    ("XVI", "P00", "P96", "Vissa perinatala tillstånd"),
    ("XVII", "Q00", "Q99", "Medfödda missbildningar, deformiteter och kromosomavvikelser"),
    ("XVIII", "R00", "R99", "Symtom, sjukdomstecken och onormala kliniska fynd och laboratoriefynd"),
    ("XIX", "S00", "T98", "Skador, förgiftningar och vissa andra följder av yttre orsaker"),
    ("XX", "V01", "Y98", "Yttre orsaker till sjukdom och död"),
    ("XXI", "Z00", "Z99", "Faktorer av betydelse för hälsotillståndet och för kontakter med hälso- och sjukvården"),
    ("XXII", "U00", "U99", "Koder för särskilda ändamål"),
)

#: ICD-10-SE after normalisation (upper case, no dot), as the extract contract defines it.
ICD10_FORMAT = r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$"
#: KVÅ procedure codes: two letters and three digits (``QV001``, ``DV051``).
KVA_FORMAT = r"^[A-Z]{2}[0-9]{3}$"


def _category_number(category: str) -> int:
    """Order categories A00 < A01 < ... < Z99 as integers."""
    return (ord(category[0]) - ord("A")) * 100 + int(category[1:3])


def icd10_categories() -> frozenset[str]:
    """Every three-character category (``A00`` .. ``Z99``) that lies in an ICD-10-SE chapter."""
    valid = set()
    for _, first, last, _ in ICD10_CHAPTERS:
        for number in range(_category_number(first), _category_number(last) + 1):
            valid.add(f"{chr(ord('A') + number // 100)}{number % 100:02d}")
    return frozenset(valid)


def icd10_chapter(code: str) -> str | None:
    """The chapter (Roman numeral) of a normalised ICD-10 code, or None when it lies in none."""
    if not re.match(ICD10_FORMAT, code or ""):
        return None
    number = _category_number(code[:3])
    for chapter, first, last, _ in ICD10_CHAPTERS:
        if _category_number(first) <= number <= _category_number(last):
            return chapter
    return None


def _digits_pattern(numbers: list[int]) -> str:
    """A compact regex alternation for a set of two-digit numbers (``0[0-9]|1[0-4]``)."""
    parts = []
    full = [t for t in range(10) if all(t * 10 + u in numbers for u in range(10))]
    runs: list[list[int]] = []
    for tens in full:  # consecutive full decades: [0-4][0-9]
        if runs and runs[-1][-1] == tens - 1:
            runs[-1].append(tens)
        else:
            runs.append([tens])
    parts += [f"{r[0]}[0-9]" if len(r) == 1 else f"[{r[0]}-{r[-1]}][0-9]" for r in runs]
    for tens in range(10):
        units = sorted(n % 10 for n in numbers if n // 10 == tens)
        if not units or tens in full:
            continue
        if units == list(range(units[0], units[-1] + 1)):
            parts.append(f"{tens}[{units[0]}-{units[-1]}]" if len(units) > 1 else f"{tens}{units[0]}")
        else:
            parts.append(f"{tens}[{''.join(str(u) for u in units)}]")
    return "|".join(parts)


def icd10_chapter_regex() -> str:
    """A regex that matches exactly the codes whose category lies in an ICD-10-SE chapter."""
    by_letter: dict[str, list[int]] = {}
    for category in icd10_categories():
        by_letter.setdefault(category[0], []).append(int(category[1:3]))
    alternatives = []
    for letter in sorted(by_letter):
        numbers = by_letter[letter]
        digits = "[0-9]{2}" if len(numbers) == 100 else f"(?:{_digits_pattern(numbers)})"
        alternatives.append(f"{letter}{digits}")
    return rf"^(?:{'|'.join(alternatives)})[0-9A-Z]{{0,2}}$"
