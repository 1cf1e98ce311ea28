"""Synthetic delivery generator: a realistic, deterministic two-region extract (Region Dalarna
and Region Västmanland) with documented effects for dashboards and tests to recover.

See :mod:`samrehab.generator.effects` for the effects and :func:`generate_delivery` for the API.
"""

from samrehab.generator.delivery import ENTITIES, GENERATOR_VERSION, generate_delivery
from samrehab.generator.effects import DOCUMENTED_EFFECTS

__all__ = ["DOCUMENTED_EFFECTS", "ENTITIES", "GENERATOR_VERSION", "generate_delivery"]
