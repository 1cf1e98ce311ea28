select
    {{ owned_id('staff_id', 'staff') }} as staff_id,
    cast(event_date as date) as event_date,
    cast(event_type as {{ dbt.type_string() }}) as event_type,
    cast(hours as double) as hours,
    _delivery_id as delivery_id
from {{ source('raw', 'training') }}
