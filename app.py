"""Defence Figures Explorer: the router over the file-based pages in pages/, and the server `streamlit run` starts."""
import streamlit as st

if __name__ == "__main__":  # a session's run of the app (Streamlit runs this file as __main__): route to the page
    st.set_page_config(page_title="Defence Figures Explorer", page_icon=":material/fact_check:", layout="wide")
    pages = {
        "The statement": [
            st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
            st.Page("pages/figures.py", title="Figures", icon=":material/bar_chart:", url_path="figures"),
            st.Page("pages/compare.py", title="Statement vs record", icon=":material/compare_arrows:",
                    url_path="compare"),
            st.Page("pages/sources.py", title="Sources", icon=":material/article:", url_path="sources"),
        ],
        "NATO's tables": [
            st.Page("pages/tracker.py", title="2% tracker", icon=":material/leaderboard:", url_path="tracker"),
            st.Page("pages/ally.py", title="Ally view", icon=":material/flag:", url_path="ally"),
            st.Page("pages/fact-check.py", title="Fact check", icon=":material/rule:", url_path="fact-check"),
        ],
        "Claims": [
            st.Page("pages/coverage.py", title="Who reported what", icon=":material/grid_on:", url_path="coverage"),
            st.Page("pages/outcomes.py", title="What happened next", icon=":material/timeline:", url_path="outcomes"),
        ],
        "Share": [
            st.Page("pages/present.py", title="Present", icon=":material/slideshow:", url_path="present"),
            st.Page("pages/data.py", title="Reuse the data", icon=":material/dataset:", url_path="data"),
        ],
    }
    st.navigation(pages, position="top").run()
else:
    # `streamlit run app.py` finds this App and serves this same file through it, with a start-up hook
    # that warms the data while the first browser loads, and a page's own link served so that the
    # browser connects at once (both in defence_figures/app/server.py).
    from starlette.middleware import Middleware

    from defence_figures.app.server import ServerBaseHint, lifespan

    app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(ServerBaseHint)])
