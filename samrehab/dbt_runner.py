"""Run dbt once, in-process, against a given warehouse file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from samrehab.config import DBT_PROJECT_DIR, quiet_environment


@dataclass(frozen=True)
class DbtOutcome:
    """What one dbt invocation returned."""

    success: bool
    failures: list[str]


def run_dbt(args: Sequence[str], db_path: Path) -> DbtOutcome:
    """Invoke dbt with ``args`` (e.g. ``["build"]``) against ``db_path``; dbt prints its own log.

    The warehouse path reaches ``profiles.yml`` through ``SAMREHAB_DB``. dbt is called once per
    build (its start-up costs seconds), with usage tracking off.
    """
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(quiet_environment())
    os.environ["SAMREHAB_DB"] = str(db_path)
    from dbt.cli.main import dbtRunner

    full_args = [
        *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
    ]
    result = dbtRunner().invoke(full_args)
    failures: list[str] = []
    if result.result is not None and hasattr(result.result, "results"):
        for node_result in result.result.results:
            status = str(getattr(node_result, "status", ""))
            if status.lower() in {"error", "fail"}:
                failures.append(f"{node_result.node.unique_id}: {node_result.message}")
    if result.exception is not None:
        failures.append(f"dbt: {result.exception}")
    return DbtOutcome(success=bool(result.success), failures=failures)
