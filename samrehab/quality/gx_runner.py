"""Run the checks as great-expectations suites over pandas frames, offline, in an ephemeral context.

One pandas data asset per dataset, one suite per dimension and dataset (``completeness.entity.visits``),
one validation definition per suite. Results stay in memory (and in the Data Docs site, when a
folder is given). Every expectation result is inspected for ``exception_info`` and for missing
counts, so a check that could not be computed is reported as such, never as a pass.
"""

from __future__ import annotations

import operator
import os
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


def _import_gx() -> Any:
    for key, value in quiet_environment().items():
        os.environ.setdefault(key, value)
    import great_expectations as gx

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


def build_expectation(gx: Any, check: Check) -> Any:
    """The great-expectations expectation of ``check``, with the check's context in ``meta``."""
    expectation_class = getattr(gx.expectations, check.expectation)
    kwargs = dict(check.kwargs)
    if check.conditions:
        kwargs["row_condition"] = _row_condition(check.conditions)
    meta = {
        "check_key": check.key, "check_name": check.name, "dimension": check.dimension,
        "severity": check.severity, "threshold": check.threshold,
    }
    notes = f"{check.title_sv} / {check.title_en}. Gräns / limit: {check.threshold}. Åtgärd: {check.fix_sv}"
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
    if outcome.exception is None and outcome.check.kind in ("column", "groups") \
            and outcome.result.get("element_count") is None:
        outcome.exception = "great-expectations returned no counts (the metric was not computed)"
    if outcome.exception is None and outcome.check.kind == "aggregate" and "observed_value" not in outcome.result:
        outcome.exception = "great-expectations returned no observed value"


@dataclass
class SuiteRun:
    """Outcomes by check key; the Data Docs index, or why it could not be built."""

    outcomes: dict[str, CheckOutcome]
    docs_index: Path | None = None
    docs_problem: str | None = None


def run_suites(
    checks: list[Check], frames: dict[str, pd.DataFrame], docs_dir: Path | None = None,
    timings: dict[str, float] | None = None,
) -> SuiteRun:
    """Validate every check whose dataset is in ``frames``; build the Data Docs into ``docs_dir``
    (absolute or relative to the working directory) when given."""
    timings = timings if timings is not None else {}
    docs_dir = docs_dir.resolve() if docs_dir is not None else None
    started = time.perf_counter()
    gx = _import_gx()
    timings["gx_import"] = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = {c.key: CheckOutcome(c) for c in checks}
    by_suite: dict[tuple[str, str], list[Check]] = defaultdict(list)
    for check in checks:
        if check.dataset in frames:
            by_suite[(check.dataset, check.suite_name)].append(check)
        else:
            outcomes[check.key].exception = f"the dataset {check.dataset} could not be read from the warehouse"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=FutureWarning)
        context = _context(gx, docs_dir)
        source = context.data_sources.add_pandas("warehouse")
        batch_definitions: dict[str, Any] = {}
        for (dataset, suite_name), suite_checks in by_suite.items():
            try:
                if dataset not in batch_definitions:
                    asset = source.add_dataframe_asset(dataset)
                    batch_definitions[dataset] = asset.add_batch_definition_whole_dataframe("whole")
                suite = context.suites.add(gx.ExpectationSuite(
                    name=suite_name, expectations=[build_expectation(gx, c) for c in suite_checks],
                    meta={"dataset": dataset}))
                definition = context.validation_definitions.add(gx.ValidationDefinition(
                    name=suite_name, data=batch_definitions[dataset], suite=suite))
                suite_result = definition.run(
                    batch_parameters={"dataframe": frames[dataset]}, result_format=_result_format(suite_checks))
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
