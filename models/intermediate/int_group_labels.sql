-- Swedish and English labels and display order of every group of every dimension.
select 'total' as dimension, 'total' as group_code, 'Totalt' as label_sv, 'Total' as label_en, 0 as sort_order
union all
select 'municipality', municipality_code, municipality_name, municipality_name, cast(municipality_code as integer)
from {{ ref('municipalities') }}
union all
select 'care_level', care_level, label_sv, label_en, sort_order from {{ ref('care_levels') }}
union all
select 'profession', profession, label_sv, label_en, sort_order from {{ ref('professions') }}
union all
select 'diagnosis_group', diagnosis_group, label_sv, label_en, sort_order from {{ ref('diagnosis_groups') }}
union all
select 'age_band', age_band, label_sv, label_en, sort_order from {{ ref('age_bands') }}
union all
select 'sex', sex, label_sv, label_en, sort_order from {{ ref('sexes') }}
union all
select 'need_level', need_level, label_sv, label_en, sort_order from {{ ref('need_levels') }}
union all
select 'theme', theme, label_sv, label_en, sort_order from {{ ref('story_themes') }}
