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


def _command_package(tmp_path, monkeypatch: pytest.MonkeyPatch, body: str) -> str:  # noqa: ANN001
    """A throw-away command module on ``sys.path`` whose import runs ``body``; returns its name."""
    package = tmp_path / "samrehab_test_commands"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "broken.py").write_text(
        f"{body}\nHELP = 'a test command'\n\ndef add_arguments(parser):\n    pass\n\n"
        "def run(args):\n    return 0\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "samrehab_test_commands.broken"


def test_a_missing_dependency_inside_a_command_is_not_hidden(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = _command_package(tmp_path, monkeypatch, "import samrehab_no_such_dependency  # noqa: F401")
    monkeypatch.setitem(COMMANDS, "broken", module)
    with pytest.raises(ModuleNotFoundError) as error:
        build_parser()
    assert error.value.name == "samrehab_no_such_dependency"


def test_a_command_module_that_is_not_installed_is_listed_as_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(COMMANDS, "absent", "samrehab_no_such_package.command")
    help_text = build_parser().format_help()
    assert "(unavailable: samrehab_no_such_package)" in help_text
