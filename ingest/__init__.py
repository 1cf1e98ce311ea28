"""Ingest: read a delivery, normalise codes, validate against ``contracts``, load ``raw.*``."""
