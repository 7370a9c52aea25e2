"""Defence Figures Explorer: the router over the pages in pages/."""
import streamlit as st

st.set_page_config(page_title="Defence Figures Explorer", page_icon="🔎", layout="wide")
page = st.navigation([st.Page("pages/overview.py", title="Overview", default=True)])
page.run()
