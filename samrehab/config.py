"""Paths and defaults shared by every command."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("warehouse/samrehab.duckdb")
SAMPLE_DELIVERY = PROJECT_ROOT / "data_samples" / "delivery"
DBT_PROJECT_DIR = PROJECT_ROOT


def published_path(db_path: Path) -> Path:
    """Return the path of the published (read-only, marts-only) snapshot for a warehouse."""
    db_path = Path(db_path)
    return db_path.parent / "published" / f"{db_path.stem}.marts.duckdb"


def snapshot_path_from_env() -> Path:
    """Snapshot the dashboard reads: ``SAMREHAB_SNAPSHOT``, else the default warehouse's snapshot."""
    env = os.environ.get("SAMREHAB_SNAPSHOT")
    if env:
        return Path(env)
    return published_path(Path(os.environ.get("SAMREHAB_DB", DEFAULT_DB)))


def quiet_environment() -> dict[str, str]:
    """Environment variables that keep dbt and great-expectations offline and silent about usage."""
    return {
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "GX_ANALYTICS_ENABLED": "False",
    }
