"""Run the checks as great-expectations suites over pandas frames, offline, in an ephemeral context.

One pandas data asset (each frame is a batch parameter), one suite per dimension and dataset
(``completeness.entity.visits``), one validation definition per suite. Results stay in memory
(and in the Data Docs site, when a folder is given). Every expectation result is inspected for
``exception_info`` and for missing counts, so a check that could not be computed is reported as
such, never as a pass.

A ``groups`` check's expectation is the check's own, over its frame (one row per group). The
``column`` and ``aggregate`` checks of a row source are validated on the dataset's *profile*
(:mod:`samrehab.quality.profiles`: the counts computed in SQL), as one row with a column per check
(:func:`profile_column`): a column check as its success ratio ≥ ``mostly`` (great-expectations'
own test of ``mostly``, as ``ExpectColumnMinToBeBetween`` over the one value, so the Data Docs show
the ratio), an aggregate as its own expectation over the statistic. What was counted
(expectation, arguments, rows, unexpected values and the most common of them) is in the
expectation's ``notes``, shown in the Data Docs.

Importing great-expectations takes seconds of Python: :func:`start_gx_import` starts it in a
background thread, so it overlaps the SQL, and :func:`run_suites` waits for it.
"""

from __future__ import annotations

import contextlib
import operator
import os
import sys
import threading
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from samrehab.config import quiet_environment
from samrehab.quality.model import Check

SITE_NAME = "samrehab_data_quality"
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


@dataclass
class CheckOutcome:
    """The great-expectations result of one check (or why there is none)."""

    check: Check
    success: bool = False
    result: dict[str, Any] = field(default_factory=dict)
    exception: str | None = None

    @property
    def unexpected_index(self) -> set[Any]:
        """Frame indices great-expectations found unexpected (``groups`` checks, COMPLETE format)."""
        return set(self.result.get("unexpected_index_list") or [])


def exception_message(exception_info: Any) -> str | None:
    """The message of an exception recorded in a result's ``exception_info``, else None.

    great-expectations records either ``{"raised_exception": bool, ...}`` or, when a metric failed,
    a mapping of metric ids to such dicts.
    """
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message") or "unknown error")
    for value in exception_info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "unknown error")
    return None


#: Optional modules great-expectations' dependencies import without needing them here:
#: ``rfc3987_syntax`` builds a parser for jsonschema's ``iri`` format at import (about a second).
_SKIPPED_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def _import_now() -> Any:
    """Import great-expectations with analytics off and the optional parsers above skipped (they
    are blocked only while great-expectations imports; importing them later works as usual)."""
    for key, value in quiet_environment().items():
        os.environ.setdefault(key, value)
    blocked = [name for name in _SKIPPED_OPTIONAL_IMPORTS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import great_expectations as gx
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return gx


class _BackgroundImport:
    """great-expectations imported in a thread while the main thread waits on DuckDB."""

    def __init__(self) -> None:
        self.module: Any = None
        self.seconds = 0.0
        self.thread = threading.Thread(target=self._run, name="great-expectations-import")

    def _run(self) -> None:
        started = time.perf_counter()
        with contextlib.suppress(BaseException):  # the waiting thread imports again and raises the error
            self.module = _import_now()
        self.seconds = time.perf_counter() - started


_background: _BackgroundImport | None = None
_background_lock = threading.Lock()


def _warm_up_conversions() -> None:
    """Run one DuckDB → pandas conversion of every column type the datasets have, so the main thread
    imports what it needs for that before the import thread starts (no two threads import the same
    modules at once)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("select 'a' as t, cast(1.5 as double) as d, cast(1 as integer) as i, "
                    "cast(null as integer) as n, cast(2 as bigint) as b, date '2025-01-01' as day, true as flag, "
                    "cast(null as boolean) as nb").df()
    finally:
        con.close()


def start_gx_import() -> None:
    """Start importing great-expectations in a background thread (no-op when started or done)."""
    global _background
    with _background_lock:
        if _background is not None or "great_expectations.expectations" in sys.modules:
            return
        _warm_up_conversions()
        _background = _BackgroundImport()
        _background.thread.start()


def _import_gx(timings: dict[str, float] | None = None) -> Any:
    """great-expectations: the background import's result (waited for), else imported here."""
    started = time.perf_counter()
    with _background_lock:
        background = _background
    gx = None
    if background is not None:
        background.thread.join()
        if timings is not None:
            timings["gx_import_thread"] = background.seconds
        gx = background.module
    if gx is None:  # not started, or it failed: import here (raises the import error, if any)
        gx = _import_now()
    if timings is not None:
        timings["gx_import"] = time.perf_counter() - started
    return gx


def _context(gx: Any, docs_dir: Path | None) -> Any:
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites: dict[str, Any] = {}
    if docs_dir is not None:
        sites[SITE_NAME] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites=sites,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _row_condition(conditions: tuple[tuple[str, str, Any], ...]) -> Any:
    from great_expectations.expectations.row_conditions import Column

    combined = None
    for column, op, value in conditions:
        condition = _OPERATORS[op](Column(column), value)
        combined = condition if combined is None else combined & condition
    return combined


def profile_column(check: Check) -> str:
    """The column of a row source's validation frame that holds ``check``'s success ratio (column
    checks) or statistic (aggregate checks): ``<check name>:<column>``, unique within a dataset."""
    return f"{check.name}:{check.validated_column}"


def validation_frame(checks: list[Check], profile: pd.DataFrame) -> pd.DataFrame:
    """A row source's profile as great-expectations validates it: one row, a float column per check
    (column checks: the success ratio, 1.0 when there was nothing to count, which great-expectations
    counts as a success whatever ``mostly``; aggregate checks: the statistic)."""
    rows = {str(r["check_key"]): r for r in profile.to_dict("records")}
    values = {}
    for check in checks:
        row = rows[check.key]
        if check.kind == "column":
            values[profile_column(check)] = [1.0 if pd.isna(row["success_ratio"]) else row["success_ratio"]]
        else:
            values[profile_column(check)] = [row["statistic"]]
    return pd.DataFrame(values, dtype="float64")


def _counted(check: Check) -> str:
    """The check's expectation as counted in SQL, for ``meta`` and the notes (long sets shortened)."""
    def short(value: Any) -> str:
        if isinstance(value, (list, tuple)) and len(value) > 12:
            return f"[{', '.join(map(str, value[:12]))}, … ({len(value)} values)]"
        return repr(value)

    args = ", ".join(f"{k}={short(v)}" for k, v in check.kwargs.items())
    where = " and ".join(f"{c} {op} {v!r}" for c, op, v in check.conditions)
    return f"{check.expectation}({args}){' where ' + where if where else ''}"


def _profile_notes(check: Check, profile: dict[str, Any]) -> str:
    """What was counted in SQL for a column or aggregate check, and the most common unexpected values."""
    text = f" Räknat i SQL / counted in SQL: {_counted(check)} over {profile['element_count']} rows"
    if check.kind == "column":
        text += (f" ({profile['nonnull_count']} non-missing): {profile['unexpected_count']} unexpected; "
                 "validated here as the success ratio (expected ÷ counted) ≥ mostly.")
    else:
        text += f": statistic {profile['statistic']}."
    if profile.get("unexpected_values"):
        text += (f" Vanligaste avvikande värden / most common unexpected values (count): "
                 f"{profile['unexpected_values']}.")
    return text


def build_expectation(gx: Any, check: Check, profile: dict[str, Any] | None = None) -> Any:
    """The great-expectations expectation of ``check``, with the check's context in ``meta``.

    ``groups`` checks: the check's expectation over its frame. ``column`` and ``aggregate``
    checks: over their column (:func:`profile_column`) of the row source's validation frame;
    ``profile`` is the check's row of the profile (for the notes)."""
    meta: dict[str, Any] = {
        "check_key": check.key, "check_name": check.name, "dimension": check.dimension,
        "severity": check.severity, "threshold": check.threshold,
    }
    notes = f"{check.title_sv} / {check.title_en}. Gräns / limit: {check.threshold}. Åtgärd: {check.fix_sv}"
    if check.kind == "groups":
        expectation_class = getattr(gx.expectations, check.expectation)
        kwargs = dict(check.kwargs)
        if check.conditions:
            kwargs["row_condition"] = _row_condition(check.conditions)
        return expectation_class(**kwargs, meta=meta, notes=notes)
    meta["counted_in_sql"] = _counted(check)
    if profile is not None:
        notes += _profile_notes(check, profile)
    if check.kind == "column":
        expectation_class = gx.expectations.ExpectColumnMinToBeBetween
        kwargs = {"column": profile_column(check), "min_value": float(check.kwargs.get("mostly", 1.0))}
    else:
        expectation_class = getattr(gx.expectations, check.expectation)
        kwargs = {**{k: v for k, v in check.kwargs.items() if k != "column"}, "column": profile_column(check)}
    return expectation_class(**kwargs, meta=meta, notes=notes)


def _result_format(checks: list[Check]) -> dict[str, Any]:
    if any(c.kind == "groups" for c in checks):
        return {"result_format": "COMPLETE"}
    return {"result_format": "SUMMARY", "partial_unexpected_count": 20}


def _inspect(outcome: CheckOutcome, validation_result: Any) -> None:
    outcome.result = dict(validation_result.result or {})
    outcome.success = bool(validation_result.success)
    outcome.exception = exception_message(validation_result.exception_info)
    if outcome.exception is None and validation_result.success is None:
        outcome.exception = "great-expectations returned no success value"
    if outcome.exception is None and outcome.check.kind == "groups" and outcome.result.get("element_count") is None:
        outcome.exception = "great-expectations returned no counts (the metric was not computed)"
    if outcome.exception is None and outcome.check.kind != "groups" and "observed_value" not in outcome.result:
        outcome.exception = "great-expectations returned no observed value"


@dataclass
class SuiteRun:
    """Outcomes by check key; the Data Docs index, or why it could not be built."""

    outcomes: dict[str, CheckOutcome]
    docs_index: Path | None = None
    docs_problem: str | None = None


def _profile_rows(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """A profile frame's rows by check key (empty for a frame without ``check_key``)."""
    if "check_key" not in frame.columns:
        return {}
    return {str(r["check_key"]): r for r in frame.to_dict("records")}


def run_suites(
    checks: list[Check], frames: dict[str, pd.DataFrame], docs_dir: Path | None = None,
    timings: dict[str, float] | None = None, problems: dict[str, str] | None = None,
) -> SuiteRun:
    """Validate every check whose dataset is in ``frames``; build the Data Docs into ``docs_dir``
    (absolute or relative to the working directory) when given.

    ``problems`` (check key → reason) are checks that could not be prepared (their dataset or
    profile row could not be read): they are not validated and report the reason. A column or
    aggregate check needs its row in the profile frame of its dataset."""
    timings = timings if timings is not None else {}
    problems = problems or {}
    docs_dir = docs_dir.resolve() if docs_dir is not None else None
    gx = _import_gx(timings)
    started = time.perf_counter()
    outcomes = {c.key: CheckOutcome(c) for c in checks}
    profile_rows = {name: _profile_rows(frame) for name, frame in frames.items()}
    by_suite: dict[tuple[str, str], list[Check]] = defaultdict(list)
    profiled: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        if check.key in problems:
            outcomes[check.key].exception = problems[check.key]
        elif check.dataset not in frames:
            outcomes[check.key].exception = f"the dataset {check.dataset} could not be read from the warehouse"
        elif check.kind != "groups" and check.key not in profile_rows[check.dataset]:
            outcomes[check.key].exception = f"the profile of {check.dataset} has no row for the check"
        else:
            by_suite[(check.dataset, check.suite_name)].append(check)
            if check.kind != "groups":
                profiled[check.dataset].append(check)
    # a row source is validated as one row with a column per check; a frame dataset as it is
    batches = {name: validation_frame(profiled[name], frame) if name in profiled else frame
               for name, frame in frames.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=FutureWarning)
        context = _context(gx, docs_dir)
        # One asset and batch definition for every frame (the frame is a run-time batch parameter;
        # the suite names the dataset): each asset added re-serialises the whole context config.
        batch_definition = context.data_sources.add_pandas("warehouse").add_dataframe_asset("frames") \
            .add_batch_definition_whole_dataframe("whole")
        for (dataset, suite_name), suite_checks in by_suite.items():
            try:
                expectations = [build_expectation(gx, c, profile_rows[dataset].get(c.key)) for c in suite_checks]
                suite = context.suites.add(gx.ExpectationSuite(
                    name=suite_name, expectations=expectations, meta={"dataset": dataset}))
                definition = context.validation_definitions.add(gx.ValidationDefinition(
                    name=suite_name, data=batch_definition, suite=suite))
                suite_result = definition.run(
                    batch_parameters={"dataframe": batches[dataset]}, result_format=_result_format(suite_checks))
            except Exception as exc:  # noqa: BLE001 - any failure of a suite is reported per check
                for check in suite_checks:
                    outcomes[check.key].exception = f"{type(exc).__name__}: {exc}"
                continue
            seen = set()
            for validation_result in suite_result.results:
                key = (validation_result.expectation_config.meta or {}).get("check_key")
                if key in outcomes:
                    _inspect(outcomes[key], validation_result)
                    seen.add(key)
            for check in suite_checks:
                if check.key not in seen:
                    outcomes[check.key].exception = "great-expectations returned no result for the expectation"
        timings["validate"] = time.perf_counter() - started
        run = SuiteRun(outcomes)
        if docs_dir is not None:
            started = time.perf_counter()
            try:
                context.build_data_docs(site_names=[SITE_NAME])
            except Exception as exc:  # noqa: BLE001 - the report is secondary to the results
                run.docs_problem = f"great-expectations Data Docs could not be built: {type(exc).__name__}: {exc}"
            else:
                index = docs_dir / "index.html"
                if index.is_file():
                    run.docs_index = index
                else:
                    run.docs_problem = f"great-expectations Data Docs wrote no {index}"
            timings["data_docs"] = time.perf_counter() - started
    return run
