{#-
    Secondary (complementary) suppression of marts.metric_values cells. Each macro is a SELECT over
    `relation` (wrap it in parentheses) that returns every column of it plus `flag_out`, which is
    `flag_in` or the complementary suppressions of the pass.

    suppress_complement_in_dimension / _in_slices / equivalent_cells: the groups of a dimension
      and their total, the care-level slices and `all`, and the cells that are the same persons
      under two keys (see suppress_complement_in_families below: the persons outside the shown
      groups are an implicit, never-published cell of each family).

    suppress_complement_in_time: the same across periods. Months add up to their quarter and
      year, quarters to their year: when exactly one cell of such a family (the child periods and
      their parent) is suppressed, the unsuppressed child with the fewest denominator persons
      (ties: earliest) is suppressed too; when the suppressed child is the parent's only child
      (the other periods have no cell), the parent is suppressed instead.

    Two implementations of the same rules, chosen by suppression_passes():
      joins    (default, DuckDB) the families as grouped sub-queries joined back to the cells: each
               pass reads `relation` several times, which DuckDB runs fastest;
      windows  (Spark; macros/metrics/suppression_windows.sql) one read of `relation` per pass with
               window functions. Spark inlines a common table expression at every reference, so the
               joins' chain of 27 passes would be planned as (reads per pass)^27 copies.
    tests/test_suppression_passes.py builds metric_values both ways on DuckDB and requires equal
    flags; the Spark comparison (tests/test_spark_build.py) checks the Spark build's.
-#}
{#- same_cell: `left` and `right` are the same cell of one metric: equal on every key column but
    metric_id (the caller matches the metric, which may be a constant). -#}
{% macro same_cell(left, right, keys=['period_type', 'period_start', 'region_code', 'care_level', 'dimension', 'group_code']) -%}
    {%- for key in keys %}{% if not loop.first %} and {% endif %}{{ left }}.{{ key }} = {{ right }}.{{ key }}{% endfor -%}
{%- endmacro %}

{#- suppression_passes(): 'joins' or 'windows' (see the top of this file); var `suppression_passes`
    overrides the engine's default. -#}
{% macro suppression_passes() -%}
    {{ return(var('suppression_passes', none) or adapter.dispatch('suppression_passes', 'samrehab')()) }}
{%- endmacro %}

{% macro default__suppression_passes() -%}
    {{ return('joins') }}
{%- endmacro %}

{% macro spark__suppression_passes() -%}
    {{ return('windows') }}
{%- endmacro %}

{#- suppress_complement_in_families(relation, flag_in, flag_out, family_keys, parent_keys,
    parent_filter, child_filter, order_column)
      One pass of complementary suppression over families of a parent cell and its children
      (children: rows of `child_filter`, one family per value of `family_keys`; the parent: the row
      of `parent_filter` equal on `parent_keys`). The children need not cover the parent: the
      implicit cell "parent minus the children" (the persons in no shown group: sex U, no need
      level, no care level …) is never published but can be derived when every other cell is. It is
      small when its numerator, denominator or persons (rounded) are 1 … threshold − 1.
      Unpublished children needed (the unpublished children with the fewest denominator persons,
      ties `order_column`, are suppressed; the parent is never a complementary cell):
        parent suppressed, no child suppressed                    -> 1 (the parent = children + gap);
        parent published, exactly one child suppressed            -> 1 more;
        parent published, no child suppressed, the implicit cell small -> 2 (or every child when
          fewer), so that neither the implicit cell nor a single suppressed child can be derived. -#}
{% macro suppress_complement_in_families(relation, flag_in, flag_out, family_keys, parent_keys, parent_filter, child_filter, order_column) %}
{%- if suppression_passes() == 'windows' %}
{{ window_complement_in_families(relation, flag_in, flag_out, family_keys, parent_keys, parent_filter, child_filter, order_column) }}
{%- else %}
{%- set threshold = var('suppression_threshold') -%}
select
    cells.*,
    (cells.{{ flag_in }} or coalesce(marked.complementary, false)) as {{ flag_out }}
from {{ relation }} as cells
left join (
    select {% for key in family_keys + [order_column] %}ranked.{{ key }}, {% endfor %}true as complementary
    from (
        select
            children.*,
            row_number() over (
                partition by {% for key in family_keys %}children.{{ key }}, {% endfor %}children.{{ flag_in }}
                order by children.denominator_persons, children.{{ order_column }}
            ) as open_rank
        from {{ relation }} as children
        where {{ child_filter }}
    ) as ranked
    inner join (
        select
            {% for key in family_keys %}families.{{ key }}, {% endfor %}
            case
                when parents.{{ flag_in }} and families.suppressed_children = 0 then 1
                when not parents.{{ flag_in }} and families.suppressed_children = 1 then 1
                when not parents.{{ flag_in }} and families.suppressed_children = 0 and (
                    {%- for column in ['numerator', 'denominator', 'numerator_persons', 'denominator_persons'] %}
                    round(coalesce(parents.{{ column }}, 0) - families.{{ column }}_sum) between 1 and {{ threshold - 1 }}
                    {%- if not loop.last %} or{% endif %}
                    {%- endfor %}
                ) then 2
                else 0
            end as needed
        from (
            select
                {{ family_keys | join(', ') }},
                sum(case when {{ flag_in }} then 1 else 0 end) as suppressed_children,
                {%- for column in ['numerator', 'denominator', 'numerator_persons', 'denominator_persons'] %}
                coalesce(sum({{ column }}), 0) as {{ column }}_sum{% if not loop.last %},{% endif %}
                {%- endfor %}
            from {{ relation }}
            where {{ child_filter }}
            group by {{ family_keys | join(', ') }}
        ) as families
        inner join (select * from {{ relation }} where {{ parent_filter }}) as parents
            on {% for key in parent_keys %}parents.{{ key }} = families.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    ) as decided
        on {% for key in family_keys %}decided.{{ key }} = ranked.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    where not ranked.{{ flag_in }} and ranked.open_rank <= decided.needed
) as marked
    on {% for key in family_keys + [order_column] %}marked.{{ key }} = cells.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
{%- endif %}
{% endmacro %}

{#- suppress_complement_in_dimension: the groups of a dimension and their total (within one
    metric, period, region and care-level slice), with the persons outside the shown groups as the
    implicit cell. -#}
{% macro suppress_complement_in_dimension(relation, flag_in, flag_out) %}
    {{ suppress_complement_in_families(
        relation, flag_in, flag_out,
        family_keys=['metric_id', 'period_type', 'period_start', 'region_code', 'care_level', 'dimension'],
        parent_keys=['metric_id', 'period_type', 'period_start', 'region_code', 'care_level'],
        parent_filter="dimension = 'total'", child_filter="dimension <> 'total'", order_column='group_code'
    ) }}
{% endmacro %}

{#- suppress_complement_in_slices: the `all` care-level slice against the care-level slices, for
    every dimension and group (a group's persons in `all` are its persons at each level plus those
    of units without a care level). The care-level dimension is left out: its cells are the
    slices' totals (suppress_equivalent_cells). -#}
{% macro suppress_complement_in_slices(relation, flag_in, flag_out) %}
    {{ suppress_complement_in_families(
        relation, flag_in, flag_out,
        family_keys=['metric_id', 'period_type', 'period_start', 'region_code', 'dimension', 'group_code'],
        parent_keys=['metric_id', 'period_type', 'period_start', 'region_code', 'dimension', 'group_code'],
        parent_filter="care_level = 'all'", child_filter="care_level <> 'all' and dimension <> 'care_level'",
        order_column='care_level'
    ) }}
{% endmacro %}

{#- suppress_equivalent_cells: the `all` slice's care-level group X, slice X's total and slice X's
    care-level group X are the same persons and numbers: one suppressed makes all three suppressed. -#}
{% macro suppress_equivalent_cells(relation, flag_in, flag_out) %}
{%- if suppression_passes() == 'windows' %}
{{ window_equivalent_cells(relation, flag_in, flag_out) }}
{%- else %}
select
    cells.*,
    (cells.{{ flag_in }} or coalesce(classes.class_suppressed, false)) as {{ flag_out }}
from {{ relation }} as cells
left join (
    select metric_id, period_type, period_start, region_code, {{ level_class('members') }} as level_class,
        max(case when members.{{ flag_in }} then 1 else 0 end) = 1 as class_suppressed
    from {{ relation }} as members
    where {{ level_class('members') }} is not null
    group by metric_id, period_type, period_start, region_code, {{ level_class('members') }}
) as classes
    on classes.metric_id = cells.metric_id and classes.period_type = cells.period_type
    and classes.period_start = cells.period_start and classes.region_code = cells.region_code
    and classes.level_class = {{ level_class('cells') }}
{%- endif %}
{% endmacro %}

{#- The care level whose persons a cell holds when it is one of the three equivalent cells. -#}
{% macro level_class(alias) -%}
    (case
        when {{ alias }}.care_level = 'all' and {{ alias }}.dimension = 'care_level' then {{ alias }}.group_code
        when {{ alias }}.care_level <> 'all' and (
            {{ alias }}.dimension = 'total' or ({{ alias }}.dimension = 'care_level' and {{ alias }}.group_code = {{ alias }}.care_level)
        ) then {{ alias }}.care_level
    end)
{%- endmacro %}

{% macro suppress_complement_in_time(relation, flag_in, flag_out) %}
{%- if suppression_passes() == 'windows' %}
{{ window_complement_in_time(relation, flag_in, flag_out) }}
{%- else %}
{%- set families = [('month', 'quarter'), ('month', 'year'), ('quarter', 'year')] -%}
select
    cells.*,
    (cells.{{ flag_in }} or coalesce(extra.complementary, false)) as {{ flag_out }}
from {{ relation }} as cells
left join (
    select distinct metric_id, period_type, period_start, region_code, care_level, dimension, group_code,
        true as complementary
    from (
    {% for child_type, parent_type in families %}
    select
        metric_id,
        case when parent_is_complement then '{{ parent_type }}' else period_type end as period_type,
        case when parent_is_complement then parent_start else period_start end as period_start,
        region_code, care_level, dimension, group_code
    from (
        select
            children.metric_id, children.period_type, children.period_start, children.region_code,
            children.care_level, children.dimension, children.group_code, children.{{ flag_in }},
            parents.period_start as parent_start,
            sum(case when children.{{ flag_in }} then 1 else 0 end) over family
                + case when parents.{{ flag_in }} then 1 else 0 end as suppressed_in_family,
            {#- A parent with a single child (the other months have no cell) shows that child's numbers:
                when the child is the family's one unknown, the parent is its complement. #}
            count(*) over family = 1 and children.{{ flag_in }} and not parents.{{ flag_in }} as parent_is_complement,
            row_number() over (
                partition by children.metric_id, children.region_code, children.care_level, children.dimension,
                    children.group_code, {{ period_start(parent_type, 'children.period_start') }}, children.{{ flag_in }}
                order by children.denominator_persons, children.period_start
            ) as size_rank
        from {{ relation }} as children
        inner join {{ relation }} as parents
            on parents.period_type = '{{ parent_type }}'
            and parents.period_start = {{ period_start(parent_type, 'children.period_start') }}
            and {{ same_cell('parents', 'children', ['metric_id', 'region_code', 'care_level', 'dimension', 'group_code']) }}
        where children.period_type = '{{ child_type }}'
        window family as (
            partition by children.metric_id, children.region_code, children.care_level, children.dimension,
                children.group_code, {{ period_start(parent_type, 'children.period_start') }}
        )
    ) as family_members
    where suppressed_in_family = 1 and ((not {{ flag_in }} and size_rank = 1) or parent_is_complement)
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    ) as marked
) as extra
    on extra.metric_id = cells.metric_id
    and {{ same_cell('extra', 'cells') }}
{%- endif %}
{% endmacro %}

{#- suppress_complement_in_table_line: for a two-way table (analyses): within one line of the
    table (cells sharing `keys` and the value of `kind`), whose margin is the cell where `across`
    = 'total', when exactly one cell of the line is suppressed, the smallest unsuppressed inner
    cell that is not a cell of marts.metric_values (in_metric_values) is suppressed too. -#}
{% macro suppress_complement_in_table_line(relation, flag_in, flag_out, keys, kind, across) %}
    select
        {{ star_except('ranked', [flag_in, 'suppressed_in_line', 'open_rank']) }},
        ranked.{{ flag_in }}
        or (
            not ranked.in_metric_values
            and ranked.{{ across }} <> 'total'
            and ranked.suppressed_in_line = 1
            and ranked.open_rank = 1
        ) as {{ flag_out }}
    from (
        select
            cells.*,
            sum(case when cells.{{ flag_in }} then 1 else 0 end) over (
                partition by {{ keys }}, {{ kind }}
            ) as suppressed_in_line,
            row_number() over (
                partition by {{ keys }}, {{ kind }}, {{ across }} = 'total', {{ flag_in }}
                order by denominator_persons, {{ across }}
            ) as open_rank
        from {{ relation }} as cells
    ) as ranked
{% endmacro %}

{#- The primary disclosure rule, written once: a cell is suppressed when its denominator counts
    fewer than `suppression_threshold` persons or its numerator counts 1 … threshold − 1 persons. -#}
{% macro primary_suppression(numerator_persons, denominator_persons) -%}
    (
        coalesce({{ denominator_persons }}, 0) < {{ var('suppression_threshold') }}
        or coalesce({{ numerator_persons }}, 0) between 1 and {{ var('suppression_threshold') - 1 }}
    )
{%- endmacro %}

{#- disclosure_controlled_table(grid, steps, keys, mart_metric_id): the CTEs `step_0` … `step_n` and
    `protected` of a two-way analysis table over `grid` (proportion cells with numerator,
    denominator and person counts). Step 0: a cell of marts.metric_values (matched on
    `mart_metric_id`, a SQL expression over `grid`, and the cell keys) takes the mart's flag, every
    other cell the primary rule; then each (kind, across) of `steps`: 'time' is the mart's pass across
    periods (changing inner cells only), any other kind the complement along one line of the table
    (suppress_complement_in_table_line). `protected` has the cells with value, Wilson interval and
    is_suppressed. Emits CTE definitions: call it inside a WITH, before more CTEs or the final select. -#}
{% macro disclosure_controlled_table(grid, steps, keys, mart_metric_id) %}
step_0 as (
    select
        grid.*,
        grid.numerator / nullif(grid.denominator, 0) as value,
        {{ wilson_lower('grid.numerator', 'grid.denominator') }} as ci_low,
        {{ wilson_upper('grid.numerator', 'grid.denominator') }} as ci_high,
        mart.metric_id is not null as in_metric_values,
        coalesce(
            mart.suppressed,
            {{ primary_suppression('grid.numerator_persons', 'grid.denominator_persons') }}
        ) as suppressed_0
    from {{ grid }} as grid
    left join {{ ref('metric_values') }} as mart
        on mart.metric_id = {{ mart_metric_id }}
        and {{ same_cell('mart', 'grid') }}
),
{% for kind, across in steps %}
{%- set previous = 'step_' ~ loop.index0 %}
{%- set flag_in = 'suppressed_' ~ loop.index0 %}
{%- set flag_out = 'suppressed_' ~ loop.index %}
step_{{ loop.index }} as (
    {%- if kind == 'time' %}
    -- across periods (the mart's macro); it changes inner cells only
    select
        {{ star_except('timed', [flag_in, 'time_flag']) }},
        case when timed.in_metric_values then timed.{{ flag_in }} else timed.time_flag end as {{ flag_out }}
    from ({{ suppress_complement_in_time(previous, flag_in, 'time_flag') }}) as timed
    {%- else %}
    -- along {{ kind }}: one line = one {{ kind }} with its margin ({{ across }} = 'total')
    {{ suppress_complement_in_table_line(previous, flag_in, flag_out, keys, kind, across) }}
    {%- endif %}
),
{% endfor %}
protected as (
    select
        step_{{ steps | length }}.*,
        suppressed_{{ steps | length }} as is_suppressed
    from step_{{ steps | length }}
)
{%- endmacro %}
