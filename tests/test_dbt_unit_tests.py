"""dbt's unit tests (hand-computed fixtures for the models' logic, ``models/**/_unit_tests*.yml``).

A production ``samrehab build`` leaves them out (they test the SQL, not the delivered data); this
test runs every one of them against a copy of the sample warehouse.
"""

from __future__ import annotations

import json
from pathlib import Path

from samrehab.dbt_runner import dbt_target_dir, run_dbt


def _declared_unit_tests() -> int:
    root = Path(__file__).resolve().parents[1] / "models"
    return sum(text.count("\n  - name: ") for text in
               (path.read_text(encoding="utf-8") for path in root.rglob("_unit_tests*.yml")))


def test_every_dbt_unit_test_passes(warehouse_copy: Path) -> None:
    outcome = run_dbt(["test", "--select", "test_type:unit"], warehouse_copy)
    assert outcome.success, "dbt unit tests failed:\n" + "\n".join(outcome.failures)
    results = json.loads((dbt_target_dir(warehouse_copy) / "run_results.json").read_text(encoding="utf-8"))
    ran = [r for r in results["results"] if r["unique_id"].startswith("unit_test.")]
    assert len(ran) >= 27, f"only {len(ran)} unit tests ran"
    assert len(ran) == _declared_unit_tests(), "every declared unit test runs"
    assert all(r["status"] == "pass" for r in ran)
