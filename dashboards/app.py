"""SamRehab dashboard: entry point (``streamlit run dashboards/app.py``; ``samrehab dashboard`` serves it).

Reads the published snapshot named by ``SAMREHAB_SNAPSHOT`` through ``dashboards.data_access`` (the
cache over ``samrehab.read.queries``); draws the sidebar filters, the header with the data cut-off
(``marts.snapshot_info.extract_date``), and the pages (``st.navigation``). When the Streamlit secrets
have an ``[auth]`` section, nothing is read before the user has signed in (``samrehab.auth.require_login``);
without one the app is open.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards import data_access, filters, ui
from samrehab.auth import require_login
from samrehab.read.labels import DEFAULT_LANG, normalise_lang, t

# Not "pages/": Streamlit treats a pages/ folder next to the entry script as its older multipage
# layout and, on the first run after the server starts, routes a deep link by file name (showing
# "Page not found" over the page) before st.navigation below takes over.
PAGES_DIR = Path(__file__).parent / "views"

# Reference tables (``reference.<name>`` of the snapshot) the pages read.
REFERENCE_NEEDED = ("metric_catalogue", "effect_goals", "regions", "care_levels", "dimensions")

# (file, label key, url path, icon), grouped by navigation section.
PAGES = {
    "nav_goals": [
        ("overview.py", "page_overview", "oversikt", ":material/dashboard:"),
        ("equity.py", "page_equity", "jamlikhet", ":material/balance:"),
        ("care_levels.py", "page_care_levels", "vardnivaer", ":material/account_tree:"),
    ],
    "nav_themes": [
        ("waits.py", "page_waits", "vantetider", ":material/schedule:"),
        ("plans.py", "page_plans", "rehabplaner", ":material/assignment:"),
        ("resources.py", "page_resources", "resurser", ":material/groups:"),
        ("experience.py", "page_experience", "patientupplevelse", ":material/sentiment_satisfied:"),
        ("consumption.py", "page_consumption", "vardkonsumtion", ":material/local_hospital:"),
    ],
    "nav_about": [
        ("data_quality.py", "page_quality", "datakvalitet", ":material/fact_check:"),
        ("definitions.py", "page_definitions", "definitioner", ":material/menu_book:"),
    ],
}


def _header(ctx: ui.Context) -> None:
    lang = ctx.lang
    as_of = data_access.data_as_of(ctx.snapshot)
    published = ctx.snapshot.published_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if as_of is not None:
        stamp = f"{t('data_as_of', lang, date=as_of.isoformat())} · {t('published_at', lang, date=published)}"
    else:
        stamp = f"{t('published_at', lang, date=published)} ({t('extract_date_unknown', lang)})"
    regions = data_access.reference(ctx.snapshot, "regions")
    names = dict(zip(regions["region_code"], regions["region_name_en" if lang == "en" else "region_name_sv"],
                     strict=False))
    region = names.get(ctx.filters.region or "", ctx.filters.region or "")
    st.caption(f"**{t('app_title', lang)}** · {region} · {ctx.filters.period or ''} · {stamp}")


def main() -> None:
    """Run one script pass: page config, sign-in (when configured), filters, header, the chosen page."""
    lang_guess = normalise_lang(st.query_params.get("lang", st.session_state.get("lang", DEFAULT_LANG)))
    # An emoji icon is drawn in the browser; a ":material/...:" one is fetched from fonts.gstatic.com,
    # which the content-security policy of docs/security.md does not allow (and a hospital network blocks).
    st.set_page_config(page_title=t("app_title", lang_guess), page_icon="📊", layout="wide")
    require_login(lang_guess)  # stops here until signed in when [auth] is configured; no effect otherwise
    snapshot = data_access.current_snapshot()
    if snapshot is None:
        st.error(t("no_snapshot", lang_guess, path=str(data_access.snapshot_path())))
        st.stop()
    missing = [name for name in REFERENCE_NEEDED if name not in data_access.reference_tables(snapshot)]
    if missing:  # a snapshot published before the reference tables were copied into it
        st.error(t("snapshot_incomplete", lang_guess, path=snapshot.path, tables=", ".join(missing)))
        st.stop()
    selection = filters.render_sidebar(snapshot)
    ctx = ui.build_context(snapshot, selection)
    st.session_state[ui.CONTEXT_KEY] = ctx
    pages = {
        t(section, ctx.lang): [
            st.Page(PAGES_DIR / file, title=t(label, ctx.lang), url_path=url, icon=icon,
                    default=(file == "overview.py"))
            for file, label, url, icon in entries
        ]
        for section, entries in PAGES.items()
    }
    navigation = st.navigation(pages, position="top")
    _header(ctx)
    navigation.run()


if __name__ == "__main__":
    main()
