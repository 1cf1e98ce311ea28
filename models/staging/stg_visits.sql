select
    cast(visit_id as {{ dbt.type_string() }}) as visit_id,
    cast(patient_id as {{ dbt.type_string() }}) as patient_id,
    cast(referral_id as {{ dbt.type_string() }}) as referral_id,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(visit_date as date) as visit_date,
    cast(profession as {{ dbt.type_string() }}) as profession,
    cast(contact_type as {{ dbt.type_string() }}) as contact_type,
    cast(status as {{ dbt.type_string() }}) as status,
    cast(planned as boolean) as planned,
    cast(coordinated as boolean) as coordinated,
    cast(kva_code as {{ dbt.type_string() }}) as kva_code,
    cast(duration_minutes as integer) as duration_minutes,
    cast(cost_sek as double) as cost_sek,
    _delivery_id as delivery_id
from {{ source('raw', 'visits') }}
