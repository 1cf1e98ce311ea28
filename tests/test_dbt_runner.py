"""How the build starts dbt: DuckDB's memory limit when none is configured."""

from __future__ import annotations

from samrehab.dbt_runner import default_memory_limit


def test_default_memory_limit_is_six_gigabytes_or_sixty_percent_of_a_smaller_machine() -> None:
    assert default_memory_limit(24 * 2**30) == "6144MB"
    assert default_memory_limit(4 * 2**30) == f"{int(4 * 1024 * 0.6)}MB"
    assert default_memory_limit(256 * 2**20) == "512MB"
