"""Overview: the statement's figures, each with its sentence."""
import streamlit as st

from defence_figures import corpus

loaded = corpus.get()
st.title("Defence Figures Explorer")
for problem in loaded.result.problems:
    st.error(str(problem))
st.dataframe(loaded.figures[["label", "display_value", "quote", "document_title"]], hide_index=True)
