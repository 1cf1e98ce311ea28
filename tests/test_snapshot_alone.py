"""The published snapshot is self-sufficient: the dashboard shows every page with nothing but the
snapshot file (reference tables included), and never reads the repository's seed files."""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_dashboard_pages import APP, PAGE_FILES, assert_page_ok

from samrehab.config import PROJECT_ROOT
from samrehab.publish import REFERENCE_TABLES
from samrehab.read.labels import t

SEEDS = (PROJECT_ROOT / "seeds").resolve()


def _alone(published_snapshot: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / "samrehab.marts.duckdb"
    shutil.copyfile(published_snapshot.resolve(), target)
    assert [p.name for p in folder.iterdir()] == [target.name]
    return target


@pytest.fixture()
def no_seed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail any attempt to open a file of the repository's seeds folder (Python or pandas)."""
    attempts: list[str] = []
    original_open, original_read_csv = builtins.open, pd.read_csv

    def guard(path: object) -> None:
        if isinstance(path, (str, Path)) and Path(path).resolve().is_relative_to(SEEDS):
            attempts.append(str(path))
            raise AssertionError(f"a seed file was read: {path}")

    def guarded_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        guard(file)
        return original_open(file, *args, **kwargs)

    def guarded_read_csv(source, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        guard(source)
        return original_read_csv(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(pd, "read_csv", guarded_read_csv)
    return attempts


def test_reference_tables_are_published_as_the_seed_text(published_snapshot: Path) -> None:
    con = duckdb.connect(str(published_snapshot.resolve()), read_only=True)
    try:
        for name in REFERENCE_TABLES:
            published = con.execute(f"select * from reference.{name}").df()
            seed = pd.read_csv(SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)
            assert list(published.columns) == list(seed.columns), name
            key = list(seed.columns)
            assert published.sort_values(key).reset_index(drop=True).equals(
                seed.sort_values(key).reset_index(drop=True)), f"reference.{name} differs from seeds/{name}.csv"
    finally:
        con.close()


def test_dashboard_shows_every_page_with_only_the_snapshot_file(
    published_snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_seed_files: list[str]
) -> None:
    snapshot = _alone(published_snapshot, tmp_path / "deployed")
    monkeypatch.chdir(snapshot.parent)
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(snapshot))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    seen = []
    for page in PAGE_FILES:
        if page != PAGE_FILES[0]:
            at.switch_page(page).run()
        assert_page_ok(at, page)
        seen.append(page)
        if page.endswith("overview.py"):
            assert at.metric, "the overview tiles"
            header = " ".join(str(c.value) for c in at.caption)
            assert "Region Västmanland" in header or "Region Dalarna" in header, "region name from reference.regions"
    assert len(seen) == len(PAGE_FILES) >= 10
    assert no_seed_files == []


def test_a_snapshot_without_reference_tables_is_explained(
    published_snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _alone(published_snapshot, tmp_path / "old")
    con = duckdb.connect(str(snapshot))
    con.execute("drop schema reference cascade")
    con.close()
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(snapshot))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert at.error and "samrehab publish" in at.error[0].value
    needed = "metric_catalogue, effect_goals, regions, care_levels, dimensions"
    assert at.error[0].value == t("snapshot_incomplete", "sv", path=str(snapshot.resolve()), tables=needed)


def test_no_reader_code_names_the_seed_files() -> None:
    sources = [*(PROJECT_ROOT / "samrehab" / "read").rglob("*.py"), *(PROJECT_ROOT / "dashboards").rglob("*.py"),
               *(PROJECT_ROOT / "samrehab" / "report").rglob("*.py")]
    assert sources
    named = [str(p.relative_to(PROJECT_ROOT)) for p in sources if '"seeds"' in p.read_text(encoding="utf-8")
             or "SEEDS_DIR" in p.read_text(encoding="utf-8")]
    assert not named, f"reader code that names the seed files: {named}"
