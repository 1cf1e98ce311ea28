"""Write checked chunks to DuckDB in a background thread, while the next chunk is checked.

DuckDB appends a chunk mostly on one core; checking the next chunk in polars meanwhile uses
the other. The writer takes one chunk at a time (a queue of one), so at most two chunks are in
flight. Every statement runs on the one connection (one transaction), never at the same time
as another: the ingest calls ``drain`` before it uses the connection itself. A failed write
is raised again in the ingest's thread (at the next ``submit`` or ``drain``) and the writes
after it are skipped, so the ingest rolls back as if it had written the chunk itself.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType

_STOP = object()


class Writer:
    """Runs submitted write jobs in order in one background thread (a context manager)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[object] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="ingest-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is _STOP:
                    return
                if self._error is None:
                    job()  # type: ignore[operator]
            except BaseException as exc:  # handed to the ingest's thread
                self._error = exc
            finally:
                self._jobs.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def submit(self, job: Callable[[], None]) -> None:
        """Queue ``job`` (waits while another job is queued); raises an earlier job's error."""
        self._raise()
        self._jobs.put(job)

    def drain(self) -> None:
        """Wait until every submitted job has run; raise the error of one that failed."""
        self._jobs.join()
        self._raise()

    def close(self) -> None:
        """Wait for the jobs, then stop the thread."""
        self._jobs.put(_STOP)
        self._thread.join()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
        if exc is None:
            self._raise()
