"""``samrehab dashboard``: serve the Streamlit dashboard on the published snapshot."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

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


def streamlit_command(snapshot: Path, port: int, address: str) -> list[str]:
    """The command line that serves the app."""
    return [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboards" / "app.py"),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]


def run(args: argparse.Namespace) -> int:
    """Serve the dashboard until interrupted."""
    snapshot = published_path(args.db).resolve()
    if not snapshot.exists():
        print(f"Ingen publicerad ögonblicksbild / no published snapshot at {snapshot}: run `samrehab build` first.")
        return 1
    env = dict(os.environ, SAMREHAB_SNAPSHOT=str(snapshot))
    host = "localhost" if args.address == "127.0.0.1" else args.address
    print(f"Instrumentpanel / dashboard: http://{host}:{args.port}")
    try:
        # From the repository root, so Streamlit reads .streamlit/config.toml (theme, no usage statistics).
        return subprocess.call(streamlit_command(snapshot, args.port, args.address), env=env, cwd=PROJECT_ROOT)
    except KeyboardInterrupt:
        return 0
