{#-
    register_raw_parquet(): on Spark, when var `raw_parquet_path` is set, (re)creates every table of
    source `raw` as a Parquet table over the folder <raw_parquet_path>/<table> (one folder per
    entity, as `samrehab build --engine spark` exports them or a data lake keeps them). Called by
    on-run-start (dbt_project.yml); returns no SQL, and does nothing on other engines.
-#}
{% macro register_raw_parquet() %}
    {{ return(adapter.dispatch('register_raw_parquet', 'samrehab')()) }}
{% endmacro %}

{% macro default__register_raw_parquet() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__register_raw_parquet() %}
    {%- set root = var('raw_parquet_path', none) -%}
    {%- if execute and root -%}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() if source.source_name == 'raw' -%}
            {%- do tables.append(source.identifier) -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for table in tables | sort -%}
            {%- do run_query('drop table if exists raw.' ~ table) -%}
            {%- do run_query("create table raw." ~ table ~ " using parquet location '" ~ root ~ "/" ~ table ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
