"""Shared fixtures: the sample delivery ingested, built and published once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samrehab.config import SAMPLE_DELIVERY


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the committed sample delivery (ingest + dbt build + quality checks).

    Tests must not write to it: copy it (``warehouse_copy``) before changing anything.
    """
    from ingest.pipeline import ingest_delivery
    from samrehab.build import build_warehouse
    from samrehab.quality import run_quality_checks

    db_path = tmp_path_factory.mktemp("sample") / "samrehab.duckdb"
    report = ingest_delivery(SAMPLE_DELIVERY, db_path)
    assert report.exit_code == 0, "the sample delivery must ingest cleanly"
    assert build_warehouse(db_path), "dbt build of the sample warehouse failed (see the dbt log above)"
    quality = run_quality_checks(db_path)
    assert quality.passed, "error-level data-quality checks failed on the sample"
    return db_path


@pytest.fixture(scope="session")
def published_snapshot(sample_warehouse: Path) -> Path:
    """The published (marts-only, read-only) snapshot of the sample warehouse."""
    from samrehab.publish import publish_snapshot

    return publish_snapshot(sample_warehouse)


@pytest.fixture()
def warehouse_copy(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the sample warehouse that a test may change."""
    target = tmp_path / "copy.duckdb"
    shutil.copy2(sample_warehouse, target)
    return target
