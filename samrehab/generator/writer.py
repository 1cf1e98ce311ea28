"""Streaming writers for a delivery folder: CSV files appended block by block (header once) and
Parquet files written one row group per block."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import polars as pl
import pyarrow.parquet as pq

PARQUET_ENTITIES: frozenset[str] = frozenset({"visits"})


class DeliveryWriter:
    """Append entity frames to ``<out_dir>/<entity>.csv`` or ``.parquet``; counts rows."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.rows: dict[str, int] = {}
        self._csv: dict[str, IO[bytes]] = {}
        self._parquet: dict[str, pq.ParquetWriter] = {}

    def path(self, entity: str) -> Path:
        """File path of an entity."""
        suffix = "parquet" if entity in PARQUET_ENTITIES else "csv"
        return self.out_dir / f"{entity}.{suffix}"

    def append(self, entity: str, frame: pl.DataFrame) -> None:
        """Append rows of one entity (the first call writes the header / creates the file)."""
        if entity in PARQUET_ENTITIES:
            table = frame.to_arrow()
            writer = self._parquet.get(entity)
            if writer is None:
                writer = pq.ParquetWriter(self.path(entity), table.schema, compression="zstd")
                self._parquet[entity] = writer
            writer.write_table(table)
        else:
            handle = self._csv.get(entity)
            first = handle is None
            if handle is None:
                handle = self.path(entity).open("wb")
                self._csv[entity] = handle
            frame.write_csv(handle, include_header=first, null_value="", float_precision=2,
                            date_format="%Y-%m-%d", line_terminator="\n")
        self.rows[entity] = self.rows.get(entity, 0) + frame.height

    def close(self) -> None:
        """Flush and close every open file."""
        for handle in self._csv.values():
            handle.close()
        for writer in self._parquet.values():
            writer.close()
        self._csv.clear()
        self._parquet.clear()

    def __enter__(self) -> DeliveryWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
