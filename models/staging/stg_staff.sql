select
    cast(staff_id as {{ dbt.type_string() }}) as staff_id,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(profession as {{ dbt.type_string() }}) as profession,
    cast(employment_start as date) as employment_start,
    cast(employment_end as date) as employment_end,
    cast(fte as double) as fte,
    _delivery_id as delivery_id
from {{ source('raw', 'staff') }}
