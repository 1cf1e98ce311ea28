-- Patients with the region of their home municipality.
select
    patients.patient_id,
    patients.birth_year,
    patients.sex,
    patients.municipality_code,
    coalesce(municipalities.region_code, left(patients.municipality_code, 2)) as region_code,
    patients.deceased_date
from {{ ref('stg_patients') }} as patients
left join {{ ref('municipalities') }} as municipalities
    on patients.municipality_code = municipalities.municipality_code
