"""The differencing attack on marts.metric_values, written without the suppression macros.

What a reader of the published table can do: add and subtract published numbers within a family
of cells that add up (a total and its groups; the `all` care-level slice and the care-level slices;
a quarter or year and its months or quarters). The attack reports every family where that reveals
a small number or a suppressed cell:

* ``gap``: parent and every child published, and parent minus the children's sum (numerator or
  denominator) is 1–4: the persons outside the shown groups (sex U, no need level, no care level …)
  are a small number;
* ``single_unknown``: the parent published and exactly one child suppressed (a family of at least
  two children), or the parent suppressed and every child published (periods and dimensions);
* ``equivalent``: the same cell published under one key and suppressed under another (the `all`
  slice's care-level group X, slice X's total and slice X's care-level group X hold the same
  persons).

Equivalent cells are one cell to the attacker: a cell counts as known when any of its equivalents
is published. Run on any warehouse: ``python -m tests.disclosure_attack --db PATH``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

THRESHOLD = 5
PERIOD_FAMILIES = [("month", "quarter"), ("month", "year"), ("quarter", "year")]
CELL = ["metric_id", "period_type", "period_start", "region_code", "care_level", "dimension", "group_code"]


def load_cells(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The published table with a `known` flag (published, or an equivalent cell published)."""
    cells = con.sql(
        "select metric_id, period_type, period_start, region_code, care_level, dimension, group_code, "
        "numerator, denominator, suppressed from marts.metric_values"
    ).df()
    # Equivalence class of a care level's cells: (all, care_level, X), (X, total, total), (X, care_level, X).
    level = pd.Series(pd.NA, index=cells.index, dtype="object")
    in_all = (cells.care_level == "all") & (cells.dimension == "care_level")
    in_slice = (cells.care_level != "all") & (
        (cells.dimension == "total") | ((cells.dimension == "care_level") & (cells.group_code == cells.care_level))
    )
    level[in_all] = cells.group_code[in_all]
    level[in_slice] = cells.care_level[in_slice]
    cells["level_class"] = level
    keyed = cells[level.notna()]
    published = keyed[~keyed.suppressed]
    known_classes = published.groupby(
        ["metric_id", "period_type", "period_start", "region_code", "level_class"]
    ).agg(class_numerator=("numerator", "first"), class_denominator=("denominator", "first"))
    cells = cells.merge(
        known_classes.reset_index(), how="left",
        on=["metric_id", "period_type", "period_start", "region_code", "level_class"],
    )
    class_known = cells.level_class.notna() & cells.class_denominator.notna()
    class_known |= cells.level_class.notna() & cells.class_numerator.notna()
    cells["known"] = ~cells.suppressed | class_known
    cells["numerator"] = cells.numerator.fillna(cells.class_numerator.where(cells.known))
    cells["denominator"] = cells.denominator.fillna(cells.class_denominator.where(cells.known))
    return cells.drop(columns=["class_numerator", "class_denominator"])


def equivalent_breaches(cells: pd.DataFrame) -> pd.DataFrame:
    """Classes of equivalent cells published under one key and suppressed under another."""
    keyed = cells[cells.level_class.notna()]
    status = keyed.groupby(["metric_id", "period_type", "period_start", "region_code", "level_class"]).suppressed
    mixed = (status.min() != status.max())
    return mixed[mixed].reset_index()


def _family_breaches(parents: pd.DataFrame, children: pd.DataFrame, keys: list[str],
                     min_children: int) -> pd.DataFrame:
    """Families (parent + children joined on `keys`) whose published numbers reveal too much."""
    children = children.assign(
        unknown=~children.known,
        numerator_known=children.numerator.where(children.known),
        denominator_known=children.denominator.where(children.known),
        numerator_missing=children.known & children.numerator.isna(),
        denominator_missing=children.known & children.denominator.isna(),
    )
    summed = children.groupby(keys, dropna=False).agg(
        children=("unknown", "size"),
        unknown_children=("unknown", "sum"),
        numerator_sum=("numerator_known", "sum"),
        denominator_sum=("denominator_known", "sum"),
        numerator_missing=("numerator_missing", "sum"),
        denominator_missing=("denominator_missing", "sum"),
    ).reset_index()
    family = parents[keys + ["known", "numerator", "denominator"]].merge(summed, on=keys, how="inner")
    breaches = []
    for column in ["numerator", "denominator"]:
        gap = (family[column] - family[f"{column}_sum"]).round(6)
        revealed = (
            family.known & (family.unknown_children == 0) & family[column].notna()
            & (family[f"{column}_missing"] == 0) & (gap >= 0.5) & (gap < THRESHOLD - 0.5)
        )
        breaches.append(family[revealed].assign(kind="gap", column=column, gap=gap[revealed]))
    many = family.children >= min_children
    one_open = many & family.known & (family.unknown_children == 1)
    parent_only = many & ~family.known & (family.unknown_children == 0)
    breaches.append(family[one_open | parent_only].assign(kind="single_unknown", column=None, gap=None))
    return pd.concat(breaches, ignore_index=True)


def dimension_breaches(cells: pd.DataFrame) -> pd.DataFrame:
    """A slice's total against the groups of each dimension."""
    keys = ["metric_id", "period_type", "period_start", "region_code", "care_level"]
    totals = cells[cells.dimension == "total"]
    groups = cells[cells.dimension != "total"]
    found = []
    for dimension, members in groups.groupby("dimension"):
        found.append(_family_breaches(totals, members, keys, 2).assign(family=f"dimension:{dimension}"))
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def slice_breaches(cells: pd.DataFrame) -> pd.DataFrame:
    """The `all` slice's cell of each dimension and group against the same cell in each care level."""
    keys = ["metric_id", "period_type", "period_start", "region_code", "dimension", "group_code"]
    parents = cells[cells.care_level == "all"]
    children = cells[(cells.care_level != "all") & (cells.dimension != "care_level")]
    return _family_breaches(parents, children, keys, 2).assign(family="slices")


def period_breaches(cells: pd.DataFrame) -> pd.DataFrame:
    """A quarter or year against its months or quarters."""
    found = []
    for child_type, parent_type in PERIOD_FAMILIES:
        children = cells[cells.period_type == child_type].copy()
        start = pd.to_datetime(children.period_start)
        if parent_type == "quarter":
            parent_start = start.dt.to_period("Q").dt.start_time
        else:
            parent_start = start.dt.to_period("Y").dt.start_time
        children["parent_start"] = parent_start.dt.date
        parents = cells[cells.period_type == parent_type].rename(columns={"period_start": "parent_start"})
        parents = parents.assign(parent_start=pd.to_datetime(parents.parent_start).dt.date)
        keys = ["metric_id", "region_code", "care_level", "dimension", "group_code", "parent_start"]
        found.append(_family_breaches(parents, children, keys, 1).assign(family=f"{child_type}_in_{parent_type}"))
    return pd.concat(found, ignore_index=True)


def attack(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every breach found, by family kind."""
    cells = load_cells(con)
    return {
        "equivalent": equivalent_breaches(cells),
        "dimension": dimension_breaches(cells),
        "slices": slice_breaches(cells),
        "periods": period_breaches(cells),
    }


def summary(found: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Breaches counted by family and kind."""
    rows = []
    for name, frame in found.items():
        if frame.empty:
            continue
        if name == "equivalent":
            rows.append({"family": "equivalent", "kind": "mixed_status", "breaches": len(frame)})
            continue
        counted = frame.groupby(["family", "kind"]).size().reset_index(name="breaches")
        rows.extend(counted.to_dict("records"))
    return pd.DataFrame(rows, columns=["family", "kind", "breaches"])


def main(argv: list[str] | None = None) -> int:
    """Run the attack on a warehouse and print what it finds; exit 1 when anything is found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    con = duckdb.connect(str(args.db), read_only=True)
    try:
        table = summary(attack(con))
    finally:
        con.close()
    print(table.to_string(index=False) if not table.empty else "no breach")
    print(f"total breaches: {int(table.breaches.sum()) if not table.empty else 0}")
    return 1 if not table.empty else 0


if __name__ == "__main__":
    sys.exit(main())
