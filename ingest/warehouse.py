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


def connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open ``db_path`` read-write (creating folders and the file, mode 0600)."""
    db_path = Path(db_path)
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
