select
    {{ owned_id('staff_id', 'staff') }} as staff_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(profession as {{ dbt.type_string() }}) as profession,
    cast(employment_start as date) as employment_start,
    cast(employment_end as date) as employment_end,
    cast(fte as double) as fte,
    _delivery_id as delivery_id
from {{ source('raw', 'staff') }}
