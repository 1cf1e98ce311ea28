select
    coalesce(_owner, '') || '/' || cast(admission_id as varchar) as admission_id,
    coalesce(_owner, '') || '/' || cast(patient_id as varchar) as patient_id,
    coalesce(_owner, '') || '/' || cast(unit_id as varchar) as unit_id,
    cast(admit_date as date) as admit_date,
    cast(discharge_date as date) as discharge_date,
    cast(admission_type as varchar) as admission_type,
    cast(main_diagnosis_code as varchar) as main_diagnosis_code,
    cast(discharge_to as varchar) as discharge_to,
    cast(cost_sek as double) as cost_sek,
    _delivery_id as delivery_id
from {{ source('raw', 'admissions') }}
