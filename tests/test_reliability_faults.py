"""Faults the other tests do not cover: kills at chosen stages, a real full disk, a read-only folder.

* SIGKILL of ``samrehab publish`` at three stages (still starting, temporary file just created,
  temporary file half written) while readers hold the snapshot open: one process keeps a read-only
  connection for the whole test, threads open one per query the way ``dashboards.data_access`` does.
* SIGKILL of ``samrehab ingest`` at four stages of a second delivery into a built warehouse.
* SIGKILL of ``samrehab build`` while dbt writes a table (a Python model of the marts).
* A full disk (a small tmpfs) under ingest, build and publish; a read-only folder under the three.

After every fault: the working warehouse holds the last committed delivery, the published snapshot is
the previous good one, the next run recovers without manual steps, and the user reads a clear message
(exit code 1, what went wrong and the fix; no Python traceback).

Full-disk and read-only cases mount a small tmpfs, which needs root; without root the full-disk cases
skip and say so, and the read-only cases use a folder without write permission instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import psutil
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "samrehab.cli"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


# --- helpers ------------------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the CLI; ``stdout`` holds both streams in the order a terminal shows them (``stderr`` is "").

    dbt (a child of ``build``) writes its log errors to stderr before the build prints its message to
    stdout; read separately, stderr would look like the last thing the user saw.
    """
    result = subprocess.run([*CLI, *args], cwd=PROJECT_ROOT, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
    result.stderr = ""
    return result


def _assert_clear_failure(
    result: subprocess.CompletedProcess[str], *needles: str, passes_dbt_log: bool = False,
) -> None:
    """Exit code 1, no traceback, and the message names the problem (every needle, case-insensitive).

    With ``passes_dbt_log`` (build) dbt's own log, printed above the message, may hold dbt's internal
    errors (on a full disk, Python logging errors for every line dbt could not write to its log file);
    the build's message after it, from "dbt build misslyckades" on, must still be clear.
    """
    output = result.stdout + result.stderr
    tail = "\n".join(output.splitlines()[-15:])
    marker = "dbt build misslyckades"  # the build's own message after dbt's log, when dbt ran
    if passes_dbt_log and marker in output:
        tail = output[output.rindex(marker):]
    assert result.returncode == 1, f"exit code {result.returncode}; last lines:\n{tail}"
    assert "Traceback" not in (tail if passes_dbt_log else output), f"a traceback instead of a message:\n{tail}"
    for needle in needles:
        assert needle.lower() in tail.lower(), f"{needle!r} missing from the last lines:\n{tail}"


def _raw_state(db: Path) -> dict[str, object]:
    """Rows of every ``raw`` table, per delivery where the table records it: what a delivery committed."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        state: dict[str, object] = {}
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' order by 1").fetchall()]
        for table in tables:
            columns = {name for (name,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?",
                [table]).fetchall()}
            if "_delivery_id" in columns:
                state[table] = con.execute(
                    f'select _delivery_id, count(*) from raw."{table}" group by 1 order by 1').fetchall()
            else:
                state[table] = con.execute(f'select count(*) from raw."{table}"').fetchone()[0]
        return state
    finally:
        con.close()


def _temporaries(snapshot: Path) -> list[str]:
    """Hidden work files of a publish next to ``snapshot`` (``.<name>.<pid>.tmp`` and its ``.wal``)."""
    return sorted(p.name for p in snapshot.parent.glob(f".{snapshot.name}.*"))


def _with_generation(snapshot: Path, target: Path, generation: int) -> Path:
    """A copy of a marts-only snapshot, usable as a publish source, marked with ``snapshot_info.generation``."""
    shutil.copy2(snapshot, target)
    con = duckdb.connect(str(target))
    try:
        con.execute("create or replace table marts.snapshot_info as select ? as generation", [generation])
    finally:
        con.close()
    return target


def _generation(snapshot: Path) -> int:
    """The generation in the file now at ``snapshot``. Attached to a fresh in-memory database: a plain
    ``duckdb.connect(path)`` would reuse a database this process still has open on the previous file."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach ? as snapshot (read_only)", [str(snapshot)])
        return int(con.execute("select generation from snapshot.marts.snapshot_info").fetchone()[0])
    finally:
        con.close()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _mount(folder: Path, options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)


def _remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, capture_output=True)


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Callable[[str, int], Path]]:
    """Mount a tmpfs of ``size_mb`` at ``tmp_path/name`` (root only); unmounted after the test."""
    mounted: list[Path] = []

    def mount(name: str, size_mb: int) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("a full disk is simulated with a small tmpfs, which needs root and mount(8): not available")
        result = _mount(folder, f"size={size_mb}m,mode=0700")
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}): the full-disk case needs one")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture()
def read_only_folder(tmp_path: Path) -> Iterator[Callable[[str, Callable[[Path], None]], Path]]:
    """A folder filled by ``fill(folder)`` and then made unwritable: a read-only tmpfs as root (root ignores
    permission bits), a folder of mode 0500 otherwise."""
    cleanups: list[Callable[[], None]] = []

    def make(name: str, fill: Callable[[Path], None]) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if os.geteuid() == 0:
            result = _mount(folder, "size=256m,mode=0700")
            if result.returncode != 0:
                pytest.skip(f"root ignores folder permissions and no tmpfs can be mounted ({result.stderr.strip()})")
            cleanups.append(lambda: subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False))
            fill(folder)
            _remount(folder, "ro")
        else:
            fill(folder)
            folder.chmod(0o500)
            cleanups.append(lambda: folder.chmod(0o700))
        return folder

    yield make
    for cleanup in reversed(cleanups):
        cleanup()


# --- publish killed while readers hold the snapshot open ----------------------------------------------

_HOLDING_READER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)  # held for the whole test, like a notebook or a report
ok, errors, generations = 0, [], set()
while True:
    try:
        generations.add(con.execute("select generation from marts.snapshot_info").fetchone()[0])
        con.execute("select count(*), sum(coalesce(value, 0)) from marts.metric_values").fetchone()
        ok += 1
    except Exception as exc:
        errors.append(repr(exc))
    if ok == 1:
        print("ready", flush=True)
    try:
        open(sys.argv[2]).close()
        break
    except FileNotFoundError:
        time.sleep(0.05)
print("done", ok, len(errors), sorted(generations), errors[:3], flush=True)
"""


def _wait_for_stage(process: subprocess.Popen[bytes], folder: Path, stage: str, timeout: float = 120) -> None:
    """Block until the publish in ``process`` reaches ``stage``: ``starting`` (0.2 s after its start),
    ``temp_created`` (its temporary snapshot file exists) or ``temp_written`` (2 MB of it are written)."""
    if stage == "starting":
        time.sleep(0.2)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the publish ended before the stage {stage!r}"
        sizes = [p.stat().st_size for p in folder.glob(f".*.{process.pid}.tmp*") if p.exists()]
        if sizes and (stage == "temp_created" or sum(sizes) >= 2_000_000):
            return
        time.sleep(0.005)
    raise AssertionError(f"the publish did not reach the stage {stage!r} in {timeout} s")


def _publish_process(source: Path, target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from samrehab.publish import publish_snapshot;"
         "publish_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))", str(source), str(target)],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


# `make test` kills when the new snapshot is written and about to be swapped in; `make test-full` also earlier
@pytest.mark.parametrize("stage", [pytest.param("starting", marks=pytest.mark.full),
                                   pytest.param("temp_created", marks=pytest.mark.full), "temp_written"])
def test_killed_publish_while_readers_hold_the_snapshot(published_snapshot: Path, tmp_path: Path, stage: str) -> None:
    from samrehab.publish import publish_snapshot
    from samrehab.read import queries

    gen0 = _with_generation(published_snapshot, tmp_path / "gen0.duckdb", 0)
    gen1 = _with_generation(published_snapshot, tmp_path / "gen1.duckdb", 1)
    target = tmp_path / "published" / "snapshot.duckdb"
    publish_snapshot(gen0, target)
    before = _digest(target)

    stop_file = tmp_path / "stop-reader"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDING_READER, str(target), str(stop_file)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"

    errors: list[str] = []
    seen: set[int] = set()
    stop = threading.Event()

    def per_query_reader() -> None:  # one fresh read-only connection per query, as samrehab.read.queries opens them
        while not stop.is_set():
            try:
                snapshot = queries.require_snapshot(target)
                frame = queries._query(snapshot.key, "select generation from marts.snapshot_info")
                seen.add(int(frame["generation"].iloc[0]))
            except Exception as exc:
                errors.append(repr(exc))

    readers = [threading.Thread(target=per_query_reader, daemon=True) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        publisher = _publish_process(gen1, target)
        _wait_for_stage(publisher, target.parent, stage)
        publisher.send_signal(signal.SIGKILL)
        publisher.wait(timeout=60)
        assert publisher.returncode == -signal.SIGKILL
        time.sleep(0.3)  # readers keep reading the snapshot after the kill
        assert _digest(target) == before, "a killed publish must leave the previous snapshot in place"
        assert _generation(target) == 0
        if stage != "starting":
            assert _temporaries(target), "the kill was meant to land while the temporary file was being written"

        # The next run recovers without manual steps, while a reader still holds the old file open.
        recovery = _publish_process(gen1, target)
        assert recovery.wait(timeout=300) == 0, recovery.stderr.read().decode() if recovery.stderr else ""
        assert _temporaries(target) == [], "stale temporaries remain"
        assert _generation(target) == 1
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
        stop_file.touch()
        holder_out, _ = holder.communicate(timeout=60)
    assert errors == [], errors[:3]
    assert seen and seen <= {0, 1}
    assert holder.returncode == 0, holder_out
    done = holder_out.strip().splitlines()[-1].split(" ", 4)
    assert done[0] == "done" and int(done[1]) > 0 and done[2] == "0", holder_out
    assert done[3] == "[0]", f"the held connection must keep reading the file it opened: {holder_out}"


# --- ingest killed at several stages of a second delivery ---------------------------------------------


@pytest.fixture(scope="module")
def second_delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second synthetic delivery (another seed, a later extract date): its rows replace the sample's by key."""
    folder = tmp_path_factory.mktemp("second") / "delivery"
    result = _cli("generate", "--out", str(folder), "--patients", "20000", "--seed", "2",
                  "--extract-date", "2026-01-31")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def ingest_states(sample_warehouse: Path, second_delivery: Path,
                  tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """The raw state of the sample warehouse, and its state after the second delivery was ingested."""
    from ingest.pipeline import ingest_delivery

    copy = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    shutil.copy2(sample_warehouse, copy)
    before = _raw_state(copy)
    assert ingest_delivery(second_delivery, copy).exit_code == 0
    after = _raw_state(copy)
    assert after != before, "the second delivery must change the raw layer"
    return before, after


@pytest.mark.parametrize(
    "marker",
    [
        # (`make test` kills at two moments; `make test-full` at all four)
        pytest.param("patients.csv: read", marks=pytest.mark.full),  # first entity read, nothing inserted yet
        pytest.param(  # a few entities inserted in the open transaction
            "referrals.csv: checked and loaded", marks=pytest.mark.full),
        "visits.parquet: checked and loaded",  # the largest entity inserted
        "patient_stories.csv: checked and loaded",  # last file loaded: the commit is near (or done)
    ],
)
def test_killed_ingest_keeps_the_last_committed_delivery(
    warehouse_copy: Path, second_delivery: Path, ingest_states: tuple[dict, dict], marker: str,
) -> None:
    from ingest.pipeline import ingest_delivery

    before, after = ingest_states
    assert _raw_state(warehouse_copy) == before
    process = subprocess.Popen([*CLI, "ingest", str(second_delivery), "--db", str(warehouse_copy)],
                               cwd=PROJECT_ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert any(marker in line for line in seen), f"the ingest never printed {marker!r}:\n{''.join(seen[-10:])}"
    assert process.returncode == -signal.SIGKILL, "".join(seen[-10:])

    state = _raw_state(warehouse_copy)
    if marker.startswith("patient_stories"):
        assert state in (before, after), "a killed ingest left a partly loaded delivery"
    else:
        assert state == before, "a killed ingest left rows of an uncommitted delivery"
    report = ingest_delivery(second_delivery, warehouse_copy)  # the next run recovers without manual steps
    assert report.exit_code == 0
    assert _raw_state(warehouse_copy) == after


# --- build killed while dbt writes a table -------------------------------------------------------------


def test_killed_build_while_dbt_writes_a_table(warehouse_copy: Path) -> None:
    from samrehab.build import build_warehouse
    from samrehab.publish import publish_snapshot

    snapshot = publish_snapshot(warehouse_copy)
    snapshot_digest = _digest(snapshot)
    raw_before = _raw_state(warehouse_copy)
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    spc_rows = con.execute("select count(*) from marts.metric_spc").fetchone()[0]
    con.close()

    process = subprocess.Popen([*CLI, "build", "--db", str(warehouse_copy), "--select", "metric_spc"],
                               cwd=PROJECT_ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    seen: list[str] = []
    children: list[psutil.Process] = []
    for line in process.stdout:
        seen.append(line)
        if "START python table model marts.metric_spc" in line:
            time.sleep(2.0)  # the model runs about 10 s: kill the build while dbt writes it
            children = psutil.Process(process.pid).children(recursive=True)
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL, "the build ended before the kill:\n" + "".join(seen[-10:])
    time.sleep(1.0)
    survivors = [child for child in children if _alive(child)]
    for child in survivors:  # end what the killed build left behind, so the rest of the test can run
        child.kill()
    assert survivors == [], (
        "dbt kept running after `samrehab build` was killed: it holds the warehouse lock and keeps writing"
    )

    assert _digest(snapshot) == snapshot_digest, "a killed build must not touch the published snapshot"
    assert _raw_state(warehouse_copy) == raw_before
    con = duckdb.connect(str(warehouse_copy))  # read-write: the next run can open it
    assert con.execute("select count(*) from marts.metric_spc").fetchone()[0] == spc_rows, "the old table must stay"
    con.close()
    assert build_warehouse(warehouse_copy, ["metric_spc"]), "the next build must recover without manual steps"
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    assert con.execute("select count(*) from marts.metric_spc").fetchone()[0] == spc_rows
    con.close()


# --- a full disk -----------------------------------------------------------------------------------------


def test_ingest_on_a_full_disk(small_disk: Callable[[str, int], Path], second_delivery: Path, tmp_path: Path) -> None:
    from ingest.pipeline import ingest_delivery

    disk = small_disk("disk", 3)
    db = disk / "samrehab.duckdb"
    _assert_clear_failure(_cli("ingest", str(second_delivery), "--db", str(db)), "disk is full", "Fix:")
    _remount(disk, "size=256m")  # space freed: the same command now succeeds
    result = _cli("ingest", str(second_delivery), "--db", str(db))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    reference = tmp_path / "reference.duckdb"
    assert ingest_delivery(second_delivery, reference).exit_code == 0
    assert _raw_state(db) == _raw_state(reference), "the failed ingest must have loaded nothing"


def test_publish_on_a_full_disk_keeps_the_previous_snapshot(
    small_disk: Callable[[str, int], Path], warehouse_copy: Path, published_snapshot: Path,
) -> None:
    from samrehab.config import published_path

    folder = published_path(warehouse_copy).parent
    size_mb = int(published_snapshot.stat().st_size * 1.5 / 2**20) + 1  # room for one snapshot, not two
    disk = small_disk(folder.name, size_mb)
    assert disk == folder
    first = _cli("publish", "--db", str(warehouse_copy))
    assert first.returncode == 0, first.stdout + first.stderr
    snapshot = published_path(warehouse_copy)
    before = _digest(snapshot)

    _assert_clear_failure(_cli("publish", "--db", str(warehouse_copy)), "publish failed", "No space left on device")
    assert _digest(snapshot) == before, "the previous snapshot must stay"
    assert _temporaries(snapshot) == [], "a failed publish must not leave temporaries (they fill the disk)"

    _remount(disk, f"size={size_mb * 3}m")
    again = _cli("publish", "--db", str(warehouse_copy))
    assert again.returncode == 0, again.stdout + again.stderr
    assert _temporaries(snapshot) == []


def test_build_on_a_full_disk(small_disk: Callable[[str, int], Path], sample_warehouse: Path) -> None:
    size_mb = int(sample_warehouse.stat().st_size / 2**20) + 4  # the warehouse fits, dbt's work does not
    disk = small_disk("disk", size_mb)
    db = disk / "samrehab.duckdb"
    shutil.copy2(sample_warehouse, db)
    raw_before = _raw_state(db)
    _assert_clear_failure(_cli("build", "--db", str(db), "--select", "metric_spc"), "disk is full", "Fix:",
                          passes_dbt_log=True)
    _remount(disk, f"size={size_mb * 3}m")  # space freed: the same command now succeeds
    assert _raw_state(db) == raw_before
    result = _cli("build", "--db", str(db), "--select", "metric_spc")
    assert result.returncode == 0, result.stdout[-3000:]


# --- a read-only folder --------------------------------------------------------------------------------


def test_ingest_into_a_read_only_folder(read_only_folder: Callable, second_delivery: Path) -> None:
    folder = read_only_folder("warehouse", lambda path: None)
    _assert_clear_failure(_cli("ingest", str(second_delivery), "--db", str(folder / "w.duckdb")),
                          "not writable", "Fix:")


def test_build_in_a_read_only_folder(read_only_folder: Callable, sample_warehouse: Path) -> None:
    folder = read_only_folder("warehouse", lambda path: shutil.copy2(sample_warehouse, path / "w.duckdb"))
    _assert_clear_failure(_cli("build", "--db", str(folder / "w.duckdb"), "--select", "metric_values"),
                          "not writable", "Fix:", passes_dbt_log=True)


def test_publish_into_a_read_only_folder(read_only_folder: Callable, warehouse_copy: Path,
                                         published_snapshot: Path) -> None:
    from samrehab.config import published_path

    snapshot = published_path(warehouse_copy)
    folder = read_only_folder(snapshot.parent.name, lambda path: shutil.copy2(published_snapshot, path / snapshot.name))
    assert folder == snapshot.parent
    before = _digest(snapshot)
    _assert_clear_failure(_cli("publish", "--db", str(warehouse_copy)), "publish failed")
    assert _digest(snapshot) == before
