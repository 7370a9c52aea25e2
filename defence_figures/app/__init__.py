"""The app layer: the only code below pages/ that imports Streamlit."""
