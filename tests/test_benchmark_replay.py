"""The benchmark's replay of the five headline metrics' models (``tests/benchmarks/headline_replay``):
models in dependency order, and on the sample warehouse the replayed cells equal the built ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from samrehab.dbt_runner import dbt_target_dir, run_dbt
from tests.benchmarks.headline_replay import headline_models_in_order, replay
from tests.benchmarks.profile import HEADLINE_CELL_MODELS


def test_models_in_order_parents_first_and_only_the_headline_subgraph() -> None:
    cells = list(HEADLINE_CELL_MODELS.values())
    parent_map = {
        cells[0]: ["model.samrehab.int_b", "seed.samrehab.regions"],
        cells[1]: ["model.samrehab.int_a"],
        "model.samrehab.int_b": ["model.samrehab.int_a"],
        "model.samrehab.int_a": ["model.samrehab.stg_visits"],
        "model.samrehab.stg_visits": ["source.samrehab.raw.visits"],
        "model.samrehab.metric_values": cells,  # downstream of the cells: not replayed
        **{cell: [] for cell in cells[2:]},
    }
    order = headline_models_in_order({"parent_map": parent_map})
    assert set(order) == {*cells, "model.samrehab.int_a", "model.samrehab.int_b", "model.samrehab.stg_visits"}
    position = {node: index for index, node in enumerate(order)}
    for child, parents in parent_map.items():
        for parent in parents:
            if child in position and parent in position:
                assert position[parent] < position[child], f"{parent} must come before {child}"


@pytest.fixture(scope="module")
def compiled_copy(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample warehouse whose dbt target folder has the headline models' compiled SQL."""
    copy = tmp_path_factory.mktemp("replay") / "samrehab.duckdb"
    shutil.copy2(sample_warehouse, copy)
    selectors = [f"+{node.split('.')[-1]}" for node in HEADLINE_CELL_MODELS.values()]
    assert run_dbt(["compile", "--select", *selectors], copy).success
    return copy


def _private(compiled: Path, tmp_path: Path) -> Path:
    """The compiled copy and its dbt target folder in ``tmp_path``, same file name (the SQL names it)."""
    shutil.copy2(compiled, tmp_path / compiled.name)
    target = dbt_target_dir(compiled)
    shutil.copytree(target, tmp_path / target.name)
    return tmp_path / compiled.name


def test_replay_on_the_sample_gives_the_built_cells_and_leaves_the_warehouse(compiled_copy: Path,
                                                                             tmp_path: Path) -> None:
    warehouse_copy = _private(compiled_copy, tmp_path)
    before = warehouse_copy.read_bytes()
    scratch = warehouse_copy.with_name("scratch.duckdb")
    result = replay(dbt_target_dir(warehouse_copy), warehouse_copy, scratch)
    assert result["error"] is None and result["cell_models_identical_to_build"], result["cell_models_differing"]
    cell_models = {node.split(".")[-1] for node in HEADLINE_CELL_MODELS.values()}
    assert result["models"] >= 10 and set(result["per_model"]) >= cell_models
    assert result["seconds"] > 0 and not scratch.exists()
    assert warehouse_copy.read_bytes() == before, "the replay must not change the warehouse"


def test_replay_notices_cells_that_differ(compiled_copy: Path, tmp_path: Path) -> None:
    warehouse_copy = _private(compiled_copy, tmp_path)
    con = duckdb.connect(str(warehouse_copy))
    try:
        con.execute("delete from intermediate.mc_e6_readmissions where rowid = (select min(rowid) "
                    "from intermediate.mc_e6_readmissions)")
    finally:
        con.close()
    result = replay(dbt_target_dir(warehouse_copy), warehouse_copy, warehouse_copy.with_name("scratch.duckdb"))
    assert result["cell_models_differing"] == ["mc_e6_readmissions"] and result["error"]
