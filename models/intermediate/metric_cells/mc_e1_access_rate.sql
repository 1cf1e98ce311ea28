-- E1.access_rate: persons with at least one attended visit per 1 000 residents of the period's
-- year. Region and municipality are the patient's home; the care-level and profession breakdowns
-- divide by the whole population of the region.
with observations as (
    select
        'E1.access_rate' as metric_id,
        visit_date as attribution_date,
        home_region_code as region_code,
        care_level,
        municipality_code,
        sex,
        age_band,
        profession,
        patient_id as person_id,
        1 as numerator_value,
        0 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_attended_visits') }}
),

persons as (
    {{ aggregate_observations('observations', ['municipality', 'sex', 'age_band', 'care_level', 'profession']) }}
),

population as (
    {% for dimension in ['total', 'municipality', 'sex', 'age_band'] %}
    select
        year,
        region_code,
        '{{ dimension }}' as dimension,
        {% if dimension == 'total' %}'total'{% else %}{{ dimension_column(dimension) }}{% endif %} as group_code,
        sum(population) as population
    from {{ ref('int_population') }}
    group by 1, 2, 3, 4
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    persons.metric_id,
    persons.period_type,
    persons.period_start,
    persons.region_code,
    persons.care_level,
    persons.dimension,
    persons.group_code,
    cast(persons.numerator_persons as double) as numerator,
    cast(population.population as double) as denominator,
    persons.numerator_persons,
    population.population as denominator_persons,
    cast(null as double) as point_value,
    cast(null as double) as point_sd,
    cast(null as bigint) as point_n,
    cast(null as double) as point_ci_low,
    cast(null as double) as point_ci_high,
    {{ no_cell_extras() }}
from persons
inner join population
    on population.year = extract(year from persons.period_start)
    and population.region_code = persons.region_code
    and population.dimension = case when persons.dimension in ('care_level', 'profession') then 'total' else persons.dimension end
    and population.group_code = case when persons.dimension in ('care_level', 'profession') then 'total' else persons.group_code end
