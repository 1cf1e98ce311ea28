-- All cells of effect goal E6 (readmissions, admissions and return visits after rehabilitation, cost).
{% set cell_models = ['mc_e6_readmissions', 'mc_e6_admission_after_rehab', 'mc_e6_return_visit', 'mc_e6_cost_per_episode'] %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
