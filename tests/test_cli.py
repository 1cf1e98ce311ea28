"""The command line: every sub-command is wired and explains itself."""

from __future__ import annotations

import pytest

from samrehab.cli import COMMANDS, build_parser, main


def test_every_command_is_available() -> None:
    help_text = build_parser().format_help()
    for name in COMMANDS:
        assert name in help_text
    assert "unavailable" not in help_text


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"samrehab {command}" in out
    assert len(out.splitlines()) >= 3


@pytest.mark.parametrize("command", ["ingest", "build", "quality", "publish", "dashboard", "report"])
def test_warehouse_commands_take_db(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--db" in capsys.readouterr().out


def test_build_without_warehouse_explains(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--db", str(tmp_path / "missing.duckdb")])
    assert code == 1
    assert "samrehab ingest" in capsys.readouterr().out
