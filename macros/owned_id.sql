{% macro owned_id(column, entity) %}
{#-
    An id as the staging models show it. Ids are unique per region or source system
    (raw `_owner`), not across regions: an id that more than one owner holds in
    raw.<entity> becomes '<_owner>/<id>' (in the entity and in every reference to it), so
    two regions' equal ids never meet in a join; any other id stays as delivered.
    `column` has the name of the key of `entity` (the contract's rule for references).
-#}
case
    when cast({{ column }} as {{ dbt.type_string() }}) in (
        select cast(shared.{{ column }} as {{ dbt.type_string() }})
        from {{ source('raw', entity) }} as shared
        group by cast(shared.{{ column }} as {{ dbt.type_string() }})
        having count(distinct shared._owner) > 1
    ) then coalesce(_owner, '') || '/' || cast({{ column }} as {{ dbt.type_string() }})
    else cast({{ column }} as {{ dbt.type_string() }})
end
{% endmacro %}
