{#- Generic data test: the column agrees with the `expected` column of the same row to a relative
    tolerance (default 0.5e-4, i.e. four significant digits) plus an optional absolute tolerance
    (for reference values published with a fixed number of decimals). Two nulls agree; a null and
    a number do not. Fails with the rows that disagree. -#}
{% test agrees_with(model, column_name, expected, rel_tol=0.00005, abs_tol=0) %}
select
    {{ column_name }} as computed,
    {{ expected }} as expected
from {{ model }}
where ({{ column_name }} is null) <> ({{ expected }} is null)
   or abs({{ column_name }} - {{ expected }}) > {{ rel_tol }} * abs({{ expected }}) + {{ abs_tol }}
   or isnan(cast({{ column_name }} as double))
{% endtest %}
