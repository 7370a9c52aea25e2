"""The memory baseline: the bare app on the product's whole required stack, its bars read into a pandas DataFrame.

The bare app (app.py beside this file) builds its chart from lists, so it never imports pandas; an
app process of ours must (pandas is one of the four required packages), and importing it, with the
NumPy and PyArrow it brings, is most of the memory between the two (docs/serving.md). This page is the same page as the
bare app's, with pandas in the one place the product has it: between the YAML and the chart. The
proxy suite compares memory per process with both; the speed suites keep the leaner bare app.
"""
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import yaml

bars = pd.DataFrame(yaml.safe_load((Path(__file__).parent / "bars.yaml").read_text(encoding="utf-8"))["bars"])
st.title("Bare baseline")
fig = go.Figure(go.Bar(x=bars["value"], y=bars["label"], orientation="h"))
fig.update_layout(height=420, margin=dict(l=10, r=10, t=30, b=30))
st.plotly_chart(fig, key="bars")

st.session_state.setdefault("clicks", 0)
if st.button("Rerun", key="rerun"):
    st.session_state["clicks"] += 1
st.markdown(f"Clicks: {st.session_state['clicks']}")
