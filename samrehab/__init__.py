"""samrehab: follow-up of rehabilitation effect goals E1–E6 for Swedish regions."""

__version__ = "0.1.0"
