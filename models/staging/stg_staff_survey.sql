select
    {{ owned_id('staff_id', 'staff') }} as staff_id,
    cast(survey_date as date) as survey_date,
    cast(competence_development_score as integer) as competence_development_score,
    _delivery_id as delivery_id
from {{ source('raw', 'staff_survey') }}
