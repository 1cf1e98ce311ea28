-- All cells of effect goal E1 (access, waits, unmet need).
{% set cell_models = ['mc_e1_access_rate', 'mc_e1_access_rate_std', 'mc_e1_waits', 'mc_e1_seen_within_90d', 'mc_e1_waiting_now', 'mc_e1_unmet_need'] %}
{% for cell_model in cell_models %}
select * from {{ ref(cell_model) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
