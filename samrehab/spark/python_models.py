"""The dbt Python models on Spark: a small runner that calls each model's own entry point.

dbt-spark's ``session`` method does not run dbt Python models ("Submission method session is not
supported"). On Spark the build therefore runs every SQL model first, then this runner calls the
model file's ``model(dbt, session)`` itself, exactly as dbt-duckdb does, with two stand-ins:

* ``dbt``: ``dbt.ref(name)`` is a relation over the Spark table of that model or seed (its schema
  and alias from dbt's manifest), with the DuckDB relation methods the models use (``filter``,
  ``project``, ``df``), each a SQL text run on Spark; ``dbt.config.get(key)`` reads the model's
  config from the manifest;
* ``session``: an in-memory DuckDB connection, which the models only use to turn their pandas
  result into a relation (``period_start`` a DATE).

So the inputs a model reads (columns, filters, config) are written once, in the model file; the runner
cannot drift from them. The result is written as Parquet to ``<lake>/marts/<model>/part-0.parquet``
and registered as the Spark table ``marts.<model>``, so dbt's data tests of the model run on Spark
afterwards. Both marts are small (one row per cell or chart point), so collecting the inputs to the
driver is cheap; tests/test_spark_build.py checks the results equal DuckDB's, and
tests/test_spark_python_models.py runs this runner with DuckDB standing in for Spark.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

from samrehab.config import DBT_PROJECT_DIR

MODELS_DIR = DBT_PROJECT_DIR / "models"


def load_model_module(name: str) -> ModuleType:
    """Import the dbt Python model ``models/**/<name>.py`` (a dbt model file, not a package module)."""
    paths = sorted(MODELS_DIR.rglob(f"{name}.py"))
    if len(paths) != 1:
        raise ImportError(f"expected one dbt Python model {name}.py under {MODELS_DIR}, found {len(paths)}")
    path = paths[0]
    spec = importlib.util.spec_from_file_location(f"samrehab_dbt_model_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the dbt model {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SqlRelation:
    """The part of DuckDB's relation API the dbt Python models use, as SQL run by ``engine.sql``."""

    def __init__(self, engine: Any, sql: str) -> None:
        self.engine = engine
        self.sql = sql

    def filter(self, condition: str) -> SqlRelation:
        """Rows where ``condition`` (SQL) holds."""
        return SqlRelation(self.engine, f"select * from ({self.sql}) as filtered where {condition}")

    def project(self, expressions: str) -> SqlRelation:
        """The listed columns or expressions (SQL)."""
        return SqlRelation(self.engine, f"select {expressions} from ({self.sql}) as projected")

    def df(self) -> Any:
        """The rows as a pandas frame."""
        return self.engine.sql(self.sql).toPandas()


class _Config:
    """``dbt.config``: a call that sets nothing here, and ``get`` from the manifest's config."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    def __call__(self, **_settings: Any) -> None:
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self._config.get(key, default)


class DbtStandIn:
    """The ``dbt`` object a dbt Python model receives, over tables of ``engine`` named in ``relations``."""

    def __init__(self, engine: Any, relations: dict[str, str], config: dict[str, Any]) -> None:
        self.engine = engine
        self.relations = relations
        self.config = _Config(config)

    def ref(self, name: str) -> SqlRelation:
        """The model or seed ``name`` as a relation."""
        if name not in self.relations:
            raise KeyError(f"dbt.ref('{name}'): no such model or seed in the manifest")
        return SqlRelation(self.engine, f"select * from {self.relations[name]}")


def python_model_names() -> list[str]:
    """The dbt Python models of the project (``models/**/*.py``)."""
    return sorted(path.stem for path in MODELS_DIR.rglob("*.py"))


def run_python_model(engine: Any, name: str, relations: dict[str, str], config: dict[str, Any]) -> Any:
    """Run ``models/**/<name>.py``'s ``model(dbt, session)`` on ``engine``; its result as an Arrow table."""
    import duckdb

    module = load_model_module(name)
    with duckdb.connect() as session:
        return module.model(DbtStandIn(engine, relations, config), session).to_arrow_table()


def write_mart(spark: Any, name: str, table: Any, lake: Path) -> int:
    """Write the Arrow ``table`` as ``<lake>/marts/<name>/part-0.parquet`` and (re)register ``marts.<name>``.

    Returns the rows written.
    """
    import pyarrow.parquet as pq

    folder = Path(lake).resolve() / "marts" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-0.parquet")
    spark.sql(f"drop table if exists marts.{name}")
    spark.sql(f"create table marts.{name} using parquet location '{folder}'")
    return table.num_rows


def run_python_models(spark: Any, lake: Path, relations: dict[str, str],
                      configs: dict[str, dict[str, Any]] | None = None) -> dict[str, int]:
    """Run every dbt Python model on ``spark`` and write it to the lake; returns rows per model.

    ``relations`` maps each model and seed name to its Spark table (``schema.alias``), ``configs`` each
    Python model's dbt config (``sii_period_types``, ``sii_repetitions``, ...), both from dbt's manifest.
    """
    configs = configs or {}
    return {name: write_mart(spark, name, run_python_model(spark, name, relations, configs.get(name, {})), lake)
            for name in python_model_names()}
