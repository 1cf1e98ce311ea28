"""The layers of the code (contracts in pyproject.toml, ``[tool.importlinter]``).

``make test`` runs ``lint-imports`` itself; these tests add what import-linter cannot say: that the pages
and the report do depend on the read package (a contract only forbids), and that every dashboard page
is a module the contracts see (a page outside the import graph would escape them).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from samrehab.config import PROJECT_ROOT

ROOTS = ("samrehab", "dashboards", "ingest", "contracts")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*ROOTS, cache_dir=None)


def _imports_read(graph: grimp.ImportGraph, module: str) -> bool:
    return any(name.startswith("samrehab.read") for name in graph.find_modules_directly_imported_by(module))


def test_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_page_is_in_the_import_graph(graph: grimp.ImportGraph) -> None:
    pages = sorted(path.stem for path in (PROJECT_ROOT / "dashboards" / "views").glob("*.py")
                   if path.stem != "__init__")
    assert pages
    missing = [page for page in pages if f"dashboards.views.{page}" not in graph.modules]
    assert not missing, f"pages the import contracts do not see: {missing}"


def test_pages_and_report_depend_on_the_read_package(graph: grimp.ImportGraph) -> None:
    assert _imports_read(graph, "dashboards.data_access")
    assert _imports_read(graph, "dashboards.views.overview")
    report = sorted(name for name in graph.find_descendants("samrehab.report") if _imports_read(graph, name))
    assert {"samrehab.report.inputs", "samrehab.report.goals", "samrehab.report.render"} <= set(report)
    assert graph.chain_exists("samrehab.report.writer", "samrehab.read.queries", as_packages=False)


def _contract_table() -> dict[str, tuple[list[str], list[str]]]:
    """DEVELOPMENT.md's table of contracts: id -> (modules, may not import), backticked names in order."""
    text = (PROJECT_ROOT / "DEVELOPMENT.md").read_text(encoding="utf-8")
    section = text[text.index("## Layers: who may import whom"):]
    section = section[:section.index("\n## ", 5)]
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.replace("\\|", "¦").strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = [re.findall(r"`([^`]+)`", cell) for cell in cells]
        rows[names[0][0]] = (names[1], names[2])
    return rows


def test_the_layer_map_in_development_md_matches_the_contracts() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {contract["id"]: contract for contract in config["contracts"]}
    table = _contract_table()
    assert set(table) == set(contracts), "every contract has a row in DEVELOPMENT.md and every row a contract"
    for contract_id, (modules, forbidden) in table.items():
        contract = contracts[contract_id]
        if contract["type"] == "layers":
            layered = [name.strip() for layer in contract["layers"] for name in layer.split("|")]
            assert modules == layered, f"{contract_id}: DEVELOPMENT.md says {modules}, pyproject {layered}"
        else:
            assert modules == contract["source_modules"], f"{contract_id}: modules differ"
            assert forbidden == contract["forbidden_modules"], f"{contract_id}: forbidden modules differ"
    text = (PROJECT_ROOT / "DEVELOPMENT.md").read_text(encoding="utf-8")
    assert text.index("## Layers: who may import whom") < text.index("## Layout"), "the map opens the guide"
