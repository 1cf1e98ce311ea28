select
    {{ owned_id('audit_id', 'record_audits') }} as audit_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(audit_date as date) as audit_date,
    {{ owned_id('plan_id', 'plans') }} as plan_id,
    cast(criterion as {{ dbt.type_string() }}) as criterion,
    cast(met as boolean) as met,
    _delivery_id as delivery_id
from {{ source('raw', 'record_audits') }}
