"""Labels of the quarterly report: Swedish by default, English with ``--lang en``.

Labels the dashboard already has (comparison, status, column names) come from ``dashboards.i18n``;
this module holds only what the printed report adds. ``label(key, lang, **values)`` fills
``{placeholders}``; a missing key raises ``KeyError`` so a typo fails the tests.
"""

from __future__ import annotations

from datetime import date

LABELS: dict[str, dict[str, str]] = {
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
    "equity_intro": {
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
    "spc_outside": {
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
    "quality_intro": {
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
    "quality_affected": {"sv": "Påverkade mått i rapporten", "en": "Affected metrics in the report"},
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
}

MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def label(key: str, lang: str, **values: object) -> str:
    """The report label ``key`` in ``lang`` (``sv`` or ``en``) with ``{placeholders}`` filled in."""
    entry = LABELS[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text


def month_name(day: date, lang: str) -> str:
    """``sep 2025`` / ``Sep 2025``: a month as a reader says it."""
    return f"{MONTHS['en' if lang == 'en' else 'sv'][day.month - 1]} {day.year}"
