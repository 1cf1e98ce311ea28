-- All cells of effect goal E5 (patient participation, plans, stories, handover).
{% set cell_models = ['mc_e5_patient_survey', 'mc_e5_episodes_with_plan', 'mc_e5_plan_shared', 'mc_e5_patient_stories', 'mc_e5_handover'] %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
