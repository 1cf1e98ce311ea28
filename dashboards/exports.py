"""Downloads of a shown table: CSV and Excel (.xlsx), exactly the cells the user sees.

Tables arrive already formatted, with suppressed cells as ``..``; nothing here can bring a hidden value
back. Both formats are safe to open in a spreadsheet: a CSV cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe (OWASP, CSV injection), and the workbook
(XlsxWriter) holds text as text, never as a formula.

The workbook reads well: numbers as numbers with the decimals the page shows (display tables carry
them in hidden columns, ``samrehab.read.formatting.NUMBER_COLUMNS``), the unit in a column of its own,
a frozen header row, column widths from the content, and a second sheet with the definition of every
metric in the table and the data cut-off.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import date

import pandas as pd

from samrehab.read.formatting import NUMBER_COLUMNS, SUPPRESSED, MetricInfo, visible_columns
from samrehab.read.labels import t

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


def escape_cell(value: object) -> object:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv_bytes(table: pd.DataFrame, lang: str = "sv") -> bytes:
    """CSV in UTF-8 with a byte-order mark (opens in Excel); ``;``-separated in Swedish (decimal comma).

    Cells and column names that would start a formula are escaped (``escape_cell``)."""
    separator = "," if lang == "en" else ";"
    safe = table.map(escape_cell)
    safe.columns = [escape_cell(str(column)) for column in table.columns]
    # CRLF ends a record (as Excel writes CSV), so a cell holding a carriage return is quoted
    return safe.to_csv(index=False, sep=separator, lineterminator="\r\n").encode("utf-8-sig")


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _layout(table: pd.DataFrame, lang: str) -> tuple[list[str], list[list[tuple[object, int | None]]]]:
    """Header and cells (value, decimals or ``None`` for text) of the sheet: the visible columns, with the
    numeric display columns as numbers and a unit column after the value when the table has them."""
    shown = visible_columns(table)
    twins = {t(key, lang): column for key, column in NUMBER_COLUMNS.items() if column in table.columns}
    value_label = t("col_value", lang)
    with_unit = value_label in shown and "_unit" in table.columns
    header = []
    for column in shown:
        header.append(str(column))
        if with_unit and column == value_label:
            header.append(t("col_unit", lang))
    rows = []
    for record in table.to_dict("records"):
        decimals = record.get("_decimals")
        cells: list[tuple[object, int | None]] = []
        for column in shown:
            text = record[column]
            twin = twins.get(column)
            number = record.get(twin) if twin else None
            if text != SUPPRESSED and _is_number(number):
                places = 0 if twin in ("_numerator", "_denominator") and float(number).is_integer() else \
                    int(decimals) if _is_number(decimals) else 1
                cells.append((float(number), places))
            elif _is_number(text):
                cells.append((float(text), 0 if float(text).is_integer() else 1))
            else:
                cells.append(("" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text),
                              None))
            if with_unit and column == value_label:
                cells.append((str(record.get("_unit") or ""), None))
        rows.append(cells)
    return header, rows


def _about_rows(table: pd.DataFrame, lang: str, infos: Mapping[str, MetricInfo] | None,
                as_of: date | None) -> list[list[str]]:
    rows = [[t("col_metric", lang), t("col_metric_id", lang), t("col_unit", lang), t("col_definition", lang)]]
    metric_ids = list(dict.fromkeys(table["metric_id"])) if "metric_id" in table.columns else []
    for metric_id in metric_ids:
        info = (infos or {}).get(str(metric_id))
        if info is not None:
            rows.append([info.name, info.metric_id, info.axis_unit, info.definition])
    rows.append([])
    rows.append([t("data_as_of", lang, date=as_of.isoformat()) if as_of else t("extract_date_unknown", lang)])
    rows.append([t("suppressed_note", lang)])
    return rows


def to_xlsx_bytes(table: pd.DataFrame, lang: str = "sv", *, infos: Mapping[str, MetricInfo] | None = None,
                  as_of: date | None = None, sheet_name: str | None = None) -> bytes:
    """An .xlsx workbook: the table (sheet 1) and the definitions of its metrics and the data cut-off
    (sheet 2). ``infos`` names and defines the metrics (by the table's hidden ``metric_id``)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    formats: dict[int, object] = {}
    sheet = workbook.add_worksheet((sheet_name or t("xlsx_sheet_table", lang))[:31])
    header, rows = _layout(table, lang)
    widths = [len(name) for name in header]
    for col, name in enumerate(header):
        sheet.write_string(0, col, name, bold)
    for row_number, cells in enumerate(rows, start=1):
        for col, (value, decimals) in enumerate(cells):
            if decimals is None:
                sheet.write_string(row_number, col, str(value))
                widths[col] = max(widths[col], len(str(value)))
            else:
                number_format = formats.setdefault(decimals, workbook.add_format(
                    {"num_format": _number_format(decimals)}))
                sheet.write_number(row_number, col, float(value), number_format)
                widths[col] = max(widths[col], len(f"{float(value):,.{decimals}f}"))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    about = workbook.add_worksheet(t("xlsx_sheet_about", lang)[:31])
    about_rows = _about_rows(table, lang, infos, as_of)
    for row_number, cells in enumerate(about_rows):
        for col, text in enumerate(cells):
            about.write_string(row_number, col, str(text), bold if row_number == 0 else None)
    about.set_column(0, 0, 40)
    about.set_column(1, 2, 22)
    about.set_column(3, 3, 90)
    about.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
