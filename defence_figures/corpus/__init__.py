"""The statement corpus: curated YAML and source texts in, proven figures out; pure, no Streamlit."""
