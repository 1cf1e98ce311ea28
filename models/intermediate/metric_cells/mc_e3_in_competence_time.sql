-- E3.in_competence_time_share: minutes of tasks matching the profession's competence
-- (in_competence = true) / all recorded minutes of the time studies, attributed to week_start.
-- A null in_competence counts in the denominator only; rows without minutes add nothing and are
-- skipped. Region, care level and profession: the staff member's unit and profession
-- (int_staff); time-use rows of staff not in the staff extract are left out. Persons for
-- disclosure control: staff members.
-- Interval: the minutes of one staff member are not independent trials, so the share gets the
-- cluster (staff member) linearisation interval of a ratio (catalogue interval_method
-- cluster_ratio: int_metric_values_computed applies macro ratio_cluster_lower/upper to the staff
-- members' sums of squares and products, cluster_yy/xy/xx, with n = denominator_persons).
with observations as (
    {{ clustered_observations('E3.in_competence_time_share') }}
),

per_staff as (
    select
        period_type, period_start, region_code, care_level_slice, dimension, group_code, person_id as staff_id,
        cast(sum(numerator_value) as double) as y,
        cast(sum(denominator_value) as double) as x
    from ({{ expand_observations('observations', ['care_level', 'profession'], ['person_id', 'numerator_value', 'denominator_value']) }}) as expanded
    group by 1, 2, 3, 4, 5, 6, 7
)

select
    'E3.in_competence_time_share' as metric_id,
    period_type,
    period_start,
    region_code,
    care_level_slice as care_level,
    dimension,
    group_code,
    sum(y) as numerator,
    sum(x) as denominator,
    count(case when y > 0 then staff_id end) as numerator_persons,
    count(*) as denominator_persons,
    cast(null as double) as point_value,
    cast(null as double) as point_sd,
    count(*) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    cast(null as double) as point_ci_low_998,
    cast(null as double) as point_ci_high_998,
    sum(y * y) as cluster_yy,
    sum(x * y) as cluster_xy,
    sum(x * x) as cluster_xx
from per_staff
group by 1, 2, 3, 4, 5, 6, 7
