select
    {{ owned_id('plan_id', 'plans') }} as plan_id,
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    {{ owned_id('referral_id', 'referrals') }} as referral_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(created_date as date) as created_date,
    cast(goals_documented as boolean) as goals_documented,
    cast(icf_coded as boolean) as icf_coded,
    cast(patient_participated as boolean) as patient_participated,
    cast(responsibilities_assigned as boolean) as responsibilities_assigned,
    cast(follow_up_planned_date as date) as follow_up_planned_date,
    cast(followed_up_date as date) as followed_up_date,
    cast(shared_with_patient as boolean) as shared_with_patient,
    cast(shared_with_next_provider as boolean) as shared_with_next_provider,
    cast(status as {{ dbt.type_string() }}) as status,
    cast(closed_date as date) as closed_date,
    cast(goals_met as {{ dbt.type_string() }}) as goals_met,
    _delivery_id as delivery_id
from {{ source('raw', 'plans') }}
