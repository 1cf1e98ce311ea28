select
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(unit_name as varchar) as unit_name,
    cast(care_level as varchar) as care_level,
    cast(provider_type as varchar) as provider_type,
    cast(municipality_code as varchar) as municipality_code,
    cast(region_code as varchar) as region_code,
    _delivery_id as delivery_id
from {{ source('raw', 'units') }}
