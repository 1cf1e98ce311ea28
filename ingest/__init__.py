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
* ``recheck`` – quarantined rows whose reason may have gone, checked again and loaded
* ``orphans`` – rows whose referred row a full delivery or a withdrawal took away: to the
  quarantine (``unknown_reference``), re-checked like any quarantined row
* ``lifecycle`` – list deliveries, withdraw one (restoring from the ``history`` schema)
* ``console`` / ``command`` – ``samrehab ingest DIR [--db PATH] [--dry-run] [--recheck]``;
  ``deliveries_command``, ``withdraw_command`` – ``samrehab deliveries`` / ``withdraw ID``

Decisions:

* ``raw.quarantine`` holds one row per (row, broken rule); a file's ``rows_quarantined``
  counts distinct rows. ``row_json`` is the row as read (text), extra columns included.
* ``raw.ingest_log`` holds one row per file loaded or rejected (status ``loaded`` or
  ``rejected``); for a loaded file rows_read = rows_loaded + rows_quarantined. Rows of a
  rejected file are stored nowhere (they may hold identity numbers).
* Whose key: every row carries ``_owner`` (the manifest's region code, else its source
  system, else the one region of the units). Keys, replacement, references and
  ``superseded`` are per owner; a reference that only another owner holds is quarantined as
  ``region_conflict``.
* A file is skipped as "already loaded" when the same bytes were loaded by the same
  delivery, or by one of the same owner with the same extract date of which no row of the
  file is quarantined (never for ``scope: full``); otherwise it is read again.
* Replacement: rows in ``raw.<entity>`` with the same owner and key and an extract date on or
  before the new delivery's are replaced, and so are quarantined rows with that key; what is
  replaced moves to ``history.<table>`` (``_replaced_by``, ``_op``, ``_how``), so
  ``withdraw`` can restore it. A row whose key a *later* delivery holds is not applied; it
  is quarantined with rule ``superseded`` (so nothing vanishes and the count still adds up).
* Scope: ``incremental`` (default) never deletes and notes rows of earlier deliveries in the
  covered period that the delivery lacks; ``full`` moves them to ``history`` ("rows
  disappeared").
* After every load the quarantined rows that depend on a changed entity are re-checked
  (``recheck``); ``--recheck`` re-checks all. Releases are recorded with the delivery as
  ``_op``, so withdrawing it puts the rows back in the quarantine.
* Delivery-level rejections (before the warehouse is opened where possible): manifest too
  large or nested, extract date after today or more than ``--max-extract-lag-days`` after
  the latest event, region not in ``seeds/regions.csv``, an identity number in a file
  name, column name or manifest field (never echoed), an unreadable folder.
* Strict reading: ragged CSV rows are quarantined per row (``ragged_row``); ``12.500`` in a
  ``;`` file is ``ambiguous_number``; pipes, devices and links out of the folder are rejected
  before opening; gzip/Parquet/zip/binary content, UTF-16 and CR-only line endings are named;
  a repeated column name is rejected. Names in output are cut (``errors.shorten``) and every
  message passes the identity-number rule (``errors.guard``).
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
