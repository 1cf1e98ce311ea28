"""Labels of everything a user reads: Swedish by default, English with the language switch.

``t(key, lang)`` returns the label; ``{name}`` placeholders are filled from keyword arguments.
A missing key raises ``KeyError`` so a typo fails the tests instead of showing a raw key.
"""

from __future__ import annotations

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
    "interval_median": {"sv": "Inget intervall", "en": "No interval"},
    "interval_quantile": {"sv": "Inget intervall", "en": "No interval"},
    "interval_dsr": {"sv": "Dobson (ESP 2013)", "en": "Dobson (ESP 2013)"},
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
        "sv": "Resultat av datakvalitetskontrollerna. Mått som bygger på flaggade data märks med ⚠ på alla sidor.",
        "en": "Results of the data-quality checks. Metrics built on flagged data carry ⚠ on every page.",
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
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the label ``key`` in ``lang`` (``sv`` or ``en``), with ``{placeholders}`` filled in."""
    label = LABELS[key]
    text = label.get(lang) or label[DEFAULT_LANG]
    return text.format(**values) if values else text


def normalise_lang(value: object) -> str:
    """Return a supported language code; anything unknown falls back to Swedish."""
    return value if value in LANGUAGES else DEFAULT_LANG
