"""Portable SQL by rule: find engine-specific constructs in the dbt project outside dispatch macros.

The dbt project runs on DuckDB (default) and on Spark. Engine-specific SQL belongs in an
``adapter.dispatch`` macro: a ``<engine>__<name>`` implementation per engine (``default__``,
``duckdb__``, ``spark__``, ...), most of them in ``macros/portability/``. Everywhere else
(models, analyses, the other macros) the SQL must be portable. ``find_violations`` lists every
raw construct of ``RULES`` found there, after comments are removed; ``make test`` fails on any
(tests/test_portability.py). ``python -m samrehab.portability`` prints them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from samrehab.config import DBT_PROJECT_DIR

#: construct name -> (pattern, the portable way). Patterns are matched case-insensitively.
RULES: dict[str, tuple[str, str]] = {
    "cast with ::": (r"::", "cast(x as type)"),
    "group by all": (r"\bgroup\s+by\s+all\b", "list the grouping columns"),
    "qualify": (r"\bqualify\b", "filter the window result in an outer select"),
    "list function": (r"\b(list|array|str)_[a-z_]+\s*\(", "a dispatch macro (macros/portability)"),
    "list literal or index": (r"(\[\s*\d+\s*\])|(\(\s*\[)", "list_element() or a dispatch macro"),
    "quantile function": (r"\b(quantile|quantile_cont|quantile_disc|percentile|percentile_approx|median)\s*\(",
                          "quantile_cont() / quantiles_cont()"),
    "engine date function": (r"\b(date_diff|date_add|date_sub|datediff|dateadd|add_months|strftime|strptime|"
                             r"make_date|epoch|to_days|last_day)\s*\(",
                             "dbt.datediff / dbt.dateadd with cast(... as date)"),
    "interval literal": (r"\binterval\s*'", "dbt.dateadd"),
    "star exclude/replace/except": (r"\*\s*(exclude|replace|except)\s*\(", "star_except()"),
    "integer division //": (r"//", "int_div()"),
    "varchar/text type": (r"\bas\s+(varchar|text|string)\b", "{{ dbt.type_string() }}"),
    "grouping over several columns": (r"\bgrouping\s*\([^()]*,", "grouping_id([columns])"),
    "unordered row_number": (r"\brow_number\s*\(\s*\)\s*over\s*\(\s*\)", "row_number() over (order by ...)"),
    "engine-only function": (r"\b(unnest|explode|struct_pack|regexp_matches|string_split|count_if|arg_max|arg_min|"
                             r"any_value|bool_and|bool_or|hugeint|ifnull|nvl)\s*\(",
                             "a dispatch macro (macros/portability)"),
}

_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_SQL_COMMENT = re.compile(r"--[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(.*?\{%-?\s*endmacro\s*-?%\}", re.S)
_DISPATCH_IMPLEMENTATION = re.compile(r"^(default|duckdb|spark|databricks|postgres|snowflake|bigquery)__")


@dataclass(frozen=True)
class Violation:
    """One engine-specific construct outside a dispatch macro."""

    path: Path
    line: int
    construct: str
    text: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.construct} ({self.text.strip()!r}); portable: {self.fix}"


def _blank(match: re.Match[str]) -> str:
    """Replace a match by as many newlines as it spans (line numbers stay right)."""
    return "\n" * match.group(0).count("\n")


def portable_part(text: str) -> str:
    """The SQL of ``text`` that must be portable: without comments, without the bodies of dispatch
    implementations, and with every Jinja tag (macro calls, statements) replaced by a placeholder."""
    text = _JINJA_COMMENT.sub(_blank, text)
    text = _BLOCK_COMMENT.sub(_blank, text)
    text = _SQL_COMMENT.sub("", text)
    text = _MACRO.sub(lambda m: _blank(m) if _DISPATCH_IMPLEMENTATION.match(m.group(1)) else m.group(0), text)
    return _JINJA_TAG.sub(lambda m: "jinja" + _blank(m), text)


def check_text(text: str, path: Path) -> list[Violation]:
    """Violations in one SQL file's text."""
    portable = portable_part(text)
    lines = portable.splitlines()
    found = []
    for construct, (pattern, fix) in RULES.items():
        for match in re.finditer(pattern, portable, re.I):
            number = portable.count("\n", 0, match.start()) + 1
            found.append(Violation(path, number, construct, lines[number - 1], fix))
    return sorted(found, key=lambda violation: (violation.line, violation.construct))


_SEED_TYPE = re.compile(r"[:{,]\s*(varchar|text)\b", re.I)


def check_seed_properties(text: str, path: Path) -> list[Violation]:
    """Seed ``column_types`` that one engine rejects (Spark: VARCHAR needs a length; use ``string``)."""
    return [
        Violation(path, number, "varchar/text type", line, "string")
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.lstrip().startswith("#") and _SEED_TYPE.search(line)
    ]


def find_violations(project_dir: Path = DBT_PROJECT_DIR,
                    folders: tuple[str, ...] = ("models", "macros", "analyses")) -> list[Violation]:
    """Every engine-specific construct in the project's SQL outside dispatch macros, and in the
    seeds' column types."""
    found = []
    for folder in folders:
        for path in sorted((Path(project_dir) / folder).rglob("*.sql")):
            found += check_text(path.read_text(encoding="utf-8"), path.relative_to(project_dir))
    for path in sorted((Path(project_dir) / "seeds").rglob("*.yml")):
        found += check_seed_properties(path.read_text(encoding="utf-8"), path.relative_to(project_dir))
    return found


def main() -> int:
    """Print the violations; exit 1 when there is any."""
    violations = find_violations()
    for violation in violations:
        print(violation)
    print(f"{len(violations)} engine-specific construct(s) outside dispatch macros")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
