"""Analyst notebooks (notebooks/*.ipynb) and the dbt analyses they run (analyses/*.sql).

* committed notebooks carry no outputs or execution counts;
* every notebook runs top to bottom against the sample warehouse (nbclient, the venv's kernel);
* the headline numbers they print equal marts.metric_values;
* the analyses keep the marts' definitions (their margins equal marts.metric_values cell by cell,
  suppression included) and disclosure control (no small cell shown, no single suppressed cell in
  a row or column counting its margin, no single suppressed month or quarter under a published
  quarter or year);
* no patient identifier or personal identity number appears in any output.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import nbformat
import pandas as pd
import pytest

from samrehab import analysis
from samrehab.config import PROJECT_ROOT

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
REQUIRED = {"01_kom_igang.ipynb", "02_jamlikhetsanalys.ipynb", "03_aterinskrivningar.ipynb"}
HEADLINE = re.compile(
    r"Nyckeltal \(headline\): (?P<metric_id>\S+) region=(?P<region>\S+) period=(?P<period>\S+) "
    r"care_level=(?P<care_level>\S+) value=(?P<value>\S+) numerator=(?P<numerator>\S+) "
    r"denominator=(?P<denominator>\S+)"
)
PERSONAL_IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]\d{4}(?!\d)|(?<!\d)(?:19|20)\d{10}(?!\d)")
# The analyses, the metric whose cells their margins reproduce, the rows of the analysis that belong
# to it, the cell keys, the two variables of the table (with the mart dimension each margin is), and
# the count columns.
ANALYSES = {
    "jamlikhet_kommun_diagnos": {
        "metric_id": "E1.seen_within_90d_share",
        "filter": "true",
        "keys": ["period_type", "period", "region_code", "care_level"],
        "row": "municipality_code",
        "column": "diagnosis_group",
        "row_dimension": "municipality",
        "column_dimension": "diagnosis_group",
        "numerator": "seen_within_90d",
        "denominator": "referrals",
    },
    "aterinskrivning_rehab_14d": {
        "metric_id": "E6.readmission_30d_share",
        "filter": "design = 'alla_30d'",
        "keys": ["design", "period_type", "period", "region_code", "care_level"],
        "row": "age_band",
        "column": "rehab_14d",
        "row_dimension": "age_band",
        "column_dimension": None,  # exposure is not a dimension of the mart
        "numerator": "readmitted",
        "denominator": "stays",
    },
}


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _output_text(notebook: nbformat.NotebookNode) -> str:
    """Everything a notebook shows: streams, rich outputs (text, HTML, plotly JSON) and errors."""
    parts: list[str] = []
    for cell in _code_cells(notebook):
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type == "error":
                parts.append("\n".join([output.ename, output.evalue, *output.traceback]))
            else:
                for value in output.get("data", {}).values():
                    parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


# --- committed notebooks -------------------------------------------------------------------------


def test_the_three_analyst_notebooks_are_committed() -> None:
    assert {path.name for path in NOTEBOOKS} >= REQUIRED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} carry outputs or execution counts; clear them before committing "
        f"(`.venv/bin/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb`)"
    )
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_opens_the_warehouse_read_only(path: Path) -> None:
    code = "\n".join(cell.source for cell in _code_cells(nbformat.read(path, as_version=4)))
    assert "connect_read_only(" in code, f"{path.name} should open the warehouse with connect_read_only()"
    writable = [
        call for call in re.findall(r"duckdb\.connect\([^)]*\)", code) if not re.search(r"read_only\s*=\s*True", call)
    ]
    assert not writable, f"{path.name} opens DuckDB writable: {writable}"


# --- executing the notebooks ---------------------------------------------------------------------


@dataclass
class Execution:
    """One notebook after running it: the notebook with its outputs, and the error, if any."""

    notebook: nbformat.NotebookNode
    error: str | None


@pytest.fixture(scope="module")
def executed_notebooks(sample_warehouse: Path) -> dict[str, Execution]:
    """Every notebook run top to bottom with nbclient against the sample warehouse, one after another
    (the analyses compile with dbt into the warehouse's target folder, which they share)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    spec = KernelSpecManager().get_kernel_spec("python3")
    # jupyter_client replaces a bare "python"/"python3" by the running interpreter (the venv's).
    venv_python = {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}", sys.executable}
    assert spec.argv[0] in venv_python, (
        f"the python3 kernel starts {spec.argv[0]}, not this venv's Python; remove that kernel spec "
        f"({spec.resource_dir}) or run `.venv/bin/python -m ipykernel install --sys-prefix`"
    )
    previous = os.environ.get("SAMREHAB_DB")
    os.environ["SAMREHAB_DB"] = str(sample_warehouse)  # the kernel inherits this environment
    results: dict[str, Execution] = {}
    try:
        for path in NOTEBOOKS:
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK_DIR)}}
            )
            try:
                client.execute()
                results[path.name] = Execution(notebook, None)
            except CellExecutionError as error:
                results[path.name] = Execution(notebook, str(error))
    finally:
        if previous is None:
            os.environ.pop("SAMREHAB_DB", None)
        else:
            os.environ["SAMREHAB_DB"] = previous
    return results


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(executed_notebooks: dict[str, Execution], name: str) -> None:
    execution = executed_notebooks[name]
    assert execution.error is None, f"{name} failed:\n{execution.error}"
    unrun = [index for index, cell in enumerate(_code_cells(execution.notebook)) if cell.execution_count is None]
    assert not unrun, f"{name}: code cells {unrun} did not run"


def test_printed_headlines_equal_metric_values(
    executed_notebooks: dict[str, Execution], sample_warehouse: Path
) -> None:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        for name in sorted(REQUIRED):
            text = _output_text(executed_notebooks[name].notebook)
            headlines = [match.groupdict() for match in HEADLINE.finditer(text)]
            assert headlines, f"{name} prints no headline number"
            for printed in headlines:
                mart = con.execute(
                    """
                    select value, numerator, denominator, suppressed
                    from marts.metric_values
                    where metric_id = ? and period = ? and region_code = ? and care_level = ? and dimension = 'total'
                    """,
                    [printed["metric_id"], printed["period"], printed["region"], printed["care_level"]],
                ).fetchall()
                assert len(mart) == 1, f"{name}: no single mart row for {printed}"
                value, numerator, denominator, suppressed = mart[0]
                if suppressed:
                    assert printed["value"] == printed["numerator"] == printed["denominator"] == "..", name
                    continue
                assert printed["value"] != "..", f"{name}: prints a cell as suppressed that the mart shows"
                assert float(printed["value"]) == pytest.approx(value, abs=1e-9), (name, printed, value)
                assert float(printed["numerator"]) == numerator, (name, printed, numerator)
                assert float(printed["denominator"]) == denominator, (name, printed, denominator)
    finally:
        con.close()


def test_no_identifier_in_any_output(executed_notebooks: dict[str, Execution], sample_warehouse: Path) -> None:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        patient_ids = {row[0] for row in con.execute("select patient_id from intermediate.int_patients").fetchall()}
    finally:
        con.close()
    assert patient_ids
    for name, execution in executed_notebooks.items():
        text = _output_text(execution.notebook)
        tokens = set(re.findall(r"[A-Za-z0-9_-]+", text))
        leaked = tokens & patient_ids
        assert not leaked, f"{name} shows {len(leaked)} patient ids"
        assert not PERSONAL_IDENTITY_NUMBER.search(text), f"{name} shows something shaped like a personnummer"


# --- the dbt analyses the notebooks run ----------------------------------------------------------


@pytest.fixture(scope="module")
def analysis_frames(executed_notebooks: dict[str, Execution], sample_warehouse: Path) -> dict[str, pd.DataFrame]:
    """Every analysis over all periods, regions and slices, from the SQL the notebooks compiled."""
    manifest = analysis.read_manifest(sample_warehouse)
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        frames = {}
        for name in ANALYSES:
            path = analysis.compiled_analysis_path(manifest, name, sample_warehouse)
            assert path.exists(), f"no compiled {name}: did the notebook run? ({path})"
            frames[name] = con.sql(path.read_text(encoding="utf-8")).df()
        return frames
    finally:
        con.close()


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analysis_margins_equal_metric_values(
    analysis_frames: dict[str, pd.DataFrame], sample_warehouse: Path, name: str
) -> None:
    """Margins of the cut (row totals, column totals, grand total) are the mart's cells: same numbers,
    same intervals, same suppression, for every period, region and care-level slice."""
    spec = ANALYSES[name]
    row, column = spec["row"], spec["column"]
    margins = [("'total'", f"{row} = 'total' and {column} = 'total'", "total")]
    margins.append((row, f"{column} = 'total' and {row} <> 'total'", spec["row_dimension"]))
    if spec["column_dimension"]:
        margins.append((column, f"{row} = 'total' and {column} <> 'total'", spec["column_dimension"]))
    selects = " union all ".join(
        f"""select period_type, period, region_code, care_level, '{dimension}' as dimension, {group} as group_code,
                   {spec['numerator']} as numerator, {spec['denominator']} as denominator,
                   share as value, ci_low, ci_high, suppressed, in_metric_values
            from cut where {spec['filter']} and {where}"""
        for group, where, dimension in margins
    )
    dimensions = ", ".join(f"'{dimension}'" for _, _, dimension in margins)
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        con.register("cut", analysis_frames[name])
        compared, flagged = con.execute(
            f"select count(*), count(*) filter (where in_metric_values) from ({selects})"
        ).fetchone()
        mismatches = con.execute(f"""
            with margins as ({selects}),
            mart as (
                select period_type, period, region_code, care_level, dimension, group_code,
                       numerator, denominator, value, ci_low, ci_high, suppressed
                from marts.metric_values
                where metric_id = ? and dimension in ({dimensions})
            )
            select period_type, period, region_code, care_level, dimension, group_code,
                   margins.suppressed as cut_suppressed, mart.suppressed as mart_suppressed,
                   margins.value as cut_value, mart.value as mart_value
            from margins
            full outer join mart using (period_type, period, region_code, care_level, dimension, group_code)
            where margins.suppressed is null or mart.suppressed is null
               or margins.suppressed <> mart.suppressed
               or margins.numerator is distinct from mart.numerator
               or margins.denominator is distinct from mart.denominator
               or abs(coalesce(margins.value, -1) - coalesce(mart.value, -1)) > 1e-12
               or abs(coalesce(margins.ci_low, -1) - coalesce(mart.ci_low, -1)) > 1e-12
               or abs(coalesce(margins.ci_high, -1) - coalesce(mart.ci_high, -1)) > 1e-12
        """, [spec["metric_id"]]).df()
    finally:
        con.close()
    assert compared > 100, f"{name}: too few margin cells to compare ({compared})"
    # in_metric_values marks exactly the margin cells (they take the mart's suppression in the analysis)
    assert flagged == compared == int(analysis_frames[name].in_metric_values.sum()), (name, flagged, compared)
    assert mismatches.empty, (
        f"{name}: {len(mismatches)} of {compared} margin cells differ from marts.metric_values:\n{mismatches.head(10)}"
    )


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analysis_applies_disclosure_control(analysis_frames: dict[str, pd.DataFrame], name: str) -> None:
    spec = ANALYSES[name]
    frame = analysis_frames[name]
    threshold = analysis.project_var("suppression_threshold")
    numbers = [spec["numerator"], spec["denominator"], "share", "ci_low", "ci_high"]
    hidden = frame[frame.suppressed]
    shown = frame[~frame.suppressed]
    assert len(hidden) > 0 and len(shown) > 0, f"{name}: the sample should have both shown and suppressed cells"
    assert hidden[numbers].isna().all().all(), f"{name}: a suppressed cell carries numbers"
    # Counts are at least the persons behind them, so a shown cell has >= threshold in the
    # denominator and 0 or >= threshold in the numerator.
    assert (shown[spec["denominator"]] >= threshold).all(), f"{name}: a shown cell has a small denominator"
    small_numerator = shown[(shown[spec["numerator"]] > 0) & (shown[spec["numerator"]] < threshold)]
    assert small_numerator.empty, f"{name}: shown cells with numerator 1..{threshold - 1}:\n{small_numerator.head()}"
    # Complementary suppression along rows and columns: no line (one row or column of the table with its
    # margin) has exactly one suppressed cell. With a published margin a lone hidden inner cell would be the
    # margin minus the others; a hidden margin (the mart hides some across periods) would be the sum of its
    # inner cells. A line with one inner cell may keep it hidden under a published margin (nothing can
    # complement it). Lines made only of marts.metric_values cells (the margin row or column of a mart
    # dimension) follow the mart's rule, which does not count the total (tests/test_suppression.py).
    for line, across in [(spec["row"], spec["column"]), (spec["column"], spec["row"])]:
        inner = frame[across] != "total"
        lines = frame.assign(
            inner_cell=inner, inner_hidden=inner & frame.suppressed, margin_hidden=~inner & frame.suppressed
        ).groupby([*spec["keys"], line]).agg(
            inner_cells=("inner_cell", "sum"), inner_hidden=("inner_hidden", "sum"),
            margin_hidden=("margin_hidden", "any"), mart_only=("in_metric_values", "all"),
        )
        counted_margin = lines.margin_hidden & ~lines.mart_only
        hidden = lines.inner_hidden + counted_margin.astype(int)
        lonely = lines[(hidden == 1) & ((lines.inner_cells > 1) | counted_margin)]
        assert lonely.empty, f"{name}: {len(lonely)} lines along {across} with one suppressed cell:\n{lonely.head()}"
        assert counted_margin.any(), f"{name}: no line along {across} with a hidden margin: the case is untested"


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analysis_cells_follow_the_rule_across_periods(analysis_frames: dict[str, pd.DataFrame], name: str) -> None:
    """Months add up to quarters and years, quarters to years: a cell of the cut that is not a cell of
    marts.metric_values (those are the mart's, tests/test_suppression.py) is never the only suppressed child
    of a published parent, up to the mart's own bound (three alternating rounds leave almost none)."""
    spec = ANALYSES[name]
    family = [key for key in spec["keys"] if key not in ("period_type", "period")] + [spec["row"], spec["column"]]
    on = " and ".join(f"children.{key} = parents.{key}" for key in family)
    con = duckdb.connect()
    try:
        con.register("cut", analysis_frames[name])
        families = con.execute(f"""
            select {", ".join(f"parents.{key}" for key in family)}, parents.period_start,
                   parents.period_type as parent_type, children.period_type as child_type,
                   count(*) as children, sum(case when children.suppressed then 1 else 0 end) as hidden
            from cut as parents
            inner join cut as children
                on {on}
                and (
                    (children.period_type = 'month' and parents.period_type in ('quarter', 'year'))
                    or (children.period_type = 'quarter' and parents.period_type = 'year')
                )
                and date_trunc(parents.period_type, children.period_start) = parents.period_start
            where not parents.suppressed and not parents.in_metric_values
            group by all
        """).df()
    finally:
        con.close()
    assert len(families) > 100, f"{name}: too few published parents to check ({len(families)})"
    assert (families.hidden > 0).any(), f"{name}: no family with a hidden child: the rule is untested"
    single = families[families.hidden == 1]
    assert len(single) <= 1e-4 * len(analysis_frames[name]), (
        f"{name}: {len(single)} published quarters or years with exactly one suppressed child:\n{single.head()}"
    )


# --- samrehab.analysis without dbt ---------------------------------------------------------------


def test_warehouse_path_prefers_argument_then_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAMREHAB_DB", str(tmp_path / "env.duckdb"))
    assert analysis.warehouse_path(tmp_path / "arg.duckdb") == (tmp_path / "arg.duckdb").resolve()
    assert analysis.warehouse_path() == (tmp_path / "env.duckdb").resolve()
    monkeypatch.delenv("SAMREHAB_DB")
    assert analysis.warehouse_path() == (PROJECT_ROOT / "warehouse" / "samrehab.duckdb").resolve()


def test_connect_read_only_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        analysis.connect_read_only(tmp_path / "missing.duckdb")
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).execute("create table t as select 1 as x").close()
    con = analysis.connect_read_only(path)
    try:
        assert con.execute("select x from t").fetchone() == (1,)
        with pytest.raises(duckdb.Error):
            con.execute("insert into t values (2)")
    finally:
        con.close()


def test_model_descriptions_and_compiled_path_from_a_manifest(tmp_path: Path) -> None:
    manifest = {
        "nodes": {
            "model.samrehab.metric_values": {
                "resource_type": "model", "schema": "marts", "name": "metric_values",
                "description": "The shared\n  table.", "columns": {"value": {"description": "The value."}},
            },
            "model.samrehab.stg_x": {"resource_type": "model", "schema": "staging", "name": "stg_x", "description": ""},
            "model.samrehab.int_a": {"resource_type": "model", "schema": "intermediate", "name": "int_a"},
            "test.samrehab.t": {"resource_type": "test", "schema": "marts", "name": "t"},
            "analysis.samrehab.cut": {"resource_type": "analysis", "compiled_path": str(tmp_path / "cut.sql")},
            "analysis.samrehab.rel": {"resource_type": "analysis", "compiled_path": "target/compiled/x.sql"},
        }
    }
    rows = analysis.model_descriptions(manifest)
    assert [(row["schema"], row["name"]) for row in rows] == [("marts", "metric_values"), ("intermediate", "int_a")]
    assert rows[0]["description"] == "The shared table." and rows[0]["columns_documented"] == 1
    assert analysis.column_descriptions(manifest, "metric_values") == [{"column": "value", "description": "The value."}]
    with pytest.raises(KeyError):
        analysis.column_descriptions(manifest, "nope")
    assert analysis.compiled_analysis_path(manifest, "cut", tmp_path / "w.duckdb") == tmp_path / "cut.sql"
    relative = analysis.compiled_analysis_path(manifest, "rel", tmp_path / "w.duckdb")
    assert relative == PROJECT_ROOT / "target" / "compiled" / "x.sql"
    with pytest.raises(analysis.AnalysisError):
        analysis.compiled_analysis_path(manifest, "missing", tmp_path / "w.duckdb")


def test_display_and_headline_never_show_a_suppressed_value() -> None:
    frame = pd.DataFrame({"share": [0.5, None], "n": [10.0, None], "suppressed": [False, True]})
    shown = analysis.for_display(frame, ["share", "n"])
    assert "suppressed" not in shown.columns
    assert shown.loc[1, "share"] == ".." and shown.loc[1, "n"] == ".." and shown.loc[0, "share"] == 0.5
    line = analysis.headline("E1.x", "20", "2025", "all", 0.123456789012, 10.0, 81.0, False)
    assert HEADLINE.search(line).group("value") == "0.1234567890"
    hidden = HEADLINE.search(analysis.headline("E1.x", "20", "2025", "all", 0.5, 1.0, 2.0, True))
    assert (hidden.group("value"), hidden.group("numerator"), hidden.group("denominator")) == ("..", "..", "..")


def test_project_var_reads_dbt_project_vars() -> None:
    assert analysis.project_var("suppression_threshold") == 5
    with pytest.raises(KeyError):
        analysis.project_var("no_such_var")
