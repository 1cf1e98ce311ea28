"""The dbt Python models on Spark: a small runner that calls the models' own functions.

dbt-spark's ``session`` method does not run dbt Python models ("Submission method session is not
supported"). On Spark the build therefore runs every SQL model first, then this runner:

1. reads the model's inputs from the Spark tables (the same filters and columns as the model's
   ``model(dbt, session)`` entry point on DuckDB);
2. calls the model's logic, imported from the model file itself (``equity_gaps.equity_gaps``,
   ``metric_spc.metric_spc``), on pandas frames;
3. writes the result as Parquet to ``<lake>/marts/<model>/part-0.parquet`` and registers it as the
   Spark table ``marts.<model>``, so dbt's data tests of the model run on Spark afterwards.

Both marts are small (one row per cell or chart point), so collecting the inputs to the driver is
cheap; the comparison test (tests/test_spark_build.py) checks the results equal DuckDB's.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from samrehab.config import DBT_PROJECT_DIR

MODELS_DIR = DBT_PROJECT_DIR / "models" / "marts"


def load_model_module(name: str) -> ModuleType:
    """Import ``models/marts/<name>.py`` (a dbt model file, not a package module)."""
    path = MODELS_DIR / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"samrehab_dbt_model_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the dbt model {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _equity_gaps(spark: Any, model_config: dict[str, Any]) -> Any:
    module = load_model_module("equity_gaps")
    dimensions = ", ".join(f"'{dimension}'" for dimension in module.DIMENSIONS)
    values = spark.sql(
        "select metric_id, effect_goal, period_type, period, period_start, region_code, care_level, "
        "dimension, group_code, group_label, group_sort_order, denominator, value, ci_low, ci_high, "
        f"benchmark_value, comparison, suppressed from marts.metric_values where dimension in ({dimensions})"
    ).toPandas()
    catalogue = spark.sql("select metric_id, value_type, higher_is_better from seeds.metric_catalogue").toPandas()
    n_bands = spark.sql("select count(*) as n from seeds.age_bands").collect()[0]["n"]
    period_types = module._as_list(model_config.get("sii_period_types"), ["quarter", "year"])
    repetitions = int(model_config.get("sii_repetitions") or 10_000)
    return module.equity_gaps(values, catalogue, int(n_bands), period_types, repetitions)


def _metric_spc(spark: Any, model_config: dict[str, Any]) -> Any:
    import pandas as pd

    module = load_model_module("metric_spc")
    proportions = spark.sql(
        "select metric_id from seeds.metric_catalogue "
        "where value_type = 'proportion' and metric_id <> 'E3.in_competence_time_share'"
    ).toPandas()
    if proportions.empty:
        return module.metric_spc(pd.DataFrame(columns=module.SERIES_KEYS + ["period_start"]))
    metric_ids = ", ".join("'" + metric_id.replace("'", "''") + "'" for metric_id in proportions["metric_id"])
    values = spark.sql(
        "select metric_id, effect_goal, region_code, care_level, period, period_start, numerator, "
        "denominator, value, suppressed from marts.metric_values "
        f"where period_type = 'month' and dimension = 'total' and metric_id in ({metric_ids})"
    ).toPandas()
    return module.metric_spc(values)


#: model name -> function(spark, model config) returning the model's pandas frame
PYTHON_MODELS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "equity_gaps": _equity_gaps,
    "metric_spc": _metric_spc,
}


def python_model_names() -> list[str]:
    """The dbt Python models of the project (``models/**/*.py``); each must have a runner here."""
    return sorted(path.stem for path in (DBT_PROJECT_DIR / "models").rglob("*.py"))


def write_mart(spark: Any, name: str, frame: Any, lake: Path) -> int:
    """Write ``frame`` as ``<lake>/marts/<name>/part-0.parquet`` and (re)register ``marts.<name>``.

    ``period_start`` is stored as a DATE, as in metric_values. Returns the rows written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if "period_start" in table.column_names:
        index = table.column_names.index("period_start")
        table = table.set_column(index, "period_start", table.column("period_start").cast(pa.date32()))
    folder = Path(lake).resolve() / "marts" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-0.parquet")
    spark.sql(f"drop table if exists marts.{name}")
    spark.sql(f"create table marts.{name} using parquet location '{folder}'")
    return table.num_rows


def run_python_models(spark: Any, lake: Path, configs: dict[str, dict[str, Any]] | None = None) -> dict[str, int]:
    """Run every dbt Python model on ``spark`` and write it to the lake; returns rows per model.

    ``configs`` holds each model's dbt config (``sii_period_types``, ``sii_repetitions``, ...), as
    read from the dbt manifest.
    """
    missing = sorted(set(python_model_names()) - set(PYTHON_MODELS))
    if missing:
        raise NotImplementedError(
            f"dbt Python model(s) {missing} have no Spark runner: add one to samrehab/spark/python_models.py"
        )
    configs = configs or {}
    rows = {}
    for name, function in PYTHON_MODELS.items():
        rows[name] = write_mart(spark, name, function(spark, configs.get(name, {})), lake)
    return rows
