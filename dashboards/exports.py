"""Downloads of a shown table: CSV and Excel (.xlsx), exactly the cells the user sees.

The Excel file is written with the standard library (a minimal Office Open XML workbook with
inline strings), so no spreadsheet package is needed. Tables arrive already formatted, with
suppressed cells as ``..``; nothing here can bring a hidden value back.
"""

from __future__ import annotations

import io
import math
import zipfile
from xml.sax.saxutils import escape

import pandas as pd


def to_csv_bytes(table: pd.DataFrame, lang: str = "sv") -> bytes:
    """CSV in UTF-8 with a byte-order mark (opens in Excel); ``;``-separated in Swedish (decimal comma)."""
    separator = "," if lang == "en" else ";"
    return table.to_csv(index=False, sep=separator).encode("utf-8-sig")


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _cell(reference: str, value: object) -> str:
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, (int, float)) and not (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, float):
        value = ""
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def to_xlsx_bytes(table: pd.DataFrame, sheet_name: str = "Tabell") -> bytes:
    """A one-sheet .xlsx workbook with a header row and the table's cells."""
    sheet_name = escape(sheet_name[:31] or "Tabell")
    rows = [list(map(str, table.columns))] + table.astype(object).values.tolist()
    sheet_rows = []
    for row_number, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_column_name(col)}{row_number}", value) for col, value in enumerate(row))
        sheet_rows.append(f'<row r="{row_number}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_cells(data: bytes) -> list[list[str]]:
    """Read back the cell texts of a workbook written by ``to_xlsx_bytes`` (for checks and tests)."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    from xml.sax.saxutils import unescape

    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet):
        cells = re.findall(r"<c [^>]*>(?:<is><t[^>]*>(.*?)</t></is>|<v>(.*?)</v>)</c>", row)
        rows.append([unescape(text or number) for text, number in cells])
    return rows
