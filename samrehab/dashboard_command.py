"""``samrehab dashboard``: serve the Streamlit dashboard on the published snapshot."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from samrehab.auth import default_secrets_files, load_secrets, secrets_problems
from samrehab.config import DEFAULT_DB, PROJECT_ROOT, published_path

HELP = (
    "Starta instrumentpanelen / serve the dashboard (Streamlit) on the published snapshot. "
    "Listens on 127.0.0.1 unless --address says otherwise."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab dashboard``."""
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help="warehouse whose snapshot is shown (default %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8501, help="port (default %(default)s)")
    parser.add_argument(
        "--address", default="127.0.0.1",
        help="address to listen on (default %(default)s: this machine only; 0.0.0.0 exposes it to the network)",
    )
    parser.add_argument(
        "--secrets", type=Path, default=None,
        help="Streamlit secrets file with the sign-in settings ([auth], [access]); default: "
             "~/.streamlit/secrets.toml and .streamlit/secrets.toml of the repository",
    )


def streamlit_command(snapshot: Path, port: int, address: str, secrets: Path | None = None) -> list[str]:
    """The command line that serves the app (``secrets``: the only secrets file Streamlit reads)."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboards" / "app.py"),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]
    return command + (["--secrets.files", str(secrets)] if secrets is not None else [])


def sign_in_problems(secrets_file: Path | None, port: int) -> list[str]:
    """Why the sign-in settings would not work (empty: fine, or sign-in off), by key name, never by value."""
    if secrets_file is not None and not secrets_file.is_file():
        return [f"{secrets_file}: no such secrets file (--secrets)"]
    paths = [secrets_file] if secrets_file is not None else default_secrets_files(PROJECT_ROOT)
    secrets, problems = load_secrets(paths)
    return problems + secrets_problems(secrets, port)


def run(args: argparse.Namespace) -> int:
    """Serve the dashboard until interrupted."""
    secrets = args.secrets.resolve() if args.secrets is not None else None  # Streamlit runs from the repository
    problems = sign_in_problems(secrets, args.port)
    if problems:
        print("Instrumentpanelen startar inte: inloggningen är ofullständigt konfigurerad / the dashboard does not "
              "start: sign-in is configured but incomplete (docs/security.md):", file=sys.stderr)
        print("\n".join(f"  - {problem}" for problem in problems), file=sys.stderr)
        return 2
    snapshot = published_path(args.db).resolve()
    if not snapshot.exists():
        print(f"Ingen publicerad ögonblicksbild / no published snapshot at {snapshot}: run `samrehab build` first.")
        return 1
    env = dict(os.environ, SAMREHAB_SNAPSHOT=str(snapshot))
    host = "localhost" if args.address == "127.0.0.1" else args.address
    print(f"Instrumentpanel / dashboard: http://{host}:{args.port}")
    # From the repository root, so Streamlit reads .streamlit/config.toml (theme, no usage statistics).
    return serve(streamlit_command(snapshot, args.port, args.address, secrets), env)


def serve(command: list[str], env: dict[str, str]) -> int:
    """Run the Streamlit server until it ends; SIGTERM (a service manager's stop) and Ctrl-C stop it too.

    Without the handler, SIGTERM ended this process alone and left the server running on its port.
    """
    server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT)
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:  # the terminal sends SIGINT to the server too; wait for it to stop
        server.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
