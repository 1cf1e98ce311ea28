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
            when '{{ dimension }}' then cast(by_period.{{ dimension_column(dimension) }} as {{ dbt.type_string() }})
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
    The grouping sets behind aggregate_observations, one per (care-level slice, dimension) that
    needs its own grouping (metric, period type and period start are in every set). The set of
    (region, care_level) serves three cells: the unit's care-level slice total, and the care_level
    dimension in the `all` slice and in the unit's slice (the same persons and observations), so it
    is grouped once.
    Returns grouping_columns and sets, a list of dicts: columns (the grouped columns of
    grouping_columns), gid (the value of grouping() over grouping_columns), and cells (a list of
    [slice_kind, dimension]).
-#}
{% macro observation_grouping_sets(dimensions) %}
    {%- set other_dimensions = dimensions | reject('equalto', 'care_level') | list -%}
    {%- set grouping_columns = ['region_code', 'care_level'] -%}
    {%- for dimension in other_dimensions -%}{%- do grouping_columns.append(dimension_column(dimension)) -%}{%- endfor -%}
    {%- set unit_cells = [['unit', 'total']] -%}
    {%- if 'care_level' in dimensions -%}
        {%- do unit_cells.extend([['all', 'care_level'], ['unit', 'care_level']]) -%}
    {%- endif -%}
    {%- set sets = [
        {'columns': ['region_code'], 'cells': [['all', 'total']]},
        {'columns': ['region_code', 'care_level'], 'cells': unit_cells},
    ] -%}
    {%- for dimension in other_dimensions -%}
        {%- do sets.append({'columns': ['region_code', dimension_column(dimension)], 'cells': [['all', dimension]]}) -%}
        {%- do sets.append({'columns': ['region_code', 'care_level', dimension_column(dimension)], 'cells': [['unit', dimension]]}) -%}
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
    {{ return({'grouping_columns': grouping_columns, 'sets': sets}) }}
{% endmacro %}

{#- `group by grouping sets (...)` over the plan's sets, each with `keys` and `extra` columns. -#}
{% macro observation_grouping_clause(plan, keys, extra=[]) -%}
    group by grouping sets (
        {%- for grouping_set in plan['sets'] %}
        ({{ (keys + grouping_set['columns'] + extra) | join(', ') }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )
{%- endmacro %}

{#- The key columns of a grouping-sets select: `keys`, the grouping columns and their grouping() id. -#}
{% macro cell_key_columns(keys, grouping_columns) -%}
    {{ keys | join(', ') }}, {{ grouping_columns | join(', ') }}, {{ grouping_id(grouping_columns) }} as gid
{%- endmacro %}

{#- A cell's sums and persons from rows that hold one person each (sums per person). -#}
{% macro cell_sums_of_person_rows() -%}
    sum(person_numerator) as numerator,
        sum(person_denominator) as denominator,
        count(case when person_numerator > 0 then 1 end) as numerator_persons,
        count(case when person_denominator > 0 then 1 end) as denominator_persons,
        sum(person_observations) as observed_n,
        sum(person_numerator * person_numerator) as person_numerator_squares,
        sum(person_numerator * person_denominator) as person_products,
        sum(person_denominator * person_denominator) as person_denominator_squares
{%- endmacro %}

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
      cell's persons of each person's numerator sum), and of observed_value: 'median', 'p90',
      'mean' (mean and sample sd); the others are null. 'median' and 'p90' also give their
      order-statistic limits at 95 % and 99.8 % (median_ci_low … p90_ci_high_998; none below 10
      observations, macros/stats/order_statistic.sql). Every cell carries the sums over its persons
      of the squares and products of each person's numerator and denominator sums (cluster_yy,
      cluster_xy, cluster_xx) for the cluster-robust ratio interval.

      How persons are counted without repeating every observation for every cell: the attribute
      combinations that occur (care level and breakdown groups) are numbered, and observations are
      summed per person, month and combination. A person whose rows in a period and region all have
      one combination is exactly one person in each cell of that combination, so these persons are
      counted per combination, and the combinations added up per cell with grouping sets whose keys
      are the cells only (small hash tables). Only persons with several combinations in a period and
      region (another unit, profession or diagnosis in the same period) are grouped per cell and
      person first. That keeps time and memory close to those of the sums alone at national scale
      (BENCHMARKS.md).
-#}
{% macro aggregate_observations(relation, dimensions, snapshot=false, statistics=[]) %}
{%- set plan = observation_grouping_sets(dimensions) -%}
{%- set grouping_columns = plan['grouping_columns'] -%}
{%- set keys = ['metric_id', 'period_type', 'period_start'] -%}
{%- set person_mean = 'person_mean' in statistics -%}
{%- set observed_statistics = statistics | reject('equalto', 'person_mean') | list -%}
{%- set quantiles = {} -%}
{%- for statistic, p in [('median', 0.5), ('p90', 0.9)] if statistic in observed_statistics -%}
    {%- do quantiles.update({statistic: p}) -%}
{%- endfor -%}
with observed_periods as (
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
        {{ grouping_columns | join(', ') }},
        person_id,
        numerator_value,
        denominator_value,
        observed_value
    from {{ relation }}
),

{%- set attribute_columns = grouping_columns[1:] %}
{#- Every combination of care level and breakdown groups that occurs, numbered: the steps below
    group persons by one integer instead of the attribute columns. #}
combinations as (
    select row_number() over (order by {{ attribute_columns | join(', ') }}) as combination_id, *
    from (select distinct {{ attribute_columns | join(', ') }} from observed_periods) as distinct_combinations
),

person_months as (
    select
        observed_periods.metric_id, observed_periods.cell_month, observed_periods.cell_quarter,
        observed_periods.cell_year, observed_periods.region_code, observed_periods.person_id,
        combinations.combination_id,
        sum(observed_periods.numerator_value) as person_numerator,
        sum(observed_periods.denominator_value) as person_denominator,
        count(observed_periods.observed_value) as person_observations
    from observed_periods
    inner join combinations
        on {% for column in attribute_columns %}combinations.{{ column }} is not distinct from observed_periods.{{ column }}{% if not loop.last %}
        and {% endif %}{% endfor %}
    group by
        observed_periods.metric_id, observed_periods.cell_month, observed_periods.cell_quarter,
        observed_periods.cell_year, observed_periods.region_code, observed_periods.person_id,
        combinations.combination_id
),

{#- One row per person, period and region: the person's sums and whether all the person's rows in
    the period share one combination (single_row). #}
person_periods as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        metric_id, '{{ period_type }}' as period_type, cell_{{ period_type }} as period_start, region_code, person_id,
        min(combination_id) as combination_id,
        min(combination_id) = max(combination_id) as single_row,
        sum(person_numerator) as person_numerator,
        sum(person_denominator) as person_denominator,
        sum(person_observations) as person_observations
    from person_months
    where cell_{{ period_type }} is not null
    group by metric_id, cell_{{ period_type }}, region_code, person_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

{#- Persons with one combination in the period and region: each is one person in each cell of the
    combination, so they are counted per combination and the combinations added up per cell. #}
single_row_combinations as (
    select
        metric_id, period_type, period_start, region_code, combination_id,
        {{ cell_sums_of_person_rows() }}
    from person_periods
    where single_row
    group by metric_id, period_type, period_start, region_code, combination_id
),

single_row_cells as (
    select
        {{ cell_key_columns(keys, grouping_columns) }},
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(numerator_persons) as numerator_persons,
        sum(denominator_persons) as denominator_persons,
        sum(observed_n) as observed_n,
        sum(person_numerator_squares) as person_numerator_squares,
        sum(person_products) as person_products,
        sum(person_denominator_squares) as person_denominator_squares
    from single_row_combinations
    inner join combinations using (combination_id)
    {{ observation_grouping_clause(plan, keys) }}
),

{#- The month rows of persons with several combinations in the period and region. #}
several_rows as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        person_months.metric_id, '{{ period_type }}' as period_type, person_months.cell_{{ period_type }} as period_start,
        person_months.region_code, person_months.person_id, person_months.combination_id,
        person_months.person_numerator, person_months.person_denominator, person_months.person_observations
    from person_months
    inner join person_periods
        on person_periods.period_type = '{{ period_type }}'
        and not person_periods.single_row
        and person_periods.metric_id = person_months.metric_id
        and person_periods.period_start = person_months.cell_{{ period_type }}
        and person_periods.region_code is not distinct from person_months.region_code
        and person_periods.person_id is not distinct from person_months.person_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

{#- Persons with several rows: summed per cell and person first. #}
several_rows_per_person as (
    select
        {{ cell_key_columns(keys, grouping_columns) }},
        sum(person_numerator) as person_numerator,
        sum(person_denominator) as person_denominator,
        sum(person_observations) as person_observations
    from several_rows
    inner join combinations using (combination_id)
    {{ observation_grouping_clause(plan, keys, ['person_id']) }}
),

several_row_cells as (
    select
        {{ keys | join(', ') }}, {{ grouping_columns | join(', ') }}, gid,
        {{ cell_sums_of_person_rows() }}
    from several_rows_per_person
    group by {{ keys | join(', ') }}, {{ grouping_columns | join(', ') }}, gid
),

grouped as (
    select
        {{ keys | join(', ') }}, {{ grouping_columns | join(', ') }}, gid,
        cast(sum(numerator) as double) as numerator,
        cast(sum(denominator) as double) as denominator,
        cast(sum(numerator_persons) as bigint) as numerator_persons,
        cast(sum(denominator_persons) as bigint) as denominator_persons,
        cast(sum(observed_n) as bigint) as observed_n,
        {#- Sums over persons (clusters) of the squares and products of each person's sums: the
            cluster-robust ratio interval (macros/stats/ratio.sql). #}
        cast(sum(person_numerator_squares) as double) as cluster_yy,
        cast(sum(person_products) as double) as cluster_xy,
        cast(sum(person_denominator_squares) as double) as cluster_xx,
        {% if person_mean %}
        {#- Mean and sample sd of the persons' numerator sums (numerator / persons). #}
        cast(sum(numerator) as double) / nullif(sum(denominator_persons), 0) as person_mean,
        case when sum(denominator_persons) > 1 then sqrt(greatest(
            (cast(sum(person_numerator_squares) as double)
                - cast(sum(numerator) as double) * sum(numerator) / sum(denominator_persons))
            / (sum(denominator_persons) - 1),
            0
        )) end as person_sd
        {% else %}
        cast(null as double) as person_mean,
        cast(null as double) as person_sd
        {% endif %}
    from (
        select * from single_row_cells
        union all
        select * from several_row_cells
    ) as parts
    group by {{ keys | join(', ') }}, {{ grouping_columns | join(', ') }}, gid
),

{% if observed_statistics | length > 0 %}
observations_by_period as (
    select metric_id, 'month' as period_type, cell_month as period_start, {{ grouping_columns | join(', ') }}, observed_value
    from observed_periods
    {% for period_type in ['quarter', 'year'] %}
    union all
    select metric_id, '{{ period_type }}' as period_type, cell_{{ period_type }} as period_start, {{ grouping_columns | join(', ') }}, observed_value
    from observed_periods
    where cell_{{ period_type }} is not null
    {% endfor %}
),

observed as (
    select
        {{ cell_key_columns(keys, grouping_columns) }},
        {% if 'median' in observed_statistics and 'p90' in observed_statistics -%}
        {#- Both quantiles from one sort of the cell's values. #}
        cast({{ list_element(quantiles_cont('observed_value', [0.5, 0.9]), 1) }} as double) as observed_median,
        cast({{ list_element(quantiles_cont('observed_value', [0.5, 0.9]), 2) }} as double) as observed_p90,
        {%- else -%}
        {% if 'median' in observed_statistics %}cast({{ quantile_cont('observed_value', 0.5) }} as double){% else %}cast(null as double){% endif %} as observed_median,
        {% if 'p90' in observed_statistics %}cast({{ quantile_cont('observed_value', 0.9) }} as double){% else %}cast(null as double){% endif %} as observed_p90,
        {%- endif %}
        {% if 'mean' in observed_statistics %}cast(avg(observed_value) as double){% else %}cast(null as double){% endif %} as observed_mean,
        {% if 'mean' in observed_statistics %}cast(stddev_samp(observed_value) as double){% else %}cast(null as double){% endif %} as observed_sd,
        {% if quantiles %}{{ sorted_values('observed_value') }}{% else %}cast(null as double){% endif %} as observed_sorted,
        count(observed_value) as observed_count
    from observations_by_period
    {{ observation_grouping_clause(plan, keys) }}
),

{% if quantiles %}
{#- Order-statistic intervals of the quantiles (macros/stats/order_statistic.sql). #}
quantile_ranks as (
    {{ binomial_quantile_ranks('(select observed_count as n from observed)', quantiles.values() | list) }}
),
{% endif %}

with_statistics as (
    select
        grouped.*, observed.observed_median, observed.observed_p90, observed.observed_mean, observed.observed_sd
        {%- for statistic, p in quantiles.items() %}
        {%- for column in ['lower_rank', 'upper_rank', 'lower_rank_998', 'upper_rank_998'] %},
        {{ order_statistic('observed.observed_sorted', statistic ~ '_ranks.' ~ column) }} as observed_{{ statistic }}_{{ column }}
        {%- endfor %}
        {%- endfor %}
    from grouped
    left join observed
        on observed.gid = grouped.gid
        {% for column in keys + grouping_columns %}
        and observed.{{ column }} is not distinct from grouped.{{ column }}
        {% endfor %}
    {%- for statistic, p in quantiles.items() %}
    left join quantile_ranks as {{ statistic }}_ranks
        on {{ statistic }}_ranks.n = observed.observed_count and {{ statistic }}_ranks.quantile = cast({{ p }} as double)
    {%- endfor %}
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

cell_map (gid, slice_kind, dimension) as (
    values
    {%- for grouping_set in plan['sets'] %}{% set outer_loop = loop %}
    {%- for cell in grouping_set['cells'] %}
        ({{ grouping_set['gid'] }}, '{{ cell[0] }}', '{{ cell[1] }}'){% if not (outer_loop.last and loop.last) %},{% endif %}
    {%- endfor %}
    {%- endfor %}
),

cells as (
    select
        with_statistics.metric_id,
        with_statistics.period_type,
        with_statistics.period_start,
        with_statistics.region_code,
        case when cell_map.slice_kind = 'all' then 'all' else with_statistics.care_level end as care_level,
        cell_map.dimension,
        case cell_map.dimension
            when 'total' then 'total'
            when 'care_level' then with_statistics.care_level
            {% for dimension in dimensions if dimension != 'care_level' %}
            when '{{ dimension }}' then cast(with_statistics.{{ dimension_column(dimension) }} as {{ dbt.type_string() }})
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
        with_statistics.observed_n,
        with_statistics.cluster_yy,
        with_statistics.cluster_xy,
        with_statistics.cluster_xx
        {%- for statistic in ['median', 'p90'] %}
        {%- for column in ['lower_rank', 'upper_rank', 'lower_rank_998', 'upper_rank_998'] %},
        {% if statistic in quantiles %}with_statistics.observed_{{ statistic }}_{{ column }}{% else %}cast(null as double){% endif %} as {{ statistic }}_{{ column | replace('lower_rank', 'ci_low') | replace('upper_rank', 'ci_high') }}
        {%- endfor %}
        {%- endfor %}
    from with_statistics
    inner join cell_map on cell_map.gid = with_statistics.gid
)

select * from cells
where care_level is not null and group_code is not null
{% endmacro %}
