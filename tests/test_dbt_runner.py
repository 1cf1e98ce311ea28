"""How the build starts dbt: DuckDB's memory limit when none is configured."""

from __future__ import annotations

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
