-- Staff members with the attributes of their unit: a staff metric takes its region and care level
-- from the staff member's unit (units.region_code, units.care_level) and its profession from the
-- staff row. Staff whose unit is not in the units extract are left out (no region to report in).
select
    staff.staff_id,
    staff.unit_id,
    staff.profession,
    staff.employment_start,
    staff.employment_end,
    staff.fte,
    units.care_level,
    units.region_code
from {{ ref('stg_staff') }} as staff
inner join {{ ref('stg_units') }} as units on staff.unit_id = units.unit_id
