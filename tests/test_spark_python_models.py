"""The Spark runner of the dbt Python models (samrehab/spark/python_models.py), without Java.

The runner calls each model file's own ``model(dbt, session)`` with a stand-in ``dbt`` whose relations
are SQL texts run by the engine. Here DuckDB stands in for Spark over the built sample warehouse, with
the configs and relations of that build's manifest, so the runner must give exactly the marts
dbt-duckdb built: same rows, same columns, same values.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest

from samrehab.dbt_runner import dbt_target_dir
from samrehab.spark.compare import compare_frames
from samrehab.spark.job import manifest_relations
from samrehab.spark.python_models import DbtStandIn, python_model_names, run_python_model


class DuckDBAsSpark:
    """``engine.sql(text).toPandas()``, as the runner calls Spark, on a DuckDB connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.texts: list[str] = []

    def sql(self, text: str) -> Any:
        self.texts.append(text)
        return SimpleNamespace(toPandas=self.connection.sql(text).df)


@pytest.mark.parametrize("name", python_model_names())
def test_the_runner_gives_the_mart_dbt_duckdb_built(sample_warehouse: Path, name: str) -> None:
    relations, configs = manifest_relations(dbt_target_dir(sample_warehouse))
    with duckdb.connect(str(sample_warehouse), read_only=True) as connection:
        engine = DuckDBAsSpark(connection)
        result = run_python_model(engine, name, relations, configs[name]).to_pandas()
        built = connection.sql(f"select * from {relations[name]}").df()
    assert len(built) > 0
    assert list(result.columns) == list(built.columns)
    comparison = compare_frames(name, built, result)
    assert comparison.equal, comparison.problems
    # every query the model ran reads a relation dbt's manifest names (the runner maps ref() to them)
    assert engine.texts and all(any(relation in text for relation in relations.values()) for text in engine.texts)


def test_a_ref_to_an_unknown_model_names_it() -> None:
    with pytest.raises(KeyError, match="no_such_model"):
        DbtStandIn(None, {"metric_values": "marts.metric_values"}, {}).ref("no_such_model")


def test_the_stand_in_reads_config_from_the_manifest() -> None:
    dbt = DbtStandIn(None, {}, {"sii_repetitions": 200})
    assert dbt.config(materialized="table") is None
    assert dbt.config.get("sii_repetitions") == 200
    assert dbt.config.get("sii_period_types") is None
