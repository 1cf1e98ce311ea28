{#-
    The `windows` implementation of the suppression passes (macros/metrics/suppression.sql, which
    states the rules and chooses the implementation): every pass reads `relation` once and decides
    with window functions over the families of cells, so that an engine that inlines common table
    expressions (Spark) plans one copy of each pass, not (reads per pass)^(number of passes).
-#}
{#- `partition by` over a list of SQL expressions. -#}
{% macro partition_over(expressions) -%}
    partition by {{ expressions | join(', ') }}
{%- endmacro %}

{#- 1 when the boolean `condition` holds, else 0 (for sums and maxima over a window). -#}
{% macro one_when(condition) -%}
    case when {{ condition }} then 1 else 0 end
{%- endmacro %}

{#- window_complement_in_families(relation, flag_in, flag_out, family_keys, parent_keys,
    parent_filter, child_filter, order_column)
      One pass of complementary suppression over families of a parent cell and its children
      (children: rows of `child_filter`, one family per value of `family_keys`; the parent: the row
      of `parent_filter` equal on `parent_keys`, which are a part of `family_keys`). The children
      need not cover the parent: the implicit cell "parent minus the children" (the persons in no
      shown group: sex U, no need level, no care level …) is never published but can be derived
      when every other cell is. It is small when its numerator, denominator or persons (rounded)
      are 1 … threshold − 1.
      Unpublished children needed (the unpublished children with the fewest denominator persons,
      ties `order_column`, are suppressed; the parent is never a complementary cell):
        parent suppressed, no child suppressed                    -> 1 (the parent = children + gap);
        parent published, exactly one child suppressed            -> 1 more;
        parent published, no child suppressed, the implicit cell small -> 2 (or every child when
          fewer), so that neither the implicit cell nor a single suppressed child can be derived.
      A family without its parent row needs none. -#}
{% macro window_complement_in_families(relation, flag_in, flag_out, family_keys, parent_keys, parent_filter, child_filter, order_column) %}
{%- set threshold = var('suppression_threshold') -%}
{%- set family = partition_over(family_keys) -%}
{%- set parent = partition_over(parent_keys) -%}
{%- set parent_flag = 'max(case when ' ~ parent_filter ~ ' then ' ~ one_when(flag_in) ~ ' end) over (' ~ parent ~ ')' -%}
{%- set suppressed_children = 'sum(' ~ one_when('(' ~ child_filter ~ ') and ' ~ flag_in) ~ ') over (' ~ family ~ ')' -%}
select
    cells.*,
    cells.{{ flag_in }} or coalesce(
        ({{ child_filter }})
        and not cells.{{ flag_in }}
        and row_number() over (
            {{ family }}, ({{ child_filter }}), cells.{{ flag_in }}
            order by cells.denominator_persons nulls last, cells.{{ order_column }}
        ) <= case
            when {{ parent_flag }} = 1 and {{ suppressed_children }} = 0 then 1
            when {{ parent_flag }} = 0 and {{ suppressed_children }} = 1 then 1
            when {{ parent_flag }} = 0 and {{ suppressed_children }} = 0 and (
                {%- for column in ['numerator', 'denominator', 'numerator_persons', 'denominator_persons'] %}
                round(
                    coalesce(max(case when {{ parent_filter }} then {{ column }} end) over ({{ parent }}), 0)
                    - coalesce(sum(case when {{ child_filter }} then {{ column }} end) over ({{ family }}), 0)
                ) between 1 and {{ threshold - 1 }}
                {%- if not loop.last %} or{% endif %}
                {%- endfor %}
            ) then 2
            else 0
        end,
        false
    ) as {{ flag_out }}
from {{ relation }} as cells
{% endmacro %}

{#- window_equivalent_cells: the `all` slice's care-level group X, slice X's total and slice X's
    care-level group X are the same persons and numbers: one suppressed makes all three suppressed. -#}
{% macro window_equivalent_cells(relation, flag_in, flag_out) %}
select
    cells.*,
    cells.{{ flag_in }} or coalesce(
        {{ level_class('cells') }} is not null
        and max({{ one_when('cells.' ~ flag_in) }}) over (
            partition by cells.metric_id, cells.period_type, cells.period_start, cells.region_code, {{ level_class('cells') }}
        ) = 1,
        false
    ) as {{ flag_out }}
from {{ relation }} as cells
{% endmacro %}

{#- time_family_mark: whether a cell of `relation` (alias cells) is a complementary suppression in
    the family of `child_type` periods and their `parent_type` period (one family per metric,
    region, slice, dimension, group and parent period; a child without its parent row is in none). -#}
{% macro time_family_mark(flag_in, child_type, parent_type) -%}
{%- set is_child = "cells.period_type = '" ~ child_type ~ "'" -%}
{%- set is_parent = "cells.period_type = '" ~ parent_type ~ "'" -%}
{%- set family_start = 'case when ' ~ is_parent ~ ' then cells.period_start when ' ~ is_child
    ~ ' then ' ~ period_start(parent_type, 'cells.period_start') ~ ' end' -%}
{%- set family = partition_over(['cells.metric_id', 'cells.region_code', 'cells.care_level', 'cells.dimension',
    'cells.group_code', family_start]) -%}
{%- set parent_flag = 'max(case when ' ~ is_parent ~ ' then ' ~ one_when('cells.' ~ flag_in) ~ ' end) over (' ~ family ~ ')' -%}
{%- set suppressed_children = 'sum(' ~ one_when(is_child ~ ' and cells.' ~ flag_in) ~ ') over (' ~ family ~ ')' -%}
(
    -- a child: the family's one suppressed cell is another cell, and this child is the smallest open one
    ({{ is_child }} and not cells.{{ flag_in }}
        and {{ suppressed_children }} + {{ parent_flag }} = 1
        and row_number() over (
            {{ family }}, ({{ is_child }}), cells.{{ flag_in }}
            order by cells.denominator_persons nulls last, cells.period_start
        ) = 1)
    -- the parent of a single child that is the family's one suppressed cell: the parent shows it
    or ({{ is_parent }} and not cells.{{ flag_in }}
        and sum({{ one_when(is_child) }}) over ({{ family }}) = 1
        and {{ suppressed_children }} = 1)
)
{%- endmacro %}

{#- window_complement_in_time: suppress_complement_in_time with one read of `relation`; the three
    families (month in quarter, month in year, quarter in year) are decided on the same flags. -#}
{% macro window_complement_in_time(relation, flag_in, flag_out) %}
select
    cells.*,
    cells.{{ flag_in }}
    {%- for child_type, parent_type in [('month', 'quarter'), ('month', 'year'), ('quarter', 'year')] %}
    or coalesce({{ time_family_mark(flag_in, child_type, parent_type) }}, false)
    {%- endfor %} as {{ flag_out }}
from {{ relation }} as cells
{% endmacro %}
