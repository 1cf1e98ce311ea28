select
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(unit_name as {{ dbt.type_string() }}) as unit_name,
    cast(care_level as {{ dbt.type_string() }}) as care_level,
    cast(provider_type as {{ dbt.type_string() }}) as provider_type,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    _delivery_id as delivery_id
from {{ source('raw', 'units') }}
