-- All cells of effect goal E2 (plans, record audits, decision support).
{% set cell_models = ['mc_e2_plan_guideline', 'mc_e2_plan_followed_up', 'mc_e2_audit_criteria', 'mc_e2_decision_support'] %}
{% if cell_models | length == 0 %}
{{ empty_metric_cells() }}
{% endif %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
