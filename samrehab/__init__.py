"""samrehab: follow-up of rehabilitation effect goals E1–E6 for Swedish regions."""

import sys as _sys

__version__ = "0.1.0"

# jsonschema, which dbt and great-expectations import, builds a parser grammar at import time for its
# optional IRI format checker whenever the rfc3987-syntax package is installed (jupyterlab brings it):
# 2.4 s of CPU in every process, every dbt run included. Nothing here validates IRIs, so every
# samrehab process (and the dbt child, which imports this package first) declines that optional import.
_sys.modules.setdefault("rfc3987_syntax", None)
