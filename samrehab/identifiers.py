"""Columns that identify a person or an event: no published table may hold one.

One list for both sides: publishing refuses a mart with such a column (``samrehab.publish``) and the
readers refuse to read one (``samrehab.read.queries``). Plain data, importable from every layer.
"""

from __future__ import annotations

PATIENT_LEVEL_COLUMNS = frozenset(
    {"patient_id", "visit_id", "referral_id", "admission_id", "plan_id", "staff_id", "response_id",
     "story_id", "audit_id", "summary", "personal_identity_number"}
)
