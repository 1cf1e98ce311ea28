"""The extract contract: one pandera (polars) model per entity, and what is derived from them."""

from contracts.registry import (
    ENTITIES,
    ENTITY_BY_NAME,
    LINEAGE_COLUMNS,
    ColumnSpec,
    DateOrder,
    EntityContract,
    get_entity,
    raw_columns,
)

__all__ = [
    "ENTITIES",
    "ENTITY_BY_NAME",
    "LINEAGE_COLUMNS",
    "ColumnSpec",
    "DateOrder",
    "EntityContract",
    "get_entity",
    "raw_columns",
]
