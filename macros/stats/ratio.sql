{#- Confidence limits of a ratio of sums R = Σy / Σx whose observations come in clusters (e.g.
    minutes of one staff member's time-study weeks), by the linearisation (Taylor) variance of the
    ratio estimator with clusters as the sampling units (Cochran, Sampling Techniques, 6.3; the
    with-replacement estimator of R's survey::svyratio):

        var(R) = n / (n − 1) · Σ (y_i − R·x_i)² / (Σ x_i)²
               = n / (n − 1) · (Σy_i² − 2R·Σx_i·y_i + R²·Σx_i²) / (Σx_i)²

    over the n clusters (y_i, x_i = the cluster's sums). Limits R ∓ t(n − 1)·√var, with the t
    quantile of n − 1 degrees of freedom at the level of `z` (as survey::confint with the design's
    degrees of freedom): with z instead, 50 clusters of intra-cluster correlation 0.3 cover 93.4 %
    (tests/test_interval_coverage.py). Clipped to [lower_bound, upper_bound] (0 and 1 for a share).
    Null when n < 2 or Σx = 0.
    Arguments are SQL expressions of the cluster-level aggregates. -#}

{% macro ratio_cluster_lower(sum_y, sum_x, sum_yy, sum_xy, sum_xx, n, z=none, lower_bound=0, upper_bound=1) -%}
    {{ return(samrehab._ratio_cluster_limit(sum_y, sum_x, sum_yy, sum_xy, sum_xx, n, z, '-', lower_bound, upper_bound)) }}
{%- endmacro %}

{% macro ratio_cluster_upper(sum_y, sum_x, sum_yy, sum_xy, sum_xx, n, z=none, lower_bound=0, upper_bound=1) -%}
    {{ return(samrehab._ratio_cluster_limit(sum_y, sum_x, sum_yy, sum_xy, sum_xx, n, z, '+', lower_bound, upper_bound)) }}
{%- endmacro %}

{% macro _ratio_cluster_limit(sum_y, sum_x, sum_yy, sum_xy, sum_xx, n, z, sign, lower_bound, upper_bound) -%}
    {%- set sy = samrehab.stats_float(sum_y) -%}
    {%- set sx = samrehab.stats_float(sum_x) -%}
    {%- set nf = samrehab.stats_float(n) -%}
    {%- set r = '(' ~ sy ~ ' / ' ~ sx ~ ')' -%}
    {%- set residual_ss = '(' ~ samrehab.stats_float(sum_yy) ~ ' - 2 * ' ~ r ~ ' * ' ~ samrehab.stats_float(sum_xy)
        ~ ' + ' ~ r ~ ' * ' ~ r ~ ' * ' ~ samrehab.stats_float(sum_xx) ~ ')' -%}
    {%- set sql -%}
    (case
        when ({{ n }}) is null or ({{ n }}) < 2 or ({{ sum_x }}) is null or ({{ sum_x }}) = 0 then null
        else least({{ upper_bound }}, greatest({{ lower_bound }},
            {{ r }} {{ sign }} {{ samrehab.t_quantile('(' ~ n ~ ') - 1', z) }} * sqrt(greatest(0, {{ nf }} / ({{ nf }} - 1) * {{ residual_ss }}) / ({{ sx }} * {{ sx }}))
        ))
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
