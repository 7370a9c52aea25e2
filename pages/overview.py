"""Overview: the statement at a glance, a card per figure, each one click from its sentence."""
import streamlit as st

from defence_figures.app import cache, claims_ui, ui
from defence_figures.corpus.render import esc, verdict_badge

loaded = ui.page_setup()
figures, documents = loaded.figures, loaded.documents


def statement_summary() -> tuple[dict | None, list[str], str]:
    """The statement's document, its figure ids and how many kept NATO's meaning: built once per corpus."""
    statements = documents[documents["role"] == "statement"]
    if statements.empty:
        return None, [], ""
    statement = statements.iloc[0].to_dict()
    statement_figures = figures[figures["document_id"] == statement["document_id"]]
    judged = statement_figures[statement_figures["verdict"] != ""]
    differs = int((judged["verdict"] == "meaning_differs").sum())
    # Say which record each is checked against: where NATO's transcript lacks a sentence, the record is
    # another outlet's report of the same words (Ukrinform for the drones and the 99%), not NATO's own.
    others = sorted({loaded.by_id[r]["producer"].split(" (")[0] for r in judged["reports"]
                     if r in loaded.by_id and loaded.by_id[r]["role"] != "primary"})
    other_count = sum(1 for r in judged["reports"] if r in loaded.by_id and loaded.by_id[r]["role"] != "primary")
    against = "NATO’s own record" + (f" ({other_count} of them, where NATO’s record lacks the sentence, against "
                                     f"{esc(' and '.join(others))}’s report of the same words)" if others else "")
    summary = (f'<p>{len(statement_figures)} figures in the report. Checked against {against}: '
               f'{len(judged) - differs} give the same meaning {verdict_badge("faithful")} and '
               f'{differs} change it {verdict_badge("meaning_differs")}.</p>')
    return statement, list(statement_figures["figure_id"]), summary


statement, statement_ids, summary_html = cache.memo(loaded, "overview", statement_summary)


@st.dialog("Where this number comes from", width="large", on_dismiss=ui.clear_figure)
def sentence_dialog(figure_id: str) -> None:
    ui.source_panel(loaded, figure_id)


st.title("What the statement says, figure by figure")
if statement is None:
    st.warning("The statement's curated file has problems and is withheld; see the list above.")
    ui.footer(loaded)
    st.stop()
st.html(
    f'<div class="df-doc-head"><b>{esc(statement["title"])}</b><br>'
    f'{esc(statement["producer"])} · {esc(statement["date_published"])}<br>'
    f'Reporting: {esc(statement["speaker"])} · {esc(statement["event"])}</div>'
)
with st.expander("New here? What these numbers mean"):
    st.markdown(
        "- **GDP** (gross domestic product) is the value of everything a country produces in a year. "
        "**2% of GDP** means 2 of every 100 dollars of that goes to defence: NATO's guideline for each member.\n"
        "- **Allies** are NATO's member countries.\n"
        "- **European Allies** are the members in Europe, that is all except the United States and Canada.\n"
        "- An **expectation** or **estimate** is a forecast made before the year was over; **actual** figures were measured.\n"
        "- **One year** (annual) amounts and amounts **added up over years** (cumulative) answer different "
        "questions and are never compared directly here.\n"
        "- Click **Show the sentence** on any card to read the exact words the number comes from."
    )

st.html(summary_html)

links = st.columns(4)
links[0].page_link(ui.PAGES["compare"], label="The report beside NATO's record", icon=":material/compare_arrows:")
links[1].page_link(ui.PAGES["figures"], label="Chart and download every figure", icon=":material/bar_chart:")
links[2].page_link(ui.PAGES["present"], label="Present these figures one by one", icon=":material/slideshow:")
links[3].page_link(ui.PAGES["fact_check"], label="Check them against NATO's tables", icon=":material/rule:")
if loaded.claims.claims:
    more = st.columns(4)
    more[0].page_link(ui.PAGES["coverage"], label="How other outlets reported them", icon=":material/grid_on:")
    more[1].page_link(ui.PAGES["outcomes"], label="What happened next", icon=":material/timeline:")

# Each figure that reports a NATO claim with a later record says, in one line, what happened next.
outcomes = claims_ui.overview_outcomes(loaded)
columns = st.columns(3)
for index, figure_id in enumerate(statement_ids):
    row = loaded.by_id[figure_id]
    with columns[index % 3]:
        claims_ui.figure_card(row, "card", outcomes.get(row["reports"]) if row["reports"] else None)

st.header("Cite the statement")
st.code(statement["citation_full"], language=None, wrap_lines=True)

selected = ui.id_param("figure")
if selected:
    if selected in loaded.by_id:
        sentence_dialog(selected)
    else:
        ui.not_found("figure", selected, "figures", "See all figures")
ui.footer(loaded)
