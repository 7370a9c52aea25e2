"""The one provenance component every page uses: figure card, source panel, citation, exports, footer."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from defence_figures.app import cache
from defence_figures.app.cache import Loaded
from defence_figures.app.internals import CHART_TEXT_CONTRAST, route_through_navigation, served
from defence_figures.corpus.frames import spreadsheet_csv
from defence_figures.corpus.render import (
    STYLE,
    basis_badge,
    esc,
    kind_badge,
    md_escape,
    provenance_marks,
    quote_in_context,
    value_html,
    verdict_badge,
    word_diff,
)

if TYPE_CHECKING:
    import pandas as pd  # the Figures page's first run imports no pandas (cache.Loaded)

PAGES = {
    "overview": "pages/overview.py",
    "figures": "pages/figures.py",
    "sources": "pages/sources.py",
    "compare": "pages/compare.py",
    "present": "pages/present.py",
    "tracker": "pages/tracker.py",
    "ally": "pages/ally.py",
    "fact_check": "pages/fact-check.py",
    "coverage": "pages/coverage.py",
    "outcomes": "pages/outcomes.py",
    "data": "pages/data.py",
}


def page_setup() -> Loaded:
    """Style, data and the problem panel: the first lines of every page."""
    _ensure_router()
    st.html(STYLE + CHART_TEXT_CONTRAST)
    loaded = cache.get()
    corpus_problems(loaded)
    return loaded


def _ensure_router() -> None:
    """Run the page through app.py's router even when it is a fresh server's very first request.

    Until some session has run app.py's st.navigation, Streamlit serves a URL such as
    /sources straight from pages/ (its older multipage mode), skipping app.py: no page
    config, no navigation, a stray sidebar. Seen in the browser tests on a fresh server.
    Clearing that mode and rerunning sends the same URL through app.py (internals.route_through_navigation).
    `streamlit run app.py` clears it at start-up (server.lifespan); AppTest and any
    other way of starting the app still come through here.
    """
    if route_through_navigation():
        st.rerun()


def id_param(name: str) -> str | None:
    """A query parameter that should hold an id; None when absent. Anything else is returned as given."""
    value = st.query_params.get(name)
    return value if value else None


def not_found(what: str, value: str, link_page: str, link_label: str) -> None:
    """A friendly message for an id in a URL that names nothing; the value is shown escaped and shortened."""
    shown = value if len(value) <= 80 else value[:80] + "…"
    st.warning(f"No {what} called “{md_escape(shown)}”. The link may be old or mistyped.", icon=":material/search_off:")
    st.page_link(PAGES[link_page], label=link_label, icon=":material/arrow_forward:")


def url_choices(key: str, options: list[str], multiple: bool = True) -> None:
    """Seed a widget's state from the address bar, by id, and note the ids in it that name nothing.

    Streamlit's own binding writes the format_func label into the URL, which breaks
    old links whenever a label is reworded; ids keep a shared link stable.
    """
    if key in st.session_state:
        return
    given = st.query_params.get_all(key)
    unknown = [v for v in given if v not in options]
    if unknown:
        shown = ", ".join(f"“{md_escape(v[:60])}”" for v in unknown[:3])
        st.warning(f"The link asked for {shown} under “{key}”, which is not one of the choices; it was left out.",
                   icon=":material/link_off:")
    valid = [v for v in given if v in options]
    st.session_state[key] = valid if multiple else (valid[0] if valid else None)
    if unknown:
        write_choices_to_url(key)


def write_choices_to_url(key: str) -> None:
    """on_change: the widget's ids into the address bar, so a copied link reopens this view."""
    value = st.session_state.get(key)
    values = value if isinstance(value, list) else ([] if value in (None, False) else [value])
    if values:
        st.query_params[key] = [str(v).lower() if isinstance(v, bool) else v for v in values]
    elif key in st.query_params:
        del st.query_params[key]


def select_figure(figure_id: str) -> None:
    st.query_params["figure"] = figure_id


def clear_figure() -> None:
    if "figure" in st.query_params:
        del st.query_params["figure"]


def problems_panel(headline: str, problems: list, expander_label: str) -> None:
    """One red headline that says what is withheld and what is still served, and the located problems under it."""
    st.error(headline, icon=":material/error:")
    with st.expander(expander_label):
        st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def corpus_problems(loaded: Loaded) -> None:
    result = loaded.result
    claim_problems = loaded.claims.problems
    if claim_problems:
        problems_panel(
            f"**{len(claim_problems)} problem{'s' if len(claim_problems) != 1 else ''} in the curated claims.** "
            "A claim with a problem is left out of the coverage and the outcomes until fixed.",
            claim_problems, "Show the claims' problems (file:line:column)")
    if not result.problems:
        return
    figures, documents = len(result.withheld_figures), len(result.withheld_documents)
    problems_panel(
        f"**{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''} in the curated files.** "
        f"{figures} figure{'s' if figures != 1 else ''} and {documents} document{'s' if documents != 1 else ''} "
        "are withheld until fixed; everything shown here is proven against its sentence.",
        result.problems, "Show the problems (file:line:column)")


def citation(row: Mapping[str, Any]) -> str:
    """A citation for one figure: the document's own citation, then the sentence quoted."""
    quote = " ".join(row["quote"].split())
    return f"{row['citation_full']} Quoted: “{quote}” (Defence Figures Explorer, figure {row['figure_id']})"


def figure_card_html(row: Mapping[str, Any], number: int | None = None) -> str:
    warning = verdict_badge(row["verdict"]) if row["verdict"] in ("meaning_differs", "number_missing") else ""
    return (
        f'<div class="df-card" data-figure="{esc(row["figure_id"])}">'
        + (f'<span class="df-chip df-card-number" title="Card {number}">{number}</span>' if number else "") +
        f'<div class="df-card-value">{value_html(row["display_value"], row["qualifier"])}</div>'
        f'<div class="df-card-label">{esc(row["label"])}</div>'
        f'<div>{kind_badge(row["kind"])}{basis_badge(row["basis"])}{warning}</div>'
        f'<div class="df-card-meta">Period {esc(row["period"])} · {esc(row["scope"])}</div></div>'
    )


def figure_card(row: Mapping[str, Any], key: str) -> None:
    """A figure as a card with its own "Show the sentence" button."""
    figure_id = row["figure_id"]
    with st.container(border=True):
        st.html(figure_card_html(row))
        st.button("Show the sentence", key=f"{key}-{figure_id}", on_click=select_figure, args=(figure_id,),
                  icon=":material/format_quote:",
                  help="Open the sentence this number comes from, highlighted in its paragraph")


def card_grid(loaded: Loaded, figure_ids: list[str], key: str) -> None:
    """Many figures as one grid of cards and one row of buttons naming them, each opening its sentence.

    Two elements for any number of cards: a card with its own button is three elements, and the
    Figures page's eleven cards were the largest part of its rerun after the charts (bench.profile_page).
    """
    rows = [loaded.by_id[figure_id] for figure_id in figure_ids]
    st.html(cache.memo(loaded, "card_grid", lambda: '<div class="df-card-grid">' + "".join(
        figure_card_html(row, number) for number, row in enumerate(rows, start=1)) + "</div>", tuple(figure_ids)))
    # Numbered, because two cards can show the same words (three reports of "approximately 90,000 troops").
    labels = {row["figure_id"]: f"{number} · {row['display_value']}" for number, row in enumerate(rows, start=1)}
    st.pills("Show the sentence of", list(labels), key=key, format_func=labels.__getitem__,
             on_change=act_once, args=(key, select_figure),
             help="Open the sentence this number comes from, highlighted in its paragraph")


def act_once(key: str, action: Callable[[str], None]) -> None:
    """on_change of a row of buttons (pills) that are actions, not a lasting choice: act on the one
    pressed, then clear it, so pressing the same one again acts again."""
    picked = st.session_state.get(key)
    st.session_state[key] = None
    if picked:
        action(picked)


def source_panel(loaded: Loaded, figure_id: str) -> None:
    """The sentence in its paragraph, its document, a link to the full text there, the citation, the record."""
    row = loaded.by_id[figure_id]
    document = loaded.result.corpus.documents[row["document_id"]]
    quote = quote_in_context(document.text, int(row["quote_start"]), int(row["quote_end"]), int(row["number_start"]),
                             int(row["number_end"]))
    st.html(
        f'<div class="df-panel" data-figure="{esc(figure_id)}">'
        f'<div class="df-card-value">{value_html(row["display_value"], row["qualifier"])}</div>'
        f'<div class="df-card-label">{esc(row["label"])}</div>'
        f'<div>{kind_badge(row["kind"])}{basis_badge(row["basis"])}'
        f'<span class="df-card-meta">Period {esc(row["period"])} · {esc(row["scope"])}</span></div>'
        f'{quote}'
        f'<div class="df-doc-head"><b>{esc(document.title)}</b><br>{esc(document.producer)}'
        f'{", " + esc(document.speaker) if document.speaker else ""} · {esc(document.date_published)} · '
        f'line {int(row["quote_line"])} of {esc(document.text_file)} {provenance_marks(document)}</div></div>'
    )
    if row["explanation"]:
        st.info(md_escape(row["explanation"]), icon=":material/lightbulb:")
    st.page_link(PAGES["sources"], label="Read the full text at this place", icon=":material/article:",
                 query_params={"doc": row["document_id"], "figure": figure_id})
    if document.url_main:
        st.link_button("Open the original", document.url_main, icon=":material/open_in_new:")
    else:
        st.caption("The original's web address is not known.")
    page_link_to_sentence(loaded, figure_id)
    st.caption("Cite this figure")
    st.code(citation(row), language=None, wrap_lines=True)
    figure_formats(loaded, figure_id)
    record_comparison(loaded, row)


# The address the app is reached at, for the links inside a ClaimReview or an annotation. A served copy sets
# DEFENCE_FIGURES_BASE_URL; without it the links point at `make run`'s address, which the export says.
BASE_URL_VARIABLE = "DEFENCE_FIGURES_BASE_URL"


def base_url() -> str:
    import os

    from defence_figures.reuse.claimreview import DEFAULT_BASE_URL

    return os.environ.get(BASE_URL_VARIABLE, "").rstrip("/") or DEFAULT_BASE_URL


def page_link_to_sentence(loaded: Loaded, figure_id: str) -> None:
    """A Text Fragment link that opens the publisher's page at the sentence, where the stored text reads as the page."""
    from defence_figures.reuse.fragments import fragment_for

    corpus = loaded.result.corpus
    figure = corpus.figures[figure_id]
    link = cache.memo(loaded, "fragment", lambda: fragment_for(figure, corpus.documents[figure.document_id]), figure_id)
    if link:
        st.link_button("Open the sentence on the publisher's page", link, icon=":material/format_quote:",
                       help="A Text Fragment link: browsers since 2024 scroll to the sentence and highlight it.")


def figure_formats(loaded: Loaded, figure_id: str) -> None:
    """BibTeX, RIS and a W3C Web Annotation of one figure, for reference managers and annotation tools."""
    from defence_figures.reuse.citations import figure_bibtex, figure_ris
    from defence_figures.reuse.claimreview import figure_url
    from defence_figures.reuse.selectors import figure_annotation

    corpus = loaded.result.corpus
    figure = corpus.figures[figure_id]
    document = corpus.documents[figure.document_id]
    with st.expander("Cite or annotate: BibTeX, RIS, W3C Web Annotation"):
        tabs = st.tabs(["BibTeX", "RIS", "Annotation (JSON-LD)"])
        tabs[0].code(figure_bibtex(figure, document), language="bibtex", wrap_lines=True)
        tabs[1].code(figure_ris(figure, document), language=None, wrap_lines=True)
        annotation = figure_annotation(figure, document, figure_url(figure_id, base_url()), f"{base_url()}/#{figure_id}")
        tabs[2].code(json.dumps(annotation, ensure_ascii=False, indent=2), language="json", wrap_lines=True)
        tabs[2].caption("The quote selector (exact, prefix, suffix) re-anchors the sentence even if the text shifts; "
                        "the position selector is exact while the text's sha256 is the same.")


def record_comparison(loaded: Loaded, row: Mapping[str, Any]) -> None:
    """The NATO record beside a statement's figure, or the statements that report a record's figure."""
    if row["reports"] and row["reports"] in loaded.by_id:
        record = loaded.by_id[row["reports"]]
        left, right = word_diff(row["quote"], record["quote"])
        st.html(
            f'<div class="df-compare"><div>{verdict_badge(row["verdict"])}</div>'
            f'<p><b>The report wrote:</b> {left}</p>'
            f'<p><b>{esc(record["producer"])}’s record ({esc(record["date_published"])}) says:</b> {right}</p>'
            f'<p>{esc(row["difference"])}</p></div>'
        )
        st.page_link(PAGES["compare"], label="See every figure beside NATO's record", icon=":material/compare_arrows:")
    for statement in loaded.by_id.values():
        if statement["reports"] == row["figure_id"]:
            st.html(
                f'<div class="df-compare"><p>Reported by <b>{esc(statement["producer"])}</b> as '
                f'“{esc(statement["quote"])}” {verdict_badge(statement["verdict"])}</p></div>'
            )


def figure_not_found_or_panel(loaded: Loaded, figure_id: str | None) -> bool:
    """Show the source panel for a figure id from the URL; a friendly note when it names nothing."""
    if not figure_id:
        return False
    if figure_id not in loaded.by_id:
        not_found("figure", figure_id, "figures", "See all figures")
        return False
    source_panel(loaded, figure_id)
    return True


def download_frame(frame: pd.DataFrame, name: str, key: str) -> None:
    """The CSV and JSON twins of a table: exactly the rows shown, with their provenance columns."""
    columns = st.columns(2)
    # Built only when pressed (Streamlit runs a callable on click), not on every rerun.
    columns[0].download_button("Download CSV", lambda: frame_csv(frame), f"{name}.csv",
                               "text/csv", key=f"{key}-csv", icon=":material/download:", on_click="ignore",
                               help=CSV_HELP)
    columns[1].download_button("Download JSON", lambda: frame_json(frame), f"{name}.json", "application/json",
                               key=f"{key}-json", icon=":material/download:", on_click="ignore")


# A CSV from a web page is opened in a spreadsheet: with the byte-order mark, Excel on Windows reads it as
# UTF-8 (without it, "’" and "€" come out garbled); pandas, LibreOffice and Google Sheets skip the mark.
# Programs that want the plain text have the JSON twin and `defence-figures export`.
CSV_HELP = ("UTF-8 with a byte-order mark, for Excel. A cell that begins with =, +, -, @ or an apostrophe "
            "has an apostrophe added in front, so a spreadsheet shows it as text and never runs it as a formula.")


def frame_csv(frame: pd.DataFrame) -> bytes:
    return spreadsheet_csv(frame, bom=True).encode("utf-8")


def frame_json(frame: pd.DataFrame) -> bytes:
    return json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2).encode("utf-8")


def chart(fig: go.Figure, alt: str, key: str, file_name: str) -> str | None:
    """A chart whose points open their sentence or cell: returns customdata[0] of a new click, else None."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    state = st.plotly_chart(served(fig), key=key, on_select="rerun", selection_mode="points", config=config, alt=alt)
    # Built only when opened: the text and the image buttons of three charts were a fifth of a Figures rerun.
    # The words are also the chart's accessible name (alt), so a screen reader has them either way.
    if words := lazy_expander(CHART_WORDS, f"{key}-words"):
        with words:
            st.write(md_escape(alt))
            # A mark opens its source only under a mouse; each one is also a button here, for Tab and Enter.
            keyboard_list("Open the source of", chart_points(fig), f"{key}-points",
                          lambda target: st.session_state.update({f"_picked_{key}": target}))
            image_downloads(fig, key, file_name)
    return st.session_state.pop(f"_picked_{key}", None) or new_click(key, state)


CHART_WORDS = "This chart in words, each point as a button, and as an image"


def keyboard_list(label: str, targets: Mapping[str, str], key: str, action: Callable[[str], None]) -> None:
    """What a click on a chart mark or a table row opens, as a row of buttons that Tab and Enter reach."""
    if targets:
        st.pills(label, list(targets), key=key, format_func=targets.__getitem__, on_change=act_once,
                 args=(key, action))


def chart_points(fig: go.Figure) -> dict[str, str]:
    """Each point a click opens (customdata[0]) and its words: where it sits on the category axis, its value, its series."""
    points: dict[str, str] = {}
    for trace in fig.data:
        custom = getattr(trace, "customdata", None)
        if custom is None:
            continue
        texts = trace.text if isinstance(trace.text, (list, tuple)) else None
        ys = getattr(trace, "y", None)
        horizontal = getattr(trace, "orientation", None) == "h" or (ys is not None and len(ys) and isinstance(ys[0], str))
        categories = ys if horizontal else getattr(trace, "x", None)
        for index, data in enumerate(custom):
            target = str(data[0])
            if target in points:
                continue
            category = categories[index] if categories is not None else ""
            value = texts[index] if texts and index < len(texts) else (data[1] if len(data) > 1 else "")
            # Plotly's <br> wraps a long category name, and puts a bar's source under its value.
            words = [" ".join(str(category).replace("<br>", " ").split()), str(value).replace("<br>", " · "), trace.name]
            points[target] = f"{len(points) + 1} · " + " · ".join(dict.fromkeys(word for word in words if word))
    return points


def lazy_expander(label: str, key: str):
    """An expander whose content is built only while it is open (it reruns when toggled); None when closed."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def new_click(key: str, state: Any) -> str | None:
    """customdata[0] of a click not seen before; a selection stays in state across reruns."""
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        return None
    ids = [p["customdata"][0] for p in points if isinstance(p, dict) and p.get("customdata")]
    signature = json.dumps(ids)
    seen_key = f"_seen_click_{key}"
    fresh = bool(ids) and st.session_state.get(seen_key) != signature
    st.session_state[seen_key] = signature
    return ids[-1] if fresh else None


def row_click(key: str, state: Any, frame: pd.DataFrame, column: str) -> str | None:
    """The id in `column` of a dataframe row newly selected; a selection stays in state across reruns."""
    rows = state["selection"]["rows"] if state else []
    seen_key = f"_seen_row_{key}"
    if not rows or rows[0] >= len(frame):
        st.session_state.pop(seen_key, None)  # so selecting the same row again opens it again
        return None
    target = str(frame.iloc[rows[0]][column])
    fresh = st.session_state.get(seen_key) != target
    st.session_state[seen_key] = target
    return target if fresh else None


def image_downloads(fig: go.Figure, key: str, file_name: str) -> None:
    """PNG and SVG of a chart, drawn by Plotly's exporter only when the button is pressed."""
    if not shutil.which("chromium") and not shutil.which("chromium-browser") and not shutil.which("google-chrome"):
        st.caption("PNG and SVG downloads need Chromium on the server; the camera icon on the chart saves a PNG.")
        return
    columns = st.columns([1, 1, 2])
    for column, fmt, mime in ((columns[0], "png", "image/png"), (columns[1], "svg", "image/svg+xml")):
        column.download_button(f"Chart as {fmt.upper()}", _image_maker(fig, fmt), f"{file_name}.{fmt}", mime,
                               key=f"{key}-{fmt}", icon=":material/image:", on_click="ignore")


def _image_maker(fig: go.Figure, fmt: str):
    def make() -> bytes:
        return fig.to_image(format=fmt, width=1200, height=max(500, int(fig.layout.height or 500)),
                            scale=2 if fmt == "png" else 1)
    return make


def footer(loaded: Loaded) -> None:
    """The source and licence footer, the same on every page."""
    st.html(cache.memo(loaded, "footer", lambda: footer_html(loaded)))


def footer_html(loaded: Loaded) -> str:
    documents = loaded.document_rows
    producers = ", ".join(dict.fromkeys(d["producer"].split(" (")[0] for d in documents))
    excerpts = sum(d["completeness"] == "excerpt" for d in documents)
    return (
        f'<div class="df-footer">Sources: {len(documents)} texts from {esc(producers)} '
        f'({excerpts} of them excerpts, where only part of the original could be recovered); '
        'each text is checked against its sha256. '
        f'{len(loaded.figure_rows)} figures, every one proven against the sentence it came from. '
        'Texts are quoted for reference and remain their publishers’; NATO figures are © NATO. '
        'Download every figure with its provenance on the Figures page (CSV or JSON).</div>'
    )
