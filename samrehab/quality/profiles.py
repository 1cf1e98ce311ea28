"""Column and aggregate checks as counts in SQL: what great-expectations needs, not the rows.

A check of kind ``column`` (not null, in set, regex, between; with ``mostly`` and a row condition)
is decided by three counts over the rows in its condition: the rows, the non-missing values and
the unexpected ones. A check of kind ``aggregate`` (a median) by one statistic. :func:`read_profile`
computes them for every check over a row source (:class:`~samrehab.quality.datasets.Dataset`) in
one DuckDB scan, and returns the *profile*: one row per check, the frame great-expectations
validates (:mod:`samrehab.quality.gx_runner`). So an entity of ten million rows never leaves DuckDB.

The counts follow great-expectations' pandas engine exactly (the frames it used to validate):

* missing is SQL null, and NaN for floating-point columns (pandas ``isnull``);
* a value set is pandas ``isin``, a range ``>=``/``<=`` (``strict_min``/``strict_max``: ``>``/``<``),
  a regex Python's ``re.search`` (RE2 in DuckDB, plus ``$`` before a final newline as Python has it);
* a row condition keeps rows where the comparison is true (null and NaN compare false; ``!=`` is
  true for them, except in a boolean column, as in pandas);
* the share of unexpected values and the success ratio are great-expectations' formulas: for not
  null over all rows of the condition, otherwise over the non-missing ones; no rows (or no
  non-missing values) is vacuously a success, with no share;
* the median is the median of the non-missing values.

Each profile row also lists the most common unexpected values (up to 20, with counts): codes,
numbers, dates of the checked column, never an id (row sources hold no ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from samrehab.quality.model import Check, Condition

if TYPE_CHECKING:
    from samrehab.quality.datasets import Dataset

#: Columns of a profile frame, in order.
PROFILE_COLUMNS: tuple[str, ...] = (
    "check_key", "column_name", "expectation", "element_count", "nonnull_count", "unexpected_count",
    "unexpected_share", "success_ratio", "statistic", "unexpected_values",
)
#: Unexpected values listed per check (the Data Docs used to show 20).
EXAMPLE_COUNT = 20

_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
_SQL_OPERATORS = {"==": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_COLUMN_EXPECTATIONS = (
    "ExpectColumnValuesToNotBeNull", "ExpectColumnValuesToBeInSet", "ExpectColumnValuesToMatchRegex",
    "ExpectColumnValuesToBeBetween",
)
_AGGREGATES = {"ExpectColumnMedianToBeBetween": "median"}


class ProfileError(ValueError):
    """A check that cannot be expressed as counts (unknown expectation, regex over a number ...)."""


def sql_literal(value: Any) -> str:
    """A Python value as a DuckDB literal of the same value (floats parsed from their repr)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"cast('{value!r}' as double)"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise ProfileError(f"no SQL literal for {type(value).__name__} {value!r}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _missing(column: str, types: dict[str, str]) -> str:
    """SQL: the value of ``column`` is missing as pandas sees it (null, or NaN when floating point)."""
    if column not in types:
        raise ProfileError(f"column {column} is not in the dataset")
    expr = _quoted(column)
    return f"({expr} is null or isnan({expr}))" if types[column] in _FLOAT_TYPES else f"{expr} is null"


def condition_sql(conditions: tuple[Condition, ...], types: dict[str, str]) -> str:
    """SQL for a check's row condition, true exactly where great-expectations' pandas filter
    (``DataFrame.query``) is true: a missing value compares false, except under ``!=``, where it
    is true unless the column is boolean (pandas' nullable boolean gives NA, which filters out)."""
    parts = []
    for column, op, value in conditions:
        expr, missing = _quoted(column), _missing(column, types)
        if types[column].startswith(("DATE", "TIME")):
            raise ProfileError(f"a row condition on the date column {column} is not supported")
        if op == "!=" and types[column] != "BOOLEAN":
            parts.append(f"({missing} or {expr} <> {sql_literal(value)})")
        elif op == "!=":
            parts.append(f"(not {missing} and {expr} <> {sql_literal(value)})")
        elif op in _SQL_OPERATORS:
            parts.append(f"(not {missing} and {expr} {_SQL_OPERATORS[op]} {sql_literal(value)})")
        else:
            raise ProfileError(f"unknown operator {op!r} in a row condition")
    return " and ".join(parts) or "true"


def _regex_sql(expr: str, pattern: str) -> str:
    """Python ``re.search`` in RE2: also try without a final newline, where Python's ``$`` matches."""
    literal = sql_literal(pattern)
    return (f"(regexp_matches({expr}, {literal}) or (suffix({expr}, chr(10)) and "
            f"regexp_matches(substr({expr}, 1, length({expr}) - 1), {literal})))")


def expected_sql(check: Check, types: dict[str, str]) -> str:
    """SQL true where a non-missing value of the check's column is expected (column checks)."""
    column = check.validated_column
    expr, kwargs = _quoted(column), check.kwargs
    if check.expectation == "ExpectColumnValuesToBeInSet":
        values = kwargs.get("value_set")
        if values is None:
            return "true"
        return f"{expr} in ({', '.join(sql_literal(v) for v in values)})" if values else "false"
    if check.expectation == "ExpectColumnValuesToMatchRegex":
        if types.get(column) != "VARCHAR":
            raise ProfileError(f"regex over the non-text column {column} ({types.get(column)})")
        return _regex_sql(expr, str(kwargs["regex"]))
    if check.expectation == "ExpectColumnValuesToBeBetween":
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is None and high is None:
            raise ProfileError("min_value and max_value cannot both be None")
        parts = []
        if low is not None:
            parts.append(f"{expr} {'>' if kwargs.get('strict_min') else '>='} {sql_literal(low)}")
        if high is not None:
            parts.append(f"{expr} {'<' if kwargs.get('strict_max') else '<='} {sql_literal(high)}")
        return " and ".join(parts)
    raise ProfileError(f"{check.expectation} is not a column check the profile can count")


@dataclass(frozen=True)
class _Measure:
    """The SQL aggregates of one check (column names ``<prefix>_<what>`` in the profile query)."""

    check: Check
    condition: str
    missing: str
    expected: str | None  # column checks other than not-null
    aggregate: str | None  # aggregate checks: the SQL aggregate function

    def select_items(self, prefix: str) -> list[tuple[str, str]]:
        """(alias, SQL aggregate) pairs: rows, non-missing values, unexpected values or the statistic."""
        cond = self.condition
        items = [(f"{prefix}_rows", f"count(*) filter (where {cond})"),
                 (f"{prefix}_nonnull", f"count(*) filter (where {cond} and not {self.missing})")]
        if self.expected is not None:
            items.append((f"{prefix}_unexpected",
                          f"count(*) filter (where {cond} and not {self.missing} and not ({self.expected}))"))
        if self.aggregate is not None:
            items.append((f"{prefix}_statistic", f"{self.aggregate}({_quoted(self.check.validated_column)}) "
                                                 f"filter (where {cond} and not {self.missing})"))
        return items

    def unexpected_where(self) -> str | None:
        """SQL selecting the unexpected rows whose values are worth listing (None: nothing to list)."""
        if self.expected is None:
            return None
        return f"{self.condition} and not {self.missing} and not ({self.expected})"


def _measure(check: Check, types: dict[str, str]) -> _Measure:
    missing = _missing(check.validated_column, types)
    condition = condition_sql(check.conditions, types)
    if check.kind == "aggregate":
        if check.expectation not in _AGGREGATES:
            raise ProfileError(f"{check.expectation} is not an aggregate the profile can compute")
        return _Measure(check, condition, missing, None, _AGGREGATES[check.expectation])
    if check.kind != "column" or check.expectation not in _COLUMN_EXPECTATIONS:
        raise ProfileError(f"{check.expectation} ({check.kind}) is not a check the profile can count")
    expected = None if check.expectation == "ExpectColumnValuesToNotBeNull" else expected_sql(check, types)
    return _Measure(check, condition, missing, expected, None)


def _needed_columns(checks: list[Check]) -> list[str]:
    columns = [c.validated_column for c in checks] + [col for c in checks for col, _, _ in c.conditions]
    return list(dict.fromkeys(columns))


def _shares(expectation: str, rows: int, nonnull: int, unexpected: int | None) -> tuple[float | None, float | None]:
    """great-expectations' unexpected share (``unexpected_percent / 100``) and success ratio.

    Not null: over all rows; other column checks: over the non-missing values. None when there is
    nothing to count (vacuously a success)."""
    if unexpected is None:  # aggregates
        return None, None
    if expectation == "ExpectColumnValuesToNotBeNull":
        if rows == 0:
            return None, None
        return unexpected / rows * 100 / 100, (float(rows) - float(unexpected)) / float(rows)
    if rows == 0 or nonnull == 0:
        return None, None
    return unexpected / nonnull * 100 / 100, (float(nonnull) - float(unexpected)) / float(nonnull)


def _examples(con: duckdb.DuckDBPyConnection, source: str, measure: _Measure) -> str:
    """The most common unexpected values of a check as ``value (count)``, most common first."""
    where = measure.unexpected_where()
    if where is None:
        return ""
    expr = _quoted(measure.check.validated_column)
    rows = con.execute(f"""
        select cast({expr} as varchar) as value, count(*) as n from ({source}) as src
        where {where} group by cast({expr} as varchar) order by n desc, value limit {EXAMPLE_COUNT}""").fetchall()
    return "; ".join(f"{value} ({n})" for value, n in rows)


#: The temporary table a materialized row source is computed into (dropped after use).
_SOURCE_TABLE = "quality_profile_source"


def _profile(con: duckdb.DuckDBPyConnection, dataset: Dataset, checks: list[Check]) -> pd.DataFrame:
    """One profile row per check, from one scan of the row source (raises on any error)."""
    columns = _needed_columns(checks)
    try:
        source = dataset.source_sql(columns)
    except KeyError as exc:
        raise ProfileError(f"column {exc.args[0]} is not in the dataset {dataset.name}") from None
    if not dataset.materialize:
        return _profile_of(con, source, checks)
    con.execute(f"create or replace temporary table {_SOURCE_TABLE} as {source}")
    try:
        return _profile_of(con, f"select * from {_SOURCE_TABLE}", checks)
    finally:
        con.execute(f"drop table if exists {_SOURCE_TABLE}")


def _profile_of(con: duckdb.DuckDBPyConnection, source: str, checks: list[Check]) -> pd.DataFrame:
    """The profile rows of ``checks`` over the rows ``source`` selects."""
    types = {name: str(kind) for name, kind, *_ in con.execute(f"describe {source}").fetchall()}
    measures = [_measure(check, types) for check in checks]
    items = [item for i, m in enumerate(measures) for item in m.select_items(f"c{i}")]
    select = ", ".join(f"{sql} as {alias}" for alias, sql in items)
    values = dict(zip([alias for alias, _ in items],
                      con.execute(f"select {select} from ({source}) as src").fetchall()[0], strict=True))
    rows = []
    for i, measure in enumerate(measures):
        check = measure.check
        element, nonnull = int(values[f"c{i}_rows"]), int(values[f"c{i}_nonnull"])
        unexpected: int | None = None  # aggregates count nothing
        if measure.expected is not None:
            unexpected = int(values[f"c{i}_unexpected"])
        elif measure.aggregate is None:  # not null: the missing values are the unexpected ones
            unexpected = element - nonnull
        share, ratio = _shares(check.expectation, element, nonnull, unexpected)
        statistic = values.get(f"c{i}_statistic")
        rows.append({
            "check_key": check.key, "column_name": check.validated_column, "expectation": check.expectation,
            "element_count": element, "nonnull_count": nonnull, "unexpected_count": unexpected or 0,
            "unexpected_share": share, "success_ratio": ratio,
            "statistic": None if statistic is None else float(statistic),
            "unexpected_values": _examples(con, source, measure) if unexpected else "",
        })
    return profile_frame(rows)


def profile_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Profile rows as the frame great-expectations validates (numbers as numpy dtypes)."""
    frame = pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))
    for column in ("element_count", "nonnull_count", "unexpected_count"):
        frame[column] = frame[column].astype("int64")
    for column in ("unexpected_share", "success_ratio", "statistic"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def read_profile(con: duckdb.DuckDBPyConnection, dataset: Dataset,
                 checks: list[Check]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The profile of ``checks`` over the row source ``dataset`` and, by check key, why a check's
    row could not be computed. All checks share one scan; when that fails, each check is
    computed alone so that one broken column or expectation does not take the others with it."""
    try:
        return _profile(con, dataset, checks), {}
    except (duckdb.Error, ProfileError) as exc:
        if len(checks) == 1:
            return profile_frame([]), {checks[0].key: _reason(exc)}
    frames, errors = [], {}
    for check in checks:
        try:
            frames.append(_profile(con, dataset, [check]))
        except (duckdb.Error, ProfileError) as exc:
            errors[check.key] = _reason(exc)
    frames = [f for f in frames if not f.empty]
    return (pd.concat(frames, ignore_index=True) if frames else profile_frame([])), errors
