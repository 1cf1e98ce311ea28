-- All cells of effect goal E4 (training per FTE, staff turnover, competence development score).
{% set cell_models = ['mc_e4_staff_ratios', 'mc_e4_competence_score'] %}
{% if cell_models | length == 0 %}
{{ empty_metric_cells() }}
{% endif %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
