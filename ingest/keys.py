"""A set of key values that many chunks are checked against (references to other entities).

``polars`` ``is_in`` hashes the whole set on every call, so checking ten chunks of visits
against three million referral ids would hash the ids ten times. ``KeySet`` sorts the values
once; each lookup is then a binary search of the chunk's values (exact, no hashing).
"""

from __future__ import annotations

import polars as pl


class KeySet:
    """The distinct non-null values of ``values``, sorted once for repeated lookups."""

    def __init__(self, values: pl.Series | None = None, distinct: bool = False) -> None:
        """``distinct``: ``values`` hold each value once already (e.g. ``SELECT DISTINCT``)."""
        values = pl.Series(dtype=pl.String) if values is None else values.drop_nulls()
        self.values = (values if distinct else values.unique()).sort()

    def __len__(self) -> int:
        return len(self.values)

    def contains(self, values: pl.Series) -> pl.Series:
        """Boolean series: is each value in the set? A null value is in no set."""
        if len(self.values) == 0 or len(values) == 0:
            found = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True).alias(values.name)
        else:
            probe = values.cast(self.values.dtype)
            idx = self.values.search_sorted(probe, side="left").clip(0, len(self.values) - 1)
            found = (self.values.gather(idx) == probe).fill_null(False).alias(values.name)
        return found

    def union(self, other: pl.Series) -> KeySet:
        """A new set holding this set's values and ``other``'s."""
        if len(other) == 0:
            return self
        return KeySet(pl.concat([self.values, other.cast(self.values.dtype)]))
