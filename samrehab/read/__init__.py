"""The read side: everything that shows the published snapshot, without Streamlit.

Used by the dashboard (``dashboards/``: pages and a thin ``st.cache_data`` wrapper) and by the quarterly
report (``samrehab.report``); it imports neither of them (``lint-imports``, contracts in pyproject.toml).

* ``queries``    opening the snapshot read-only and every query, as typed functions (filters only)
* ``formatting`` numbers, intervals, suppressed cells, display tables, metric catalogue entries
* ``labels``     the one Swedish/English label table
* ``charts``     the plotly figure builders
* ``goals``      the goal tiles' logic: headline metric, change since the previous period

Importing this package is cheap: it imports none of its modules.
"""
