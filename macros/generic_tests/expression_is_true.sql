{#- Fails for every row where `expression` is false (null counts as passing unless `null_fails`). -#}
{% test expression_is_true(model, expression, where_clause=none, null_fails=false, column_name=none) %}
select *
from {{ model }}
where {% if where_clause %}({{ where_clause }}) and {% endif %}
    {% if null_fails %}coalesce(not ({{ expression }}), true){% else %}not ({{ expression }}){% endif %}
{% endtest %}
