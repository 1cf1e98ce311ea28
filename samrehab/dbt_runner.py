"""Run dbt once, in a child process, against a given warehouse file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from samrehab.config import DBT_PROJECT_DIR, DEFAULT_DB, quiet_environment

# ``import samrehab`` first: it declines a slow optional import of jsonschema (samrehab/__init__.py).
_DBT_MAIN = "import sys, samrehab; from dbt.cli.main import cli; sys.exit(cli())"
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to kill dbt when the build that started it dies (even by SIGKILL).

    Without it a killed ``samrehab build`` would leave dbt running, holding the warehouse lock.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


@dataclass(frozen=True)
class DbtOutcome:
    """What one dbt invocation returned."""

    success: bool
    failures: list[str]


def dbt_target_dir(db_path: Path) -> Path:
    """Where dbt writes its artefacts for this warehouse.

    The default warehouse uses the project's ``target/`` (so ``make docs`` finds it); any other
    warehouse gets a folder next to its file, so builds of different warehouses never share
    artefacts.
    """
    db_path = Path(db_path).resolve()
    if db_path == (DBT_PROJECT_DIR / DEFAULT_DB).resolve():
        return DBT_PROJECT_DIR / "target"
    return db_path.parent / f".dbt_{db_path.stem}"


def parse_seed(db_path: Path, args: Sequence[str] = ()) -> Path:
    """dbt's saved parse for warehouses of this file name, shared by every warehouse folder.

    dbt re-reads the whole project (about 15 s of CPU) when a target folder has no saved parse
    (``partial_parse.msgpack``), which is the case for every new warehouse. dbt only reuses a saved
    parse when the project files, the variables and the profile's connection settings are the
    same; the warehouse's file name is part of those (dbt runs in the warehouse's folder and
    opens it by name, see :func:`run_dbt`), so the seeds are kept per file name, and per value of
    ``--vars`` among ``args`` (a build with other variables must not replace the usual seed).
    """
    name = Path(db_path).name
    if "--vars" in args:
        index = list(args).index("--vars")
        variables = args[index + 1] if index + 1 < len(args) else ""
        name += "." + hashlib.sha256(variables.encode("utf-8")).hexdigest()[:12]
    return DBT_PROJECT_DIR / "target" / "parse_seeds" / f"{name}.msgpack"


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a temporary file, so that readers never see half a file.

    The saved parse is only a speed-up: when it cannot be copied (a read-only project folder, a
    full disk), dbt parses the project itself.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)


def _modified(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def default_memory_limit(physical_bytes: int | None = None) -> str:
    """DuckDB's memory limit for the build when ``SAMREHAB_MEMORY_LIMIT`` is not set: 6 GB, or 60 %
    of the machine's memory when that is less (beyond the limit DuckDB spills to disk)."""
    if physical_bytes is None:
        try:
            physical_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (AttributeError, ValueError, OSError):
            return "6GB"
    megabytes = min(6 * 1024, int(physical_bytes * 0.6 / 2**20))
    return f"{max(megabytes, 512)}MB"


def run_dbt(args: Sequence[str], db_path: Path) -> DbtOutcome:
    """Invoke dbt with ``args`` (e.g. ``["build"]``) against ``db_path``; dbt prints its own log.

    dbt runs in a child process (its DuckDB connection must not outlive the build, and a killed
    build must not leave a half-open connection in the caller). The warehouse path reaches
    ``profiles.yml`` through ``SAMREHAB_DB`` as a bare file name, and dbt runs in the warehouse's
    folder: the profile then reads the same for every warehouse of that name, so a new warehouse
    starts from the saved parse of an earlier one (:func:`parse_seed`) instead of re-reading the
    project. Call it once per build: dbt's start-up costs seconds.
    """
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    target_dir = dbt_target_dir(db_path)
    saved_parse = target_dir / "partial_parse.msgpack"
    seed = parse_seed(db_path, args)
    if not saved_parse.exists() and seed.exists():
        _copy_atomically(seed, saved_parse)
    parse_before = _modified(saved_parse)
    env = dict(os.environ, **quiet_environment(), SAMREHAB_DB=db_path.name)
    env.setdefault("SAMREHAB_MEMORY_LIMIT", default_memory_limit())
    command = [
        sys.executable, "-c", _DBT_MAIN, *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ]
    (target_dir / "run_results.json").unlink(missing_ok=True)
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    completed = subprocess.run(command, env=env, cwd=db_path.parent, check=False, preexec_fn=preexec)
    if _modified(saved_parse) not in (None, parse_before):  # dbt parsed and saved: keep it for the next warehouse
        _copy_atomically(saved_parse, seed)
    failures = _failures_from_results(target_dir / "run_results.json")
    if completed.returncode != 0 and not failures:
        failures.append(f"dbt exited with code {completed.returncode} (see its log above)")
    return DbtOutcome(success=completed.returncode == 0, failures=failures)


def _failures_from_results(results_path: Path) -> list[str]:
    if not results_path.exists():
        return []
    try:
        results = json.loads(results_path.read_text(encoding="utf-8")).get("results", [])
    except (OSError, json.JSONDecodeError):
        return []
    return [
        f"{result.get('unique_id')}: {result.get('message')}"
        for result in results
        if str(result.get("status", "")).lower() in {"error", "fail"}
    ]
