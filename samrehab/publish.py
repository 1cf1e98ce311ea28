"""Publish the dashboard snapshot: the aggregated marts and the reference tables, swapped in by atomic rename.

Readers (dashboard, report) open the snapshot read-only; the pipeline never writes to it in
place. A new file is written next to the old one and moved over it with ``os.replace``, so a
reader sees either the previous snapshot or the new one, never a half-written file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path

from samrehab.config import DEFAULT_DB, published_path
from samrehab.identifiers import PATIENT_LEVEL_COLUMNS

HELP = (
    "Publicera ögonblicksbild / publish the snapshot: copy the aggregated marts (no patient-level "
    "rows) from the warehouse into a read-only file for the dashboard and the report."
)

#: Reference tables (dbt seeds) the readers need, copied into the snapshot's ``reference`` schema with
#: every column as text, so a snapshot file alone is enough to show the dashboard and print the report.
REFERENCE_TABLES = (
    "metric_catalogue", "effect_goals", "regions", "municipalities", "dimensions", "care_levels", "sexes",
    "age_bands", "professions", "diagnosis_groups", "need_levels",
)
REFERENCE_SCHEMA = "reference"
SEEDS_SCHEMA = "seeds"


class PublishError(RuntimeError):
    """The snapshot could not be published; the previous one is left in place."""


def publish_snapshot(db_path: Path, snapshot_path: Path | None = None) -> Path:
    """Copy every ``marts`` table and the ``REFERENCE_TABLES`` of ``db_path`` into a new snapshot file and
    swap it in atomically.

    Returns the snapshot path. Raises ``PublishError`` with a readable message on failure; the
    previous snapshot then stays untouched.
    """
    import duckdb

    db_path = Path(db_path)
    target = Path(snapshot_path) if snapshot_path else published_path(db_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create {target.parent}: {exc.strerror}") from exc
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        remove_stale_temporaries(target)
        temporary.unlink(missing_ok=True)
        con = duckdb.connect(str(temporary))
        try:
            con.execute(f"attach '{db_path}' as source (read_only)")
            source_tables = _source_tables(con)
            con.execute("create schema if not exists marts")
            for table_name in source_tables:
                con.execute(
                    f'create table marts."{table_name}" as select * from source.marts."{table_name}"'
                )
            _copy_reference_tables(con)
            con.execute("detach source")
            con.execute("checkpoint")
        finally:
            con.close()
        os.chmod(temporary, 0o600)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        # Each publish gets its own file and ``target`` becomes a symbolic link to it, swapped atomically.
        # Readers resolve the link (data_access.current_snapshot), so a new snapshot has a new path and
        # DuckDB never hands back a database this process still has open on the previous file.
        version = target.with_name(f"{target.stem}.{time.time_ns()}{target.suffix}")
        os.replace(temporary, version)
        link = target.with_name(f".{target.name}.{os.getpid()}.link.tmp")
        link.unlink(missing_ok=True)
        os.symlink(version.name, link)
        os.replace(link, target)
        for old in sorted(target.parent.glob(f"{target.stem}.*{target.suffix}"))[:-2]:
            old.unlink(missing_ok=True)  # keep the current file and the previous one
    except OSError as exc:
        _discard(temporary)
        raise PublishError(f"cannot write the snapshot {target}: {exc.strerror or exc}") from exc
    except duckdb.Error as exc:
        _discard(temporary)
        raise PublishError(f"cannot publish from {db_path}: {exc}") from exc
    except PublishError:
        _discard(temporary)
        raise
    return target


def _discard(temporary: Path) -> None:
    """Remove a temporary snapshot and its write-ahead log (DuckDB leaves one when a checkpoint fails)."""
    for path in (temporary, temporary.with_name(temporary.name + ".wal")):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete half-written snapshot files left by a publish that was killed; return what was removed."""
    removed = []
    for stale in target.parent.glob(f".{target.name}.*.tmp*"):
        pid_text = stale.name.removeprefix(f".{target.name}.").split(".")[0]
        if pid_text.isdigit() and _process_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another publish is writing it right now
        stale.unlink(missing_ok=True)
        removed.append(stale)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy_reference_tables(con) -> None:
    """``seeds.<name>`` of the warehouse into ``reference.<name>`` of the snapshot, every column as text
    (as in the seed file: ``true``/``false``, whole numbers without decimals, blanks as empty strings).
    A source that is itself a published snapshot (republishing) gives its ``reference.<name>`` as it is."""
    con.execute(f"create schema if not exists {REFERENCE_SCHEMA}")
    for name in REFERENCE_TABLES:
        for schema in (SEEDS_SCHEMA, REFERENCE_SCHEMA):
            types = dict(con.execute(
                "select column_name, data_type from information_schema.columns where table_catalog = 'source' "
                "and table_schema = ? and table_name = ? order by ordinal_position", [schema, name]
            ).fetchall())
            if types:
                break
        else:
            raise PublishError(f"the warehouse has no {SEEDS_SCHEMA}.{name}: run `samrehab build` (dbt seed) first")
        leaked = set(types) & PATIENT_LEVEL_COLUMNS
        if leaked:
            raise PublishError(f"{schema}.{name} has patient-level columns {sorted(leaked)}: not published")
        text = ", ".join(f'coalesce({_as_text(column, data_type)}, \'\') as "{column}"'
                         for column, data_type in types.items())
        con.execute(f'create table {REFERENCE_SCHEMA}."{name}" as select {text} from source.{schema}."{name}"')


def _as_text(column: str, data_type: str) -> str:
    """SQL writing a seed column as the seed file has it: a whole number without ``.0``."""
    quoted = f'"{column}"'
    if data_type.upper() in ("DOUBLE", "FLOAT", "REAL") or data_type.upper().startswith("DECIMAL"):
        return (f"case when {quoted} = floor({quoted}) then cast(cast({quoted} as bigint) as varchar) "
                f"else cast({quoted} as varchar) end")
    return f"cast({quoted} as varchar)"


def _source_tables(con) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = 'source' and table_schema = 'marts' order by table_name"
    ).fetchall()
    tables = []
    for (table_name,) in rows:
        columns = {
            name for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_catalog = 'source' and table_schema = 'marts' and table_name = ?", [table_name]
            ).fetchall()
        }
        leaked = columns & PATIENT_LEVEL_COLUMNS
        if leaked:
            raise PublishError(
                f"marts.{table_name} has patient-level columns {sorted(leaked)}: not published"
            )
        tables.append(table_name)
    return tables


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``samrehab publish``."""
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file (default %(default)s)")


def run(args: argparse.Namespace) -> int:
    """``samrehab publish``: publish the snapshot of an already built warehouse."""
    try:
        target = publish_snapshot(args.db)
    except PublishError as exc:
        print(f"Publicering misslyckades / publish failed: {exc}")
        return 1
    print(f"Publicerad / published: {target}")
    return 0
