"""The suites, one module per data-quality dimension; :func:`all_checks` lists every check."""

from __future__ import annotations

from samrehab.quality.model import Check, ReferenceSets
from samrehab.quality.suites import completeness, conformance, consistency, plausibility, timeliness

SUITE_MODULES = (completeness, conformance, plausibility, consistency, timeliness)


def all_checks(ref: ReferenceSets) -> list[Check]:
    """Every check of every dimension, in dimension order; keys are unique."""
    checks = [check for module in SUITE_MODULES for check in module.checks(ref)]
    keys = [c.key for c in checks]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate check keys: {duplicates}")
    return checks
