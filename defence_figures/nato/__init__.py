"""NATO's workbooks: cells read with their addresses, queries on them, fact checks and their charts; pure, no Streamlit."""
