"""/fact-check on a fresh server's first request: hands it to app.py's router, which runs pages/fact_check.py.

Until a session has run app.py's st.navigation, Streamlit 1.67 serves URLs from pages/ by
file name, where pages/fact_check.py is /fact_check: /fact-check would get a "Page not found"
modal. This file has the URL's name, so that first request lands here, and page_setup sends
it through app.py (ui._ensure_router). app.py's navigation never lists this file.
"""
from defence_figures import ui

ui.page_setup()
