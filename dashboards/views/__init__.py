"""The dashboard pages, one script per page (``st.navigation`` in ``dashboards/app.py`` runs them by path)."""
