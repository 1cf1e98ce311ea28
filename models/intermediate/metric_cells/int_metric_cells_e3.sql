-- All cells of effect goal E3 (competence time, coordinated visits, visit minutes, days between visits).
{% set cell_models = ['mc_e3_in_competence_time', 'mc_e3_coordinated_visits', 'mc_e3_minutes_per_patient', 'mc_e3_days_between_visits'] %}
{% if cell_models | length == 0 %}
{{ empty_metric_cells() }}
{% endif %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
