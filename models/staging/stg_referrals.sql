select
    {{ owned_id('referral_id', 'referrals') }} as referral_id,
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(received_date as date) as received_date,
    cast(sender_care_level as {{ dbt.type_string() }}) as sender_care_level,
    cast(profession as {{ dbt.type_string() }}) as profession,
    cast(diagnosis_code as {{ dbt.type_string() }}) as diagnosis_code,
    cast(need_level as {{ dbt.type_string() }}) as need_level,
    cast(assessed_date as date) as assessed_date,
    cast(need_confirmed as boolean) as need_confirmed,
    cast(closed_date as date) as closed_date,
    cast(close_reason as {{ dbt.type_string() }}) as close_reason,
    _delivery_id as delivery_id
from {{ source('raw', 'referrals') }}
