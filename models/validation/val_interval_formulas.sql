-- The shipped interval macros on fixed inputs, at 95 % and 99.8 %: tests/test_interval_coverage.py
-- checks that they equal the formulas whose coverage it simulates (tests/interval_formulas.py), so
-- the measured coverage is that of the SQL the warehouse runs.
--   wilson           (x, n) = (0, 10), (3, 10), (37, 120), (999, 1000)
--   cluster_ratio    A: clusters (y, x) = (8, 10), (5, 10), (9, 12), (0, 3), (7, 7);
--                    B: 12 clusters y = i mod 4, x = 3 + i mod 5 (i = 0 … 11)
--   order_statistic  n = 10, 25, 60 values v = (37·i) mod 101 (i = 1 … n), median and p90
with wilson_cases (case_id, x, n) as (
    values ('w1', 0, 10), ('w2', 3, 10), ('w3', 37, 120), ('w4', 999, 1000)
),

cluster_rows (case_id, y, x) as (
    values ('cA', 8.0, 10.0), ('cA', 5.0, 10.0), ('cA', 9.0, 12.0), ('cA', 0.0, 3.0), ('cA', 7.0, 7.0)
    {%- for i in range(12) %}, ('cB', {{ i % 4 }}.0, {{ 3 + i % 5 }}.0){% endfor %}
),

clusters as (
    select case_id, sum(y) as sum_y, sum(x) as sum_x, sum(y * y) as sum_yy, sum(x * y) as sum_xy,
        sum(x * x) as sum_xx, count(*) as n
    from cluster_rows
    group by case_id
),

sample_rows (sample_id, v) as (
    values
    {%- for n in [10, 25, 60] %}{% set outer = loop %}
    {%- for i in range(1, n + 1) %}
        ('n{{ n }}', {{ (37 * i) % 101 }}.0){% if not (outer.last and loop.last) %},{% endif %}
    {%- endfor %}
    {%- endfor %}
),

samples as (
    select sample_id, count(*) as n, {{ sorted_values('v') }} as sorted_v
    from sample_rows
    group by sample_id
),

ranks as (
    {{ binomial_quantile_ranks('(select n from samples)', [0.5, 0.9]) }}
)

select
    'wilson' as formula, case_id, cast(null as double) as quantile,
    {{ wilson_lower('x', 'n') }} as lower95, {{ wilson_upper('x', 'n') }} as upper95,
    {{ wilson_lower('x', 'n', '99.8') }} as lower998, {{ wilson_upper('x', 'n', '99.8') }} as upper998
from wilson_cases
union all
select
    'cluster_ratio', case_id, cast(null as double),
    {{ ratio_cluster_lower('sum_y', 'sum_x', 'sum_yy', 'sum_xy', 'sum_xx', 'n') }},
    {{ ratio_cluster_upper('sum_y', 'sum_x', 'sum_yy', 'sum_xy', 'sum_xx', 'n') }},
    {{ ratio_cluster_lower('sum_y', 'sum_x', 'sum_yy', 'sum_xy', 'sum_xx', 'n', '99.8') }},
    {{ ratio_cluster_upper('sum_y', 'sum_x', 'sum_yy', 'sum_xy', 'sum_xx', 'n', '99.8') }}
from clusters
union all
select
    'order_statistic', samples.sample_id, ranks.quantile,
    {{ order_statistic('samples.sorted_v', 'ranks.lower_rank') }},
    {{ order_statistic('samples.sorted_v', 'ranks.upper_rank') }},
    {{ order_statistic('samples.sorted_v', 'ranks.lower_rank_998') }},
    {{ order_statistic('samples.sorted_v', 'ranks.upper_rank_998') }}
from samples
inner join ranks on ranks.n = samples.n
