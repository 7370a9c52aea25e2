"""The bare baseline for the benchmarks: one page, one Plotly bar chart of ten bars from a tiny YAML file, a button.

Started exactly like the explorer (`streamlit run`), so every ratio in bench/ compares
the explorer with what Streamlit and Plotly cost on their own on the same machine in the same run.
"""
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st
import yaml

bars = yaml.safe_load((Path(__file__).parent / "bars.yaml").read_text(encoding="utf-8"))["bars"]
st.title("Bare baseline")
fig = go.Figure(go.Bar(x=[b["value"] for b in bars], y=[b["label"] for b in bars], orientation="h"))
fig.update_layout(height=420, margin=dict(l=10, r=10, t=30, b=30))
st.plotly_chart(fig, key="bars")

# The rerun baseline: a click reruns the script and shows the new count.
st.session_state.setdefault("clicks", 0)
if st.button("Rerun", key="rerun"):
    st.session_state["clicks"] += 1
st.markdown(f"Clicks: {st.session_state['clicks']}")
