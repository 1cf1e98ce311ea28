{#-
    Cells of marts.metric_values: the keys of every period type, care-level slice and dimension.

    expand_observations(relation, dimensions, columns, snapshot=false, has_periods=false)
      A SELECT statement (wrap it in parentheses) with one row per observation × period type
      (month/quarter/year) × care-level slice (`all` and the unit's level) × dimension (`total` +
      `dimensions`): the keys period_type, period_start, region_code, care_level_slice, dimension,
      group_code, then the carried `columns`. Rows whose group is unknown (null) are left out of
      that dimension (they stay in the total).
      `relation` has attribution_date (unless has_periods: then it already has period_type and
      period_start), region_code, care_level (may be null) and one column per breakdown dimension
      (municipality -> municipality_code, others by the dimension's name).
      `snapshot=true` is for stock metrics attributed to month ends (waiting at period end): a
      quarter takes only its last month's snapshot, a year only December's.

    aggregate_observations (below) builds the cells with grouping sets instead; expand_observations
    is for models that aggregate the expansion in their own way.
-#}
{% macro dimension_column(dimension) -%}
    {%- if dimension == 'municipality' -%}municipality_code{%- else -%}{{ dimension }}{%- endif -%}
{%- endmacro %}

{% macro expand_observations(relation, dimensions, columns, snapshot=false, has_periods=false) %}
with by_period as (
    {% if has_periods %}
    select * from {{ relation }}
    {% else %}
    select
        observations.*,
        period_types.period_type,
        case period_types.period_type
            when 'month' then {{ period_start('month', 'observations.attribution_date') }}
            when 'quarter' then {{ period_start('quarter', 'observations.attribution_date') }}
            else {{ period_start('year', 'observations.attribution_date') }}
        end as period_start
    from {{ relation }} as observations
    cross join (
        select 'month' as period_type union all select 'quarter' union all select 'year'
    ) as period_types
    {% if snapshot %}
    where period_types.period_type = 'month'
        or (period_types.period_type = 'quarter' and extract(month from observations.attribution_date) in (3, 6, 9, 12))
        or (period_types.period_type = 'year' and extract(month from observations.attribution_date) = 12)
    {% endif %}
    {% endif %}
),

expanded as (
    select
        by_period.period_type,
        by_period.period_start,
        by_period.region_code,
        case when slices.slice_kind = 'all' then 'all' else by_period.care_level end as care_level_slice,
        breakdowns.dimension,
        case breakdowns.dimension
            when 'total' then 'total'
            {% for dimension in dimensions %}
            when '{{ dimension }}' then cast(by_period.{{ dimension_column(dimension) }} as varchar)
            {% endfor %}
        end as group_code
        {% for column in columns %}, by_period.{{ column }}{% endfor %}
    from by_period
    cross join (select 'all' as slice_kind union all select 'unit') as slices
    cross join (
        select 'total' as dimension
        {% for dimension in dimensions %}union all select '{{ dimension }}'{% endfor %}
    ) as breakdowns
    where slices.slice_kind = 'all' or by_period.care_level is not null
)

select * from expanded where group_code is not null
{% endmacro %}

{#-
    The grouping sets behind aggregate_observations, one per (period type, care-level slice,
    dimension) that needs its own grouping. The set of (period, region, care_level) serves three
    cells: the unit's care-level slice total, and the care_level dimension in the `all` slice and in
    the unit's slice (the same persons and observations), so it is grouped once.
    Returns grouping_columns and sets, a list of dicts: columns (the grouped columns besides
    metric_id), gid (the value of grouping() over grouping_columns), period_type, and cells (a list
    of [slice_kind, dimension]).

    person_dimensions are dimensions whose group is the same for all of a person's observations in
    a calendar year (home municipality, sex, age band at the attribution date). Persons need not be
    counted in their own grouping sets: the total sets are grouped by person and these columns
    (one row per person), and a group's persons are the rows with its value. person_sets are the
    grouping sets (without person_id) that count persons; extended_sets the total sets extended so
    (columns, and gid of the extended set); person_bits the bit of each person-level column in gid.
-#}
{% macro observation_grouping_sets(dimensions, person_dimensions=[]) %}
    {%- set other_dimensions = dimensions | reject('equalto', 'care_level') | list -%}
    {%- set grouping_columns = ['cell_month', 'cell_quarter', 'cell_year', 'region_code', 'care_level'] -%}
    {%- for dimension in other_dimensions -%}{%- do grouping_columns.append(dimension_column(dimension)) -%}{%- endfor -%}
    {%- set sets = [] -%}
    {%- for period_type in ['month', 'quarter', 'year'] -%}
        {%- set period_column = 'cell_' ~ period_type -%}
        {%- set unit_cells = [['unit', 'total']] -%}
        {%- if 'care_level' in dimensions -%}
            {%- do unit_cells.extend([['all', 'care_level'], ['unit', 'care_level']]) -%}
        {%- endif -%}
        {%- do sets.append({'columns': [period_column, 'region_code'], 'cells': [['all', 'total']]}) -%}
        {%- do sets.append({'columns': [period_column, 'region_code', 'care_level'], 'cells': unit_cells}) -%}
        {%- for dimension in other_dimensions -%}
            {%- do sets.append({'columns': [period_column, 'region_code', dimension_column(dimension)], 'cells': [['all', dimension]]}) -%}
            {%- do sets.append({'columns': [period_column, 'region_code', 'care_level', dimension_column(dimension)], 'cells': [['unit', dimension]]}) -%}
        {%- endfor -%}
        {%- for grouping_set in sets if not grouping_set.get('period_type') -%}
            {%- do grouping_set.update({'period_type': period_type}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for grouping_set in sets -%}
        {%- set ns = namespace(gid=0) -%}
        {%- for column in grouping_columns -%}
            {%- if column not in grouping_set['columns'] -%}
                {%- set ns.gid = ns.gid + 2 ** (grouping_columns | length - 1 - loop.index0) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do grouping_set.update({'gid': ns.gid}) -%}
    {%- endfor -%}
    {#- Person-level dimensions: their groups are read off the rows of the total sets (below). -#}
    {%- set person_columns = [] -%}
    {%- for dimension in other_dimensions if dimension in person_dimensions -%}
        {%- do person_columns.append(dimension_column(dimension)) -%}
    {%- endfor -%}
    {%- set person_sets = [] -%}
    {%- set extended_sets = [] -%}
    {%- for grouping_set in sets -%}
        {%- set dimension_columns = grouping_set['columns'] | reject('in', ['cell_month', 'cell_quarter', 'cell_year', 'region_code', 'care_level']) | list -%}
        {%- if dimension_columns | length == 0 and person_columns | length > 0 -%}
            {%- set ns = namespace(gid=grouping_set['gid']) -%}
            {%- for column in person_columns -%}
                {%- set ns.gid = ns.gid - 2 ** (grouping_columns | length - 1 - grouping_columns.index(column)) -%}
            {%- endfor -%}
            {%- do extended_sets.append({'columns': grouping_set['columns'], 'gid': ns.gid}) -%}
            {%- do person_sets.append(grouping_set['columns'] + person_columns) -%}
        {%- elif dimension_columns | length == 0 or dimension_columns[0] not in person_columns -%}
            {%- do person_sets.append(grouping_set['columns']) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set person_bits = [] -%}
    {%- for column in person_columns -%}
        {%- do person_bits.append([column, 2 ** (grouping_columns | length - 1 - grouping_columns.index(column))]) -%}
    {%- endfor -%}
    {{ return({'grouping_columns': grouping_columns, 'sets': sets, 'person_sets': person_sets,
               'extended_sets': extended_sets, 'person_bits': person_bits}) }}
{% endmacro %}

{#-
    aggregate_observations(relation, dimensions, snapshot=false, statistics=[])
      Cells of every period type (month, quarter, year), care-level slice (`all` and the unit's
      level) and dimension (`total` + `dimensions`) of the observations in `relation`, which has
      metric_id, attribution_date, region_code, care_level (may be null), one column per breakdown
      dimension (municipality -> municipality_code, others by the dimension's name), person_id
      (whom the observation is about: patient, staff member or response), numerator_value,
      denominator_value and observed_value. A group that is unknown (null) is left out of its
      dimension (the observation stays in the total). `snapshot=true` is for stock metrics
      attributed to month ends: a quarter takes only its last month's snapshot, a year December's.
      `statistics` names what to compute besides sums: 'person_mean' (mean and sample sd over the
      cell's persons of each person's numerator sum), and of observed_value: 'median', 'p90', 'mean' (mean and
      sample sd); the others are null.

      How: grouping sets instead of repeating each observation for every cell. Persons are counted
      in two phases: observations are first summed per person and month (and attributes), the
      grouping sets then give one row per cell and person, and the cell's persons are the rows with
      a positive numerator (denominator) sum. Sums come from the same rows; quantiles, mean and sd
      need the observations themselves and come from a second grouping over them.
-#}
{#- A cell's sums and persons from its rows of per-person sums. -#}
{% macro cell_sums_from_person_rows(person_mean=false) -%}
    {% if person_mean -%}
    cast(avg(person_numerator) as double) as person_mean,
        cast(stddev_samp(person_numerator) as double) as person_sd,
    {%- else -%}
    cast(null as double) as person_mean,
        cast(null as double) as person_sd,
    {%- endif %}
        cast(sum(person_numerator) as double) as numerator,
        cast(sum(person_denominator) as double) as denominator,
        count(case when person_numerator > 0 then 1 end) as numerator_persons,
        count(case when person_denominator > 0 then 1 end) as denominator_persons,
        sum(person_observations) as observed_n
{%- endmacro %}

{% macro aggregate_observations(relation, dimensions, snapshot=false, statistics=[], person_dimensions=none) %}
{%- set person_dimensions = ['municipality', 'sex', 'age_band'] if person_dimensions is none else person_dimensions -%}
{%- set plan = observation_grouping_sets(dimensions, person_dimensions) -%}
{%- set grouping_columns = plan['grouping_columns'] -%}
{%- set attribute_columns = grouping_columns[3:] -%}
with periods as (
    select
        metric_id,
        {{ period_start('month', 'attribution_date') }} as cell_month,
        {% if snapshot %}
        case when extract(month from attribution_date) in (3, 6, 9, 12) then {{ period_start('quarter', 'attribution_date') }} end as cell_quarter,
        case when extract(month from attribution_date) = 12 then {{ period_start('year', 'attribution_date') }} end as cell_year,
        {% else %}
        {{ period_start('quarter', 'attribution_date') }} as cell_quarter,
        {{ period_start('year', 'attribution_date') }} as cell_year,
        {% endif %}
        {% for column in attribute_columns %}{{ column }}, {% endfor %}
        person_id,
        numerator_value,
        denominator_value,
        observed_value
    from {{ relation }}
),

per_person_month as (
    select
        metric_id, {{ grouping_columns | join(', ') }}, person_id,
        sum(numerator_value) as person_numerator,
        sum(denominator_value) as person_denominator,
        count(observed_value) as person_observations
    from periods
    group by all
),

per_cell_person as (
    select
        metric_id, {{ grouping_columns | join(', ') }}, person_id,
        grouping({{ grouping_columns | join(', ') }}) as gid,
        sum(person_numerator) as person_numerator,
        sum(person_denominator) as person_denominator,
        sum(person_observations) as person_observations
    from per_person_month
    group by grouping sets (
        {%- for columns in plan['person_sets'] %}
        (metric_id, {{ columns | join(', ') }}, person_id){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
),

grouped as (
    select
        metric_id, {{ grouping_columns | join(', ') }}, gid,
        {{ cell_sums_from_person_rows('person_mean' in statistics) }}
    from per_cell_person
    {% if plan['extended_sets'] %}
    where gid not in ({% for extended in plan['extended_sets'] %}{{ extended['gid'] }}{% if not loop.last %}, {% endif %}{% endfor %})
    {% endif %}
    group by all
    {% if plan['extended_sets'] %}
    union all
    {#- Cells of the totals and of the person-level dimensions, from the extended total sets. #}
    select
        metric_id,
        {% for column in grouping_columns -%}
        {%- if column in grouping_columns[:5] or column in plan['person_bits'] | map(attribute=0) -%}{{ column }}{%- else -%}any_value({{ column }}) as {{ column }}{%- endif -%},
        {% endfor -%}
        gid{% for column_bit in plan['person_bits'] %} + {{ column_bit[1] }} * grouping({{ column_bit[0] }}){% endfor %} as gid,
        {{ cell_sums_from_person_rows('person_mean' in statistics) }}
    from per_cell_person
    where gid in ({% for extended in plan['extended_sets'] %}{{ extended['gid'] }}{% if not loop.last %}, {% endif %}{% endfor %})
        and coalesce(cell_month, cell_quarter, cell_year) is not null
    group by grouping sets (
        (metric_id, gid, {{ grouping_columns[:5] | join(', ') }}),
        {%- for column_bit in plan['person_bits'] %}
        (metric_id, gid, {{ grouping_columns[:5] | join(', ') }}, {{ column_bit[0] }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
    {% endif %}
),

{% if plan['extended_sets'] %}
{#- The person-level dimensions must hold one group per person in a period: otherwise persons
    would be counted once per group in the totals. A person with two groups stops the build. -#}
person_dimension_guard as (
    select
        case when count(*) > 0 then error(
            'aggregate_observations: a person has more than one value of '
            || '{{ plan['person_bits'] | map(attribute=0) | join(', ') }} in one period; '
            || 'pass person_dimensions without the dimension that varies'
        ) else true end as holds
    from (
        select 1
        from per_cell_person
        where gid in ({% for extended in plan['extended_sets'] %}{{ extended['gid'] }}{% if not loop.last %}, {% endif %}{% endfor %})
            and coalesce(cell_month, cell_quarter, cell_year) is not null
        group by metric_id, gid, cell_month, cell_quarter, cell_year, region_code, care_level, person_id
        having count(*) > 1
    ) as violations
),
{% endif %}

{% if statistics | reject('equalto', 'person_mean') | list | length > 0 %}
observed as (
    select
        metric_id, {{ grouping_columns | join(', ') }},
        grouping({{ grouping_columns | join(', ') }}) as gid,
        {% if 'median' in statistics %}cast({{ quantile_cont('observed_value', 0.5) }} as double){% else %}cast(null as double){% endif %} as observed_median,
        {% if 'p90' in statistics %}cast({{ quantile_cont('observed_value', 0.9) }} as double){% else %}cast(null as double){% endif %} as observed_p90,
        {% if 'mean' in statistics %}cast(avg(observed_value) as double){% else %}cast(null as double){% endif %} as observed_mean,
        {% if 'mean' in statistics %}cast(stddev_samp(observed_value) as double){% else %}cast(null as double){% endif %} as observed_sd
    from periods
    group by grouping sets (
        {%- for grouping_set in plan['sets'] %}
        (metric_id, {{ grouping_set['columns'] | join(', ') }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
),

with_statistics as (
    select grouped.*, observed.observed_median, observed.observed_p90, observed.observed_mean, observed.observed_sd
    from grouped
    left join observed
        on observed.gid = grouped.gid
        and observed.metric_id = grouped.metric_id
        {% for column in grouping_columns %}
        and observed.{{ column }} is not distinct from grouped.{{ column }}
        {% endfor %}
),
{% else %}
with_statistics as (
    select
        grouped.*,
        cast(null as double) as observed_median,
        cast(null as double) as observed_p90,
        grouped.person_mean as observed_mean,
        grouped.person_sd as observed_sd
    from grouped
),
{% endif %}

cell_map (gid, period_type, slice_kind, dimension) as (
    values
    {%- for grouping_set in plan['sets'] %}{% set outer_loop = loop %}
    {%- for cell in grouping_set['cells'] %}
        ({{ grouping_set['gid'] }}, '{{ grouping_set['period_type'] }}', '{{ cell[0] }}', '{{ cell[1] }}'){% if not (outer_loop.last and loop.last) %},{% endif %}
    {%- endfor %}
    {%- endfor %}
),

cells as (
    select
        with_statistics.metric_id,
        cell_map.period_type,
        case cell_map.period_type
            when 'month' then with_statistics.cell_month
            when 'quarter' then with_statistics.cell_quarter
            else with_statistics.cell_year
        end as period_start,
        with_statistics.region_code,
        case when cell_map.slice_kind = 'all' then 'all' else with_statistics.care_level end as care_level,
        cell_map.dimension,
        case cell_map.dimension
            when 'total' then 'total'
            when 'care_level' then with_statistics.care_level
            {% for dimension in dimensions if dimension != 'care_level' %}
            when '{{ dimension }}' then cast(with_statistics.{{ dimension_column(dimension) }} as varchar)
            {% endfor %}
        end as group_code,
        with_statistics.numerator,
        with_statistics.denominator,
        with_statistics.numerator_persons,
        with_statistics.denominator_persons,
        with_statistics.observed_median,
        with_statistics.observed_p90,
        with_statistics.observed_mean,
        with_statistics.observed_sd,
        with_statistics.observed_n
    from with_statistics
    inner join cell_map on cell_map.gid = with_statistics.gid
)

select cells.* from cells
{% if plan['extended_sets'] %}cross join person_dimension_guard{% endif %}
where cells.period_start is not null and cells.care_level is not null and cells.group_code is not null
{% if plan['extended_sets'] %}and person_dimension_guard.holds{% endif %}
{% endmacro %}
