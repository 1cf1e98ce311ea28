-- All cells of effect goal E5.
{% set cell_models = [] %}
{% if cell_models | length == 0 %}
{{ empty_metric_cells() }}
{% endif %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
