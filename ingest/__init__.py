"""Ingest: read a delivery, normalise codes, validate against ``contracts``, load ``raw.*``.

Modules, in the order a delivery flows through them:

* ``discover`` – files of the folder, entity by file name, ``manifest.json``, SHA-256, delivery id
* ``reader`` – CSV (delimiter sniffed, BOM, decimal comma in ``;`` files) or Parquet, as text,
  header checks first, then the rows in chunks of ``chunk_rows``
* ``pnr`` – the personal-identity-number guard (any column, free text included)
* ``normalise`` – codes (case, ICD-10 without dot, kommunkod with leading zero), casts
* ``validate`` – the pandera contract gate (``lazy=True``), failures become issues
* ``rules`` – date order, events after the extract date, references (``keys``: sorted id sets)
* ``check`` – accepted rows and quarantine rows of one chunk (no I/O)
* ``entity`` – one entity: its files chunk by chunk, then duplicate keys and replacement
* ``load`` / ``raw_tables`` / ``warehouse`` – DuckDB: schema, insert, duplicates, replacement
  by key; ``writer`` – the chunk writes in a background thread
* ``pipeline`` – ``ingest_delivery``: the whole delivery in one transaction
* ``console`` / ``command`` – ``samrehab ingest DIR [--db PATH]``

Decisions:

* ``raw.quarantine`` holds one row per (row, broken rule); a file's ``rows_quarantined``
  counts distinct rows. ``row_json`` is the row as read (text), extra columns included.
* ``raw.ingest_log`` holds one row per file loaded or rejected (status ``loaded`` or
  ``rejected``); for a loaded file rows_read = rows_loaded + rows_quarantined. Rows of a
  rejected file are stored nowhere (they may hold identity numbers).
* A file whose SHA-256 is logged as loaded is skipped ("already loaded") and changes nothing.
* Replacement: rows in ``raw.<entity>`` with the same key and an extract date on or before the
  new delivery's are replaced. A row whose key a *later* delivery holds is not applied; it is
  quarantined with rule ``superseded`` (so nothing vanishes and the count still adds up).
* Duplicate keys within one delivery: every row with that key is quarantined (there is no
  way to know which one is right), across files and chunks: they are found in DuckDB after
  the entity's last chunk, and a duplicate that was loaded with its chunk is moved to the
  quarantine (its row as read is read again from the file).
* References are checked against the warehouse after the referenced entity of this delivery
  was loaded; a reference to a row held back in the same delivery says so in its message.
  An entity that was never delivered makes every reference to it unknown.
* Entities are processed one at a time in load order, each file in chunks of ``chunk_rows``
  rows (default ``reader.DEFAULT_CHUNK_ROWS``): memory is bounded by a chunk, not by the
  delivery. The result does not depend on the chunk size (the same rows, quarantine rows,
  messages and counts). A file rejected late (an identity number or a broken line after
  rows of it were written) makes its entity start again without it. Without a manifest the
  extract date is the latest event date of the files that will load (a pre-pass reads them
  once more).
* Rows empty in every column (Excel's trailing ``;;;;``) are not rows: they are skipped and
  reported as a note, not counted as read.
"""
