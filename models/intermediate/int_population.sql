-- Residents by year, region, municipality, sex and age band (denominators of population rates).
select
    population.year,
    coalesce(municipalities.region_code, left(population.municipality_code, 2)) as region_code,
    population.municipality_code,
    population.sex,
    {{ age_band('population.age') }} as age_band,
    sum(population.population) as population
from {{ ref('stg_population') }} as population
left join {{ ref('municipalities') }} as municipalities
    on population.municipality_code = municipalities.municipality_code
group by 1, 2, 3, 4, 5
