-- Every diagnosis code seen in referrals and admissions, mapped to its diagnosis group by the
-- longest matching ICD-10 prefix of the seed; codes with no match are `other`.
with codes as (
    select distinct diagnosis_code as diagnosis_code from {{ ref('stg_referrals') }} where diagnosis_code is not null
    union
    select distinct main_diagnosis_code from {{ ref('stg_admissions') }} where main_diagnosis_code is not null
),

matches as (
    select
        codes.diagnosis_code,
        prefixes.diagnosis_group,
        row_number() over (
            partition by codes.diagnosis_code order by length(prefixes.icd10_prefix) desc
        ) as match_rank
    from codes
    left join {{ ref('icd10_diagnosis_group_prefixes') }} as prefixes
        on {{ dbt.position('prefixes.icd10_prefix', 'codes.diagnosis_code') }} = 1
)

select
    diagnosis_code,
    coalesce(diagnosis_group, 'other') as diagnosis_group
from matches
where match_rank = 1
