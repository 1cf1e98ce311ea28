select
    cast(event_date as date) as event_date,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(profession as {{ dbt.type_string() }}) as profession,
    cast(support_name as {{ dbt.type_string() }}) as support_name,
    cast(uses as integer) as uses,
    _delivery_id as delivery_id
from {{ source('raw', 'decision_support_usage') }}
