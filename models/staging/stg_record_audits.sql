select
    coalesce(_owner, '') || '/' || cast(audit_id as varchar) as audit_id,
    coalesce(_owner, '') || '/' || cast(unit_id as varchar) as unit_id,
    cast(audit_date as date) as audit_date,
    coalesce(_owner, '') || '/' || cast(plan_id as varchar) as plan_id,
    cast(criterion as varchar) as criterion,
    cast(met as boolean) as met,
    _delivery_id as delivery_id
from {{ source('raw', 'record_audits') }}
