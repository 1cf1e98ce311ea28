-- E1.access_rate_std: E1.access_rate age-standardised to the European Standard Population 2013
-- over the five age bands (seed esp2013_age_band_weights), with Dobson intervals; by region,
-- municipality and sex, care-level slice `all`. Not reported below 10 persons.
{% set dimensions = ['total', 'municipality', 'sex'] %}
with visits as (
    select home_region_code as region_code, municipality_code, sex, age_band, patient_id, visit_date
    from {{ ref('int_attended_visits') }}
    where age_band is not null
),

persons_by_band as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    {% for dimension in dimensions %}
    select
        '{{ period_type }}' as period_type,
        {{ period_start(period_type, 'visit_date') }} as period_start,
        region_code,
        '{{ dimension }}' as dimension,
        {% if dimension == 'total' %}'total'{% else %}{{ dimension_column(dimension) }}{% endif %} as group_code,
        age_band,
        count(distinct patient_id) as persons
    from visits
    group by 1, 2, 3, 4, 5, 6
    {% if not (loop.last and period_type == 'year') %}union all{% endif %}
    {% endfor %}
    {% endfor %}
),

population_by_band as (
    {% for dimension in dimensions %}
    select
        year,
        region_code,
        '{{ dimension }}' as dimension,
        {% if dimension == 'total' %}'total'{% else %}{{ dimension_column(dimension) }}{% endif %} as group_code,
        age_band,
        sum(population) as population
    from {{ ref('int_population') }}
    group by 1, 2, 3, 4, 5
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

periods as (
    select distinct period_type, period_start, region_code from persons_by_band
),

bands as (
    select
        periods.period_type,
        periods.period_start,
        periods.region_code,
        population_by_band.dimension,
        population_by_band.group_code,
        population_by_band.age_band,
        population_by_band.population,
        coalesce(persons_by_band.persons, 0) as persons,
        weights.weight
    from periods
    inner join population_by_band
        on population_by_band.year = extract(year from periods.period_start)
        and population_by_band.region_code = periods.region_code
    inner join {{ ref('esp2013_age_band_weights') }} as weights
        on population_by_band.age_band = weights.age_band
    left join persons_by_band
        on persons_by_band.period_type = periods.period_type
        and persons_by_band.period_start = periods.period_start
        and persons_by_band.region_code = periods.region_code
        and persons_by_band.dimension = population_by_band.dimension
        and persons_by_band.group_code = population_by_band.group_code
        and persons_by_band.age_band = population_by_band.age_band
    where population_by_band.population > 0
)

select
    'E1.access_rate_std' as metric_id,
    period_type,
    period_start,
    region_code,
    'all' as care_level,
    dimension,
    group_code,
    cast(sum(persons) as double) as numerator,
    cast(sum(population) as double) as denominator,
    sum(persons) as numerator_persons,
    sum(population) as denominator_persons,
    {{ dsr_value('persons', 'population', 'weight', 1000) }} as point_value,
    cast(null as double) as point_sd,
    cast(null as bigint) as point_n,
    {{ dsr_lower('persons', 'population', 'weight', 1000) }} as point_ci_low,
    {{ dsr_upper('persons', 'population', 'weight', 1000) }} as point_ci_high,
    {{ no_cell_extras(
        dsr_lower('persons', 'population', 'weight', 1000, z='99.8'),
        dsr_upper('persons', 'population', 'weight', 1000, z='99.8')
    ) }}
from bands
group by 1, 2, 3, 4, 5, 6, 7
