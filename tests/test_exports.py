"""Downloads of a shown table (``dashboards.exports``): CSV cells cannot run as formulas in a spreadsheet
(OWASP CSV injection) and the Excel workbook reads well (numbers as numbers, frozen header, ``..``
for suppressed cells, a second sheet with definitions and the data cut-off)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboards import exports
from samrehab.read.formatting import SUPPRESSED, catalogue_info, display_table, visible_columns

DANGEROUS = ["=HYPERLINK(\"http://example.test\",\"klicka\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
             "\tTAB", "\rCR"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(lang: str) -> None:
    table = pd.DataFrame({"Meddelande": DANGEROUS, "n": range(len(DANGEROUS))})
    text = exports.to_csv_bytes(table, lang).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep="," if lang == "en" else ";", dtype=str, keep_default_na=False)
    for cell in back["Meddelande"]:
        assert cell[0] not in "=+-@\t\r", f"cell left as a formula: {cell!r}"
    assert list(back["Meddelande"]) == ["'" + value for value in DANGEROUS]
    assert list(back["n"]) == [str(n) for n in range(len(DANGEROUS))]  # numbers untouched


def test_csv_escapes_a_dangerous_column_name_too() -> None:
    text = exports.to_csv_bytes(pd.DataFrame({"=1+1": ["a"]}), "sv").decode("utf-8-sig")
    assert text.splitlines()[0] == "'=1+1"


def test_xlsx_reads_well() -> None:
    infos = catalogue_info(pd.DataFrame([{
        "metric_id": "E1.wait_days_median", "effect_goal": "E1", "name_sv": "Väntetid (median)",
        "name_en": "Waiting time (median)", "value_type": "median", "unit_sv": "dagar", "unit_en": "days",
        "multiplier": "1", "higher_is_better": "false", "source_entity": "referrals", "attribution": "x",
        "definition_sv": "Dagar från remiss till första besök.", "definition_en": "Days from referral to first visit.",
    }]), "sv")
    rows = pd.DataFrame([
        {"metric_id": "E1.wait_days_median", "period_type": "quarter", "period": "2025Q3", "region_code": "19",
         "care_level": "all", "dimension": "total", "group_code": "total", "group_label": "Totalt",
         "value": 25.0, "ci_low": 20.0, "ci_high": 30.0, "numerator": None, "denominator": 1234.0,
         "benchmark_value": 25.0, "comparison": "similar", "suppressed": False},
        {"metric_id": "E1.wait_days_median", "period_type": "quarter", "period": "2025Q3", "region_code": "19",
         "care_level": "all", "dimension": "sex", "group_code": "U", "group_label": "Okänt kön",
         "value": None, "ci_low": None, "ci_high": None, "numerator": None, "denominator": None,
         "benchmark_value": 25.0, "comparison": None, "suppressed": True},
    ])
    table = display_table(rows, infos, "sv")
    data = exports.to_xlsx_bytes(table, "sv", infos=infos, as_of=date(2025, 12, 31))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet, about = book.worksheets
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Mått", "Period", "Grupp", "Värde"] and "Enhet" in header
    assert sheet.freeze_panes == "A2"
    value = sheet.cell(row=2, column=4)
    assert value.value == 25.0 and value.number_format == "#,##0.0"
    denominator = sheet.cell(row=2, column=header.index("Nämnare") + 1)
    assert denominator.value == 1234 and "#,##0" in denominator.number_format
    assert sheet.cell(row=3, column=4).value == SUPPRESSED  # suppressed: '..', no number behind it
    suppressed_row = {name: sheet.cell(row=3, column=c).value for c, name in enumerate(header, start=1)}
    for name in ("Värde", "95 % KI", "Täljare", "Nämnare", "Jämfört med totalt"):
        assert suppressed_row[name] == SUPPRESSED, name
    assert suppressed_row["Jämförelsevärde (totalt)"] == 25.0  # the total's value is public
    assert sheet.column_dimensions["A"].width >= len("Väntetid (median)")
    about_text = [[cell.value for cell in row] for row in about.iter_rows()]
    flat = " ".join(str(v) for row in about_text for v in row if v is not None)
    assert "Dagar från remiss till första besök." in flat and "2025-12-31" in flat
    assert len(visible_columns(table)) == 9


def test_xlsx_never_writes_a_formula() -> None:
    data = exports.to_xlsx_bytes(pd.DataFrame({"Meddelande": DANGEROUS}), "sv")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = [sheet.cell(row=r, column=1).value for r in range(2, len(DANGEROUS) + 2)]
    assert values[:-1] == DANGEROUS[:-1]
    assert values[-1] in ("\rCR", "_x000D_CR")  # OOXML writes a carriage return as _x000D_ (Excel shows it)
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, len(DANGEROUS) + 2))
