select
    cast(audit_id as {{ dbt.type_string() }}) as audit_id,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(audit_date as date) as audit_date,
    cast(plan_id as {{ dbt.type_string() }}) as plan_id,
    cast(criterion as {{ dbt.type_string() }}) as criterion,
    cast(met as boolean) as met,
    _delivery_id as delivery_id
from {{ source('raw', 'record_audits') }}
