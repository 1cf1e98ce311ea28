"""The quarterly steering-group report (``samrehab report``).

One region, one quarter: front page, effect goals E1–E6, equity, trends (SPC), E6 before/after the
intervention, data quality and definitions, read from the published snapshot through
``samrehab.read.queries`` and drawn with ``samrehab.read.charts``. Output: a self-contained HTML file
(``render``) and the same page printed to PDF by Chromium (``pdf``). Entry point for code:
``samrehab.report.writer.write_report``. Importing this package is cheap.
"""
