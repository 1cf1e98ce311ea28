select
    {{ owned_id('admission_id', 'admissions') }} as admission_id,
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(admit_date as date) as admit_date,
    cast(discharge_date as date) as discharge_date,
    cast(admission_type as {{ dbt.type_string() }}) as admission_type,
    cast(main_diagnosis_code as {{ dbt.type_string() }}) as main_diagnosis_code,
    cast(discharge_to as {{ dbt.type_string() }}) as discharge_to,
    cast(cost_sek as double) as cost_sek,
    _delivery_id as delivery_id
from {{ source('raw', 'admissions') }}
