"""How the build starts dbt: DuckDB's memory limit when none is configured."""

from __future__ import annotations

from pathlib import Path

from samrehab.dbt_runner import default_memory_limit


def test_default_memory_limit_is_six_gigabytes_or_sixty_percent_of_a_smaller_machine() -> None:
    assert default_memory_limit(24 * 2**30) == "6144MB"
    assert default_memory_limit(4 * 2**30) == f"{int(4 * 1024 * 0.6)}MB"
    assert default_memory_limit(256 * 2**20) == "512MB"


def test_the_dbt_child_declines_jsonschemas_slow_optional_import() -> None:
    """jsonschema builds an IRI grammar at import when rfc3987-syntax is installed (2.4 s per dbt run).

    The dbt child imports samrehab first, which declines that optional import; dbt itself still imports.
    """
    import subprocess
    import sys

    from samrehab.dbt_runner import _DBT_MAIN

    probe = _DBT_MAIN.replace("sys.exit(cli())", "import jsonschema; print(sys.modules.get('rfc3987_syntax'))")
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "None"


def test_a_new_warehouse_starts_from_the_saved_parse_of_an_earlier_one(sample_warehouse, tmp_path) -> None:
    """Every new warehouse folder made dbt re-read the whole project (about 15 s of CPU per build).

    A warehouse of the same file name in another folder (here: the sample's) now starts from the
    saved parse of the earlier one.
    """
    from samrehab.dbt_runner import dbt_target_dir, parse_seed, run_dbt

    assert parse_seed(sample_warehouse).is_file(), "the sample's build keeps its parse for the next warehouse"
    db = tmp_path / "new" / sample_warehouse.name
    assert run_dbt(["parse"], db).success
    log = (dbt_target_dir(db) / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in log, "the new warehouse parsed the whole project again"


def test_builds_with_other_variables_keep_their_own_saved_parse() -> None:
    from samrehab.dbt_runner import parse_seed

    usual = parse_seed(Path("/a/samrehab.duckdb"), ["build"])
    assert usual == parse_seed(Path("/b/samrehab.duckdb"), ["build", "--select", "metric_values"])
    windows = parse_seed(Path("/a/samrehab.duckdb"), ["run", "--vars", '{"suppression_passes": "windows"}'])
    assert windows != usual and windows.parent == usual.parent
    assert parse_seed(Path("/a/other.duckdb"), ["build"]) != usual
