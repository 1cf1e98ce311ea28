{#- Confidence limits for a count x (a Poisson-distributed number of events), on the COUNT scale.
    A caller turns them into a rate by dividing by the denominator and multiplying by the
    multiplier, e.g. {{ poisson_lower('persons') }} / population * 1000.

    byar_lower(x)   = x (1 - 1/(9x) - z/(3 sqrt(x)))^3              null when x <= 0 or negative
    byar_upper(x)   = (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3
    poisson_lower/poisson_upper: exact limits when x is a whole number below 10, Byar's
    approximation otherwise (as PHEindicatormethods phe_rate and the Fingertips guidance):
        exact lower = qchisq(alpha/2, 2x) / 2          (0 when x = 0)
        exact upper = qchisq(1 - alpha/2, 2x + 2) / 2
    DuckDB has no chi-square quantile, so the exact limits for x = 0..9 are embedded below for
    the levels 90 %, 95 %, 99 % and 99.8 %. They were computed once with
    scipy.stats.chi2.ppf(alpha/2, 2x)/2 and scipy.stats.chi2.ppf(1 - alpha/2, 2x + 2)/2
    (alpha = 1 - level); another level raises a compile error.
    Null when x is null or negative. -#}

{% macro _poisson_exact_table() -%}
    {{ return({
        '1.644854': {
            'lower': [0.0, 0.05129329438755053, 0.35536151069866195, 0.8176914471639533, 1.3663183967498307,
                      1.97014956805953, 2.6130147441963194, 3.285315691894671, 3.980822786189275, 4.695227540344492],
            'upper': [2.9957322735539895, 4.743864518390577, 6.295793621871988, 7.753656527932725, 9.153519026637573,
                      10.513034908741535, 11.842395652420288, 13.148113802432116, 14.434649715196311, 15.705216422115459],
        },
        '1.959964': {
            'lower': [0.0, 0.025317807984289897, 0.24220927854396507, 0.6186721228956015, 1.089865373626325,
                      1.623486390118421, 2.201894253490851, 2.814363051519867, 3.4538321767485023, 4.115373097378334],
            'upper': [3.6888794541139354, 5.571643390938898, 7.22468766772396, 8.767273069742323, 10.241588675403694,
                      11.66833207932267, 13.059474022518685, 14.422675361702376, 15.763189220193313, 17.084803451419166],
        },
        '2.575829': {
            'lower': [0.0, 0.005012541823544286, 0.10349454674809108, 0.33786338872773347, 0.6722065435074053,
                      1.0779282406523196, 1.536911819044667, 2.0373374786996714, 2.5711027215218474, 3.132402342253232],
            'upper': [5.298317366548036, 7.430129500280121, 9.273792089255544, 10.977477495329765, 12.594089785985584,
                      14.149759411023012, 15.65967481129764, 17.133593268913344, 18.57822572830337, 19.998423156469325],
        },
        '3.090232': {
            'lower': [0.0, 0.0010005003335835346, 0.045402017769489565, 0.19053337756840327, 0.42855241362842295,
                      0.7393717319178327, 1.1071046602556396, 1.5203362603988093, 1.9708139217403662, 2.452424404363775],
            'upper': [6.907755278982137, 9.233413476451585, 11.228872242412661, 13.06224077918807, 14.79414922253721,
                      16.454745203680105, 18.061636840199064, 19.626177395384232, 21.15619816583998, 22.65737330906293],
        },
    }) }}
{%- endmacro %}

{% macro byar_lower(x, z=none) -%}
    {%- set zz = samrehab.stats_z(z) -%}
    {%- set xf = samrehab.stats_float(x) -%}
    {%- set sql -%}
    (case
        when ({{ x }}) is null or ({{ x }}) <= 0 then null
        when 1 - 1 / (9 * {{ xf }}) - {{ zz }} / (3 * sqrt({{ xf }})) < 0 then null
        else {{ xf }} * {{ samrehab.stats_pow('1 - 1 / (9 * ' ~ xf ~ ') - ' ~ zz ~ ' / (3 * sqrt(' ~ xf ~ '))', 3) }}
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro byar_upper(x, z=none) -%}
    {%- set zz = samrehab.stats_z(z) -%}
    {%- set x1 = '(' ~ samrehab.stats_float(x) ~ ' + 1)' -%}
    {%- set sql -%}
    (case
        when ({{ x }}) is null or ({{ x }}) < 0 then null
        else {{ x1 }} * {{ samrehab.stats_pow('1 - 1 / (9 * ' ~ x1 ~ ') + ' ~ zz ~ ' / (3 * sqrt(' ~ x1 ~ '))', 3) }}
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro poisson_lower(x, z=none) -%}
    {{ return(samrehab._poisson_limit(x, z, 'lower')) }}
{%- endmacro %}

{% macro poisson_upper(x, z=none) -%}
    {{ return(samrehab._poisson_limit(x, z, 'upper')) }}
{%- endmacro %}

{% macro _poisson_limit(x, z, side) -%}
    {%- set zz = samrehab.stats_z(z) -%}
    {%- set key = samrehab.stats_level_key(zz) -%}
    {%- set table = samrehab._poisson_exact_table() -%}
    {%- if key not in table -%}
        {{ exceptions.raise_compiler_error("poisson_" ~ side ~ ": exact Poisson limits are embedded for 90, 95, 99 and 99.8 % only, not z = " ~ zz) }}
    {%- endif -%}
    {%- set exact = table[key][side] -%}
    {%- set approx = samrehab.byar_lower(x, zz) if side == 'lower' else samrehab.byar_upper(x, zz) -%}
    {%- set sql -%}
    (case
        when ({{ x }}) is null or ({{ x }}) < 0 then null
        when ({{ x }}) < 10 and ({{ x }}) = floor({{ x }}) then
            case cast(({{ x }}) as integer)
            {%- for value in exact %}
                when {{ loop.index0 }} then {{ value }}
            {%- endfor %}
            end
        else {{ approx }}
    end)
    {%- endset -%}
    {{ return(sql) }}
{%- endmacro %}
