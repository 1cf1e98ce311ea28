select
    {{ owned_id('staff_id', 'staff') }} as staff_id,
    cast(week_start as date) as week_start,
    cast(task_category as {{ dbt.type_string() }}) as task_category,
    cast(minutes as integer) as minutes,
    cast(in_competence as boolean) as in_competence,
    _delivery_id as delivery_id
from {{ source('raw', 'time_use') }}
