select
    {{ owned_id('visit_id', 'visits') }} as visit_id,
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    {{ owned_id('referral_id', 'referrals') }} as referral_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
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
