"""Open the warehouse for writing, owner-only, and turn I/O failures into clear messages."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ingest.errors import WarehouseError

OWNER_ONLY = 0o600


@contextlib.contextmanager
def owner_only_files() -> Iterator[None]:
    """While active, new files (warehouse, WAL, temp files) are readable by the owner only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def explain_io_error(db_path: Path, exc: BaseException) -> str:
    """A message for a data steward: what went wrong with the warehouse file and the fix."""
    text = str(exc)
    low = text.lower()
    if "no space left" in low or "disk full" in low or "enospc" in low:
        return (f"The disk is full while writing the warehouse {db_path}; nothing was loaded "
                "(the delivery was rolled back). Fix: free disk space, then run the ingest again.")
    if "lock" in low or "conflicting" in low:
        return (f"The warehouse {db_path} is in use by another process (a build, the dashboard "
                "or a notebook with a read-write connection). Fix: close it and run the ingest "
                "again.")
    if "permission" in low or "read-only" in low or "readonly" in low:
        return (f"The warehouse {db_path} cannot be written (permission denied). Fix: choose "
                "a writable --db path or fix the folder's permissions.")
    first = text.splitlines()[0] if text else type(exc).__name__
    return (f"The warehouse {db_path} cannot be written ({first}); nothing was loaded. Fix: "
            "check free disk space and that the folder is writable.")


#: Bytes 8–11 of every DuckDB database file.
_DUCKDB_MAGIC = b"DUCK"


def check_warehouse_path(db_path: Path) -> None:
    """``db_path`` must be a DuckDB warehouse (or not exist yet) and not a published snapshot.

    Checked before the file is opened or its mode changed, so a wrong ``--db`` never
    touches the file it names.
    """
    if db_path.name.endswith(".marts.duckdb") or db_path.parent.name == "published":
        raise WarehouseError(
            f"{db_path} is the published snapshot (marts only, read by the dashboard); the "
            "ingest never writes there. Fix: give the warehouse itself as --db, e.g. "
            "warehouse/samrehab.duckdb")
    if not db_path.exists():
        return
    if not db_path.is_file():
        raise WarehouseError(f"{db_path} is not a file. Fix: give a DuckDB warehouse file "
                             "as --db")
    try:
        with db_path.open("rb") as fh:
            head = fh.read(12)
    except OSError as exc:
        raise WarehouseError(f"The warehouse {db_path} cannot be read ({exc.strerror}). Fix: "
                             "run as its owner or choose another --db path.") from exc
    if db_path.stat().st_size > 0 and head[8:12] != _DUCKDB_MAGIC:
        raise WarehouseError(
            f"{db_path} is not a DuckDB warehouse (it holds something else, e.g. a CSV file); "
            "nothing was loaded and the file was not changed. Fix: give the warehouse's "
            ".duckdb file as --db, or a new path")
    probe = duckdb.connect(str(db_path), read_only=True) if db_path.stat().st_size else None
    if probe is not None:
        try:
            schemas = {r[0] for r in probe.execute(
                "SELECT DISTINCT schema_name FROM information_schema.schemata").fetchall()}
        finally:
            probe.close()
        if "marts" in schemas and "raw" not in schemas:
            raise WarehouseError(
                f"{db_path} looks like a published snapshot (marts only, no raw layer); the "
                "ingest never writes there. Fix: give the warehouse itself as --db")


def open_existing(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse (for ``deliveries`` and ``withdraw``)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise WarehouseError(f"There is no warehouse at {db_path}. Fix: give the --db of an "
                             "ingested warehouse, or run `samrehab ingest` first")
    check_warehouse_path(db_path)
    if read_only:
        try:
            return duckdb.connect(str(db_path), read_only=True)
        except (duckdb.Error, OSError) as exc:
            raise WarehouseError(explain_io_error(db_path, exc)) from exc
    return connect(db_path)


def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open ``db_path`` read-write (creating folders and the file, mode 0600)."""
    db_path = Path(db_path)
    try:
        check_warehouse_path(db_path)
    except duckdb.Error as exc:
        raise WarehouseError(explain_io_error(db_path, exc)) from exc
    parent = db_path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(
            f"Cannot create the folder {parent} for the warehouse ({exc.strerror}). Fix: "
            "choose a writable --db path.") from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise WarehouseError(
            f"The folder {parent} is not writable. Fix: choose a writable --db path or fix the "
            "folder's permissions.")
    if db_path.exists() and not os.access(db_path, os.R_OK | os.W_OK):
        raise WarehouseError(
            f"The warehouse {db_path} cannot be written (permission denied). Fix: run as its "
            "owner or choose another --db path.")
    try:
        with owner_only_files():
            con = duckdb.connect(str(db_path))
    except (duckdb.Error, OSError) as exc:
        raise WarehouseError(explain_io_error(db_path, exc)) from exc
    try:  # no progress bar of long queries in the ingest's output
        con.execute("SET enable_progress_bar = false")
        os.chmod(db_path, OWNER_ONLY)
    except OSError as exc:  # pragma: no cover - we just created or opened it
        con.close()
        raise WarehouseError(explain_io_error(db_path, exc)) from exc
    return con
