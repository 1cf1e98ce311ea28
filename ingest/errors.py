"""Errors of the ingest and the redaction every message passes through."""

from __future__ import annotations

import re

_LONG_DIGITS = re.compile(r"\d[\d\-+ ]{4,}\d")


#: Longest name (file, column) shown in a message; longer ones are cut with "…".
MAX_NAME_CHARS = 80


def shorten(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """``name`` cut to ``limit`` characters (with "…" and the full length) for messages."""
    if len(name) <= limit:
        return name
    return f"{name[:limit]}… ({len(name):,} characters)"


def redact(text: str) -> str:
    """Replace digit runs of six or more characters, so no identity number can leak."""
    return _LONG_DIGITS.sub(lambda m: "…" if sum(ch.isdigit() for ch in m.group()) >= 6
                            else m.group(), text)


def guard(text: str) -> str:
    """``text`` with digit runs redacted when it holds something like an identity number.

    The last line of defence for every message printed or stored: messages are built not to
    hold values, and this applies the same rule as for cell values to what they do hold.
    """
    from ingest.pnr import has_identity_number

    return redact(text) if text and has_identity_number([text]) else text


class FileRejected(Exception):
    """A file-level problem: the file is not loaded and the ingest exits with code 2."""

    def __init__(self, file: str, column: str | None, problem: str, fix: str, *,
                 rule: str = "unreadable") -> None:
        self.file = file
        self.rule = rule
        self.column = column
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """One line naming the file, the column (if any), the problem and the fix."""
        where = shorten(self.file) + (f", column '{shorten(self.column)}'" if self.column
                                      else "")
        return f"{where}: {self.problem}. Fix: {self.fix}"


class DeliveryRejected(Exception):
    """A delivery-level problem (unreadable manifest, no extract date): nothing is loaded."""


class WarehouseError(Exception):
    """The warehouse cannot be created or written (permissions, full disk, locked)."""
