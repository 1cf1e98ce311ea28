{#- Use custom schema names as they are (staging, intermediate, marts, seeds), so analysts query
    `marts.metric_values`, not `main_marts.metric_values`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
