"""The ``samrehab`` command line: a thin layer that wires sub-commands to their modules."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from samrehab.config import quiet_environment

COMMANDS: dict[str, str] = {
    "generate": "samrehab.generator.command",
    "ingest": "ingest.command",
    "deliveries": "ingest.deliveries_command",
    "withdraw": "ingest.withdraw_command",
    "build": "samrehab.build",
    "quality": "samrehab.quality.command",
    "publish": "samrehab.publish",
    "dashboard": "samrehab.dashboard_command",
    "report": "samrehab.report.command",
}


def _is_part_of(module_name: str, missing: str | None) -> bool:
    """Whether ``missing`` is ``module_name`` itself or one of its parent packages."""
    return missing is not None and (module_name == missing or module_name.startswith(missing + "."))


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="samrehab",
        description=(
            "Uppföljning av rehabiliteringens effektmål E1–E6 / follow-up of the rehabilitation "
            "effect goals E1–E6: generate sample data, ingest a delivery, build the warehouse, "
            "check data quality, publish, serve the dashboard, write the quarterly report."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not _is_part_of(module_name, exc.name):
                raise  # the command exists but something it imports is missing: a real error, not hidden
            sub.add_parser(name, help=f"(unavailable: {exc.name})")  # the command's own package is absent
            continue
        command_parser = sub.add_parser(
            name, help=module.HELP, description=module.HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command_parser)
        command_parser.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``samrehab`` console script; returns the process exit code."""
    for key, value in quiet_environment().items():
        os.environ.setdefault(key, value)
    parser = build_parser()
    args = parser.parse_args(argv)
    module = getattr(args, "_module", None)
    if module is None:
        parser.print_help()
        return 0 if args.command is None else 2
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
