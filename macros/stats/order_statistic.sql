{#- Distribution-free (order-statistic) confidence interval of a quantile p from n sorted
    observations x₍₁₎ ≤ … ≤ x₍ₙ₎ (Conover, Practical Nonparametric Statistics, 3.2; Hahn & Meeker):

        lower = x₍ₗ₎,  l = qbinom(α/2, n, p)
        upper = x₍ᵤ₎,  u = qbinom(1 − α/2, n, p) + 1      (1-based ranks, clipped to 1 … n)

    qbinom(q, n, p) is the smallest k with P(B ≤ k) ≥ q, B ~ Binomial(n, p). No interval when
    n < 10. Coverage is P(l ≤ B' < u) ≥ 1 − α up to the discreteness (tests/test_interval_coverage.py).

    binomial_quantile_ranks(counts_relation, probabilities)
      A SELECT (wrap it in parentheses) over the distinct n (column `n`, at least 10) of
      `counts_relation` × the quantiles `probabilities` (a list of numbers): n, quantile (p),
      lower_rank, upper_rank (95 %) and lower_rank_998, upper_rank_998 (99.8 %). The binomial
      distribution is summed exactly (log-gamma pmf) over k within np ± (10·√(np(1−p)) + 10), outside
      which its mass is below 1e−20.
    order_statistic(sorted_values, rank): the rank-th (1-based) element of a sorted list. -#}

{% macro binomial_quantile_ranks(counts_relation, probabilities) %}
{%- set tails = [('lower_rank', 0.025, 0), ('upper_rank', 0.975, 1), ('lower_rank_998', 0.001, 0), ('upper_rank_998', 0.999, 1)] -%}
select
    n,
    quantile,
    {%- for name, tail, shift in tails %}
    least(n, greatest(1, min(case when cdf >= {{ tail }} * (1 - 1e-12) then k end) + {{ shift }})) as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from (
    select
        n, quantile, k,
        sum(exp(
            {{ samrehab.ln_gamma('n + 1') }} - {{ samrehab.ln_gamma('k + 1') }} - {{ samrehab.ln_gamma('n - k + 1') }}
            + k * ln(quantile) + (n - k) * ln(1 - quantile)
        )) over (partition by n, quantile order by k rows between unbounded preceding and current row) as cdf
    from (
        select
            windows.n, windows.quantile, windows.first_k + offsets.j as k
        from (
            select
                counts.n,
                quantiles.quantile,
                greatest(0, floor(counts.n * quantiles.quantile
                    - 10 * sqrt(counts.n * quantiles.quantile * (1 - quantiles.quantile)) - 10)) as first_k,
                least(counts.n, ceil(counts.n * quantiles.quantile
                    + 10 * sqrt(counts.n * quantiles.quantile * (1 - quantiles.quantile)) + 10)) as last_k
            from (select distinct cast(n as double) as n from {{ counts_relation }} as count_rows where n >= 10) as counts
            cross join (
                {%- for p in probabilities %}
                select cast({{ p }} as double) as quantile{% if not loop.last %} union all{% endif %}
                {%- endfor %}
            ) as quantiles
        ) as windows
        inner join (
            select ones.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit
                + 10000 * ten_thousands.digit as j
            from {% for name in ['ones', 'tens', 'hundreds', 'thousands', 'ten_thousands'] -%}
                (select digit from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as digits (digit)) as {{ name }}
                {%- if not loop.last %} cross join {% endif %}
            {%- endfor %}
        ) as offsets
            on offsets.j <= windows.last_k - windows.first_k
    ) as grid
) as cumulated
group by n, quantile
{% endmacro %}

{#- ln Γ(x); engine-specific, so dispatched. -#}
{% macro ln_gamma(x) -%}
    {{ return(adapter.dispatch('ln_gamma', 'samrehab')(x)) }}
{%- endmacro %}

{% macro default__ln_gamma(x) -%}
    lgamma({{ x }})
{%- endmacro %}

{#- Spark has no lgamma: ln Γ(x) for x ≥ 1 from the recurrence ln Γ(x) = ln Γ(x + 8) − Σ ln(x + i),
    i = 0 … 7, and Stirling's series at z = x + 8 ≥ 9 up to the z⁻⁷ term, whose error there is
    below 1/(1188·z⁹) < 3e−12 (tests/test_stats_sql.py checks it against scipy's gammaln). -#}
{% macro spark__ln_gamma(x) -%}
    {%- set z = '(cast(' ~ x ~ ' as double) + 8)' -%}
    (({{ z }} - 0.5) * ln({{ z }}) - {{ z }} + 0.91893853320467274178
        + 1 / (12 * {{ z }}) - 1 / (360 * {{ z }} * {{ z }} * {{ z }})
        + 1 / (1260 * power({{ z }}, 5)) - 1 / (1680 * power({{ z }}, 7))
        {%- for i in range(8) %}
        - ln(cast({{ x }} as double) + {{ i }})
        {%- endfor %})
{%- endmacro %}

{#- The observations of an aggregate as a list sorted ascending; engine-specific, so dispatched. -#}
{% macro sorted_values(expr) -%}
    {{ return(adapter.dispatch('sorted_values', 'samrehab')(expr)) }}
{%- endmacro %}

{% macro default__sorted_values(expr) -%}
    list_sort(list({{ expr }}) filter (where {{ expr }} is not null))
{%- endmacro %}

{% macro spark__sorted_values(expr) -%}
    array_sort(collect_list({{ expr }}))
{%- endmacro %}

{#- The rank-th (1-based) element of a sorted list (list_element, macros/portability). -#}
{% macro order_statistic(sorted_list, rank) -%}
    {{ list_element(sorted_list, 'cast(' ~ rank ~ ' as integer)') }}
{%- endmacro %}
