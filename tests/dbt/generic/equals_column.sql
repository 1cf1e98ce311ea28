{#- Generic data test: the column equals the `expected` column of the same row (null equals null).
    Fails with the rows that differ. -#}
{% test equals_column(model, column_name, expected) %}
select
    {{ column_name }} as computed,
    {{ expected }} as expected
from {{ model }}
where {{ column_name }} is distinct from {{ expected }}
{% endtest %}
