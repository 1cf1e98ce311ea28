"""Helpers for the analyst notebooks: open the warehouse read-only, read the dbt documentation of
its tables, and run custom cuts written as dbt analyses (``analyses/``).

A custom cut is written once as a dbt analysis, so it reuses the project's macros (Wilson and
Poisson intervals, comparison flag, period helpers, windows and the suppression threshold from
``dbt_project.yml``). :func:`compile_analysis` compiles it with dbt into plain SQL (dbt writes the
compiled file into the warehouse's dbt target folder); the notebook runs that SQL on a read-only
DuckDB connection, e.g. ``con.execute(f"select * from ({sql}) where region_code = ?", ["20"])``.
Nothing here computes a metric, an interval or a suppression.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samrehab.config import DBT_PROJECT_DIR, DEFAULT_DB, PROJECT_ROOT

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

SUPPRESSED_MARK = ".."
PROJECT_NAME = "samrehab"

# dbt compile must not open the warehouse read-write (a notebook holds a read-only connection, and
# DuckDB refuses a writer next to a reader): no relation cache, no introspective queries. Nothing on
# the console (dbt compile would print the whole compiled SQL); errors go to the log file, from where
# a failed compile is reported.
_COMPILE_FLAGS = ["--no-populate-cache", "--no-introspect", "--log-level", "none", "--log-level-file", "error"]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class AnalysisError(RuntimeError):
    """A dbt analysis could not be compiled or its compiled SQL was not found."""


def warehouse_path(db: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse to read: ``db`` if given, else ``SAMREHAB_DB``, else the default warehouse.

    A relative default is resolved against the project root, so a notebook started in
    ``notebooks/`` finds ``warehouse/samrehab.duckdb`` too.
    """
    if db is not None:
        return Path(db).resolve()
    env = os.environ.get("SAMREHAB_DB")
    if env:
        return Path(env).resolve()
    return (PROJECT_ROOT / DEFAULT_DB).resolve()


def connect_read_only(db: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only (several notebooks may read it at once; nobody can write)."""
    import duckdb

    path = warehouse_path(db)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} finns inte / does not exist: build it first (`make warehouse`) or set SAMREHAB_DB."
        )
    return duckdb.connect(str(path), read_only=True)


def project_var(name: str) -> Any:
    """A configuration value from the ``vars`` of ``dbt_project.yml`` (e.g. ``suppression_threshold``)."""
    import yaml

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    variables = project.get("vars") or {}
    if name not in variables:
        raise KeyError(f"dbt_project.yml has no var {name!r}")
    return variables[name]


def target_dir(db: str | os.PathLike[str] | None = None) -> Path:
    """The dbt target folder of the warehouse (manifest, compiled analyses)."""
    from samrehab.dbt_runner import dbt_target_dir

    return dbt_target_dir(warehouse_path(db))


def read_manifest(db: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The dbt ``manifest.json`` written by the warehouse's last build (or compile)."""
    path = target_dir(db) / "manifest.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} saknas / is missing: build the warehouse with `samrehab build` first.")
    return json.loads(path.read_text(encoding="utf-8"))


def model_descriptions(
    manifest: dict[str, Any], schemas: tuple[str, ...] = ("marts", "intermediate")
) -> list[dict[str, Any]]:
    """One row per dbt model and seed in ``schemas``: schema, name, description, column count.

    Descriptions come from the yml files of the dbt project, as recorded in the manifest.
    """
    rows = []
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in {"model", "seed"} or node.get("schema") not in schemas:
            continue
        rows.append({
            "schema": node["schema"],
            "name": node["name"],
            "description": " ".join(str(node.get("description") or "").split()),
            "columns_documented": len(node.get("columns") or {}),
        })
    return sorted(rows, key=lambda row: (schemas.index(row["schema"]), row["name"]))


def column_descriptions(manifest: dict[str, Any], model: str) -> list[dict[str, str]]:
    """The documented columns of one model or seed (by name): column, description."""
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") in {"model", "seed"} and node.get("name") == model:
            return [
                {"column": name, "description": " ".join(str(column.get("description") or "").split())}
                for name, column in (node.get("columns") or {}).items()
            ]
    raise KeyError(f"no model or seed named {model!r} in the manifest")


def compiled_analysis_path(manifest: dict[str, Any], name: str, db: str | os.PathLike[str] | None = None) -> Path:
    """Where dbt wrote the compiled SQL of analysis ``name`` (from the manifest's ``compiled_path``)."""
    node = manifest.get("nodes", {}).get(f"analysis.{PROJECT_NAME}.{name}")
    if node is None:
        raise AnalysisError(f"analyses/{name}.sql is not in the dbt manifest")
    compiled = node.get("compiled_path")
    if not compiled:
        return target_dir(db) / "compiled" / PROJECT_NAME / "analyses" / f"{name}.sql"
    path = Path(compiled)
    return path if path.is_absolute() else PROJECT_ROOT / path


def compile_analysis(name: str, db: str | os.PathLike[str] | None = None) -> str:
    """Compile ``analyses/<name>.sql`` with dbt for this warehouse and return the compiled SQL.

    dbt runs in a child process (about ten seconds) and does not open the warehouse for writing,
    so it works while a notebook holds a read-only connection.
    """
    from samrehab.dbt_runner import run_dbt

    log_path = target_dir(db) / "logs" / "dbt.log"
    log_offset = log_path.stat().st_size if log_path.exists() else 0
    outcome = run_dbt(["compile", "--select", name, *_COMPILE_FLAGS], warehouse_path(db))
    if not outcome.success:
        details = _log_since(log_path, log_offset) or "; ".join(outcome.failures)
        raise AnalysisError(f"dbt compile of analyses/{name}.sql failed:\n{details}")
    path = compiled_analysis_path(read_manifest(db), name, db)
    if not path.exists():
        raise AnalysisError(f"dbt compiled analyses/{name}.sql but {path} is missing")
    return path.read_text(encoding="utf-8")


def _log_since(log_path: Path, offset: int) -> str:
    """What dbt wrote to its log file after ``offset`` (errors only, see _COMPILE_FLAGS), without colours."""
    if not log_path.exists():
        return ""
    with log_path.open("rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", errors="replace")
    return _ANSI.sub("", text).strip()


def for_display(frame: pd.DataFrame, value_columns: list[str], suppressed_column: str = "suppressed") -> pd.DataFrame:
    """A copy for showing: in suppressed rows every value column reads ``..``; the flag column is dropped.

    The suppression itself happens in SQL (the analysis nulls the values); this only makes the
    hidden cells visible as hidden instead of blank.
    """
    shown = frame.copy()
    hidden = shown[suppressed_column].astype(bool)
    for column in value_columns:
        shown[column] = shown[column].astype(object)
        shown.loc[hidden, column] = SUPPRESSED_MARK
    return shown.drop(columns=[suppressed_column])


def headline(
    metric_id: str, region: str, period: str, care_level: str,
    value: float | None, numerator: float | None, denominator: float | None, suppressed: bool,
) -> str:
    """The one-line headline a notebook prints for a number that also exists in ``marts.metric_values``.

    Machine-readable (the notebook tests compare it with the mart); a suppressed cell prints ``..``.
    """
    prefix = f"Nyckeltal (headline): {metric_id} region={region} period={period} care_level={care_level}"
    if suppressed or value is None:
        return f"{prefix} value={SUPPRESSED_MARK} numerator={SUPPRESSED_MARK} denominator={SUPPRESSED_MARK}"
    return f"{prefix} value={value:.10f} numerator={numerator:.0f} denominator={denominator:.0f}"
