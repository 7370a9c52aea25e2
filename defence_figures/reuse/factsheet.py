"""A fact sheet: one self-contained HTML file for one claim or the whole statement, to open offline and print; pure.

It holds what a screenshot of the app shows: each claim's chart (inline SVG drawn by Plotly's exporter, or,
without Chromium, the chart's numbers as a table, said so), the sentences with their numbers highlighted,
the verdicts, the outcomes and the citations. Nothing in it asks the network for anything: no script, no
stylesheet or font from elsewhere, no image but the inline SVG, and a Content-Security-Policy that forbids
every fetch, so a file opened from disk with the network off shows everything. Every text from the data is
escaped (render.esc, render.highlighted_text). It prints on A4 and Letter alike: the page size is left to
the printer, margins and breaks are set by @page and break-inside.
"""
from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

from defence_figures.corpus.anchor import Span
from defence_figures.corpus.claims import OUTCOME_VERDICTS, Claim
from defence_figures.corpus.frames import figure_rows
from defence_figures.corpus.model import UNITS, VERDICTS, Corpus, Figure, figure_display
from defence_figures.corpus.render import esc, highlighted_text, outcome_badge, verdict_badge
from defence_figures.nato.outcome_charts import chart_steps, chart_words, evidence_words, outcome_chart
from defence_figures.nato.outcomes import Step, chain, headline
from defence_figures.nato.queries import month_year

# Inline styles only, system fonts only: nothing to fetch.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111;background:#fff;
  max-width:52rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5;font-size:11pt}
h1{font-size:1.6rem;margin:0 0 0.3rem 0} h2{font-size:1.25rem;margin:1.6rem 0 0.5rem 0;border-bottom:2px solid #0072B2}
h3{font-size:1.05rem;margin:1rem 0 0.3rem 0}
.fs-meta{color:#444;font-size:0.9rem}
.fs-claim{font-size:1.2rem;font-weight:600;border-left:5px solid #CC79A7;padding-left:0.8rem;margin:0.6rem 0}
.fs-chain{font-size:1.6rem;font-weight:800;color:#0072B2}
.fs-card{border:1px solid #bbb;border-radius:6px;padding:0.5rem 0.8rem;margin:0.5rem 0;break-inside:avoid}
.fs-quote{margin:0.3rem 0;padding-left:0.7rem;border-left:3px solid #0072B2}
mark.df-quote{background:#FFF3C4;color:#111;border-bottom:2px solid #E69F00}
mark.df-quote strong{background:#FFE08A}
.df-badge{display:inline-block;padding:0 0.45rem;margin:0 0.25rem 0.2rem 0;border:1px solid currentColor;border-radius:1rem;
  font-size:0.8rem;white-space:nowrap}
.df-warn{color:#B35900;font-weight:600} .df-ok{color:#006D4F} .df-info{color:#005A8C} .df-muted{color:#555}
table{border-collapse:collapse;width:100%;font-size:0.85rem;margin:0.4rem 0;break-inside:auto}
th,td{border:1px solid #bbb;padding:0.2rem 0.4rem;text-align:left;vertical-align:top} th{background:#eef3f8}
tr{break-inside:avoid} .fs-steps td:first-child{white-space:nowrap}
.fs-chart svg{max-width:100%;height:auto}
.fs-chart{break-inside:avoid}
.fs-note{font-size:0.85rem;color:#444;font-style:italic}
.fs-cite{font-size:0.85rem;word-break:break-word}
.fs-cells{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.78rem;word-break:break-all}
section.fs-section{break-before:auto}
@page{margin:15mm 14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h2{break-after:avoid}h3{break-after:avoid}
  a{color:#111;text-decoration:none}.fs-card{border-color:#888}}
"""

SVG_SIZE = (760, 340)


def chromium_available() -> bool:
    """Whether Plotly's exporter (kaleido) has a Chromium to draw with, as the app's image downloads ask."""
    return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))


# In an SVG from Plotly, url(#...) and href="#..." point inside the file; anything else would be fetched.
_EXTERNAL = re.compile(r"""(?:href\s*=\s*["'](?!#)|url\(\s*["']?(?!#)|@import|<script|<foreignObject|\bon[a-z]+\s*=)""",
                       re.IGNORECASE)


def safe_svg(svg: str) -> str | None:
    """The SVG when it refers to nothing outside itself and runs nothing; None otherwise (the table is shown instead)."""
    start = svg.find("<svg")
    if start < 0:
        return None
    svg = svg[start:]
    return None if _EXTERNAL.search(svg) else svg


@contextmanager
def _exporter(keep: bool):
    """Keep one Chromium open for Plotly's exporter while several charts are drawn: each alone starts its own (seconds)."""
    if not keep:
        yield
        return
    try:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
    except Exception:  # no browser: each chart falls back to its table
        yield
        return
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def chart_svg(claim: Claim, steps: list[Step], by_id: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The claim's chart as inline SVG, drawn by Plotly's exporter; None without Chromium or with fewer than two numbers."""
    first = by_id[claim.first_appearance]
    fig = outcome_chart(steps, by_id, UNITS[first["unit"]].label)
    if fig is None:
        return None
    fig.update_layout(title=None, paper_bgcolor="white", plot_bgcolor="white")
    try:
        with warnings.catch_warnings():  # "kopts is ignored if using a server": the shared exporter of _exporter
            warnings.simplefilter("ignore", UserWarning)
            image = fig.to_image(format="svg", width=SVG_SIZE[0], height=SVG_SIZE[1])
    except Exception:  # no browser, or it would not start: the table below carries the numbers
        return None
    return safe_svg(image.decode("utf-8"))


def _quote_html(figure: Figure, corpus: Corpus) -> str:
    """The figure's sentence with its number highlighted, all of it escaped."""
    text = corpus.documents[figure.document_id].text
    spans = [Span(figure.quote_start, figure.quote_end, figure.id),
             Span(figure.number_start, figure.number_end, figure.id, strong=True)]
    return f'<blockquote class="fs-quote">{highlighted_text(text, spans, figure.quote_start, figure.quote_end)}</blockquote>'


def _source_line(figure: Figure, corpus: Corpus) -> str:
    document = corpus.documents[figure.document_id]
    return (f'<div class="fs-meta">{esc(document.producer)}, {esc(document.date_published)}: '
            f'<i>{esc(document.title)}</i></div>')


def _link_to_sentence(figure: Figure, corpus: Corpus) -> str:
    """A Text Fragment link that opens the publisher's page at the sentence, when there is one (a link, not a fetch)."""
    try:
        from defence_figures.reuse.fragments import fragment_for
    except ImportError:
        return ""
    url = fragment_for(figure, corpus.documents[figure.document_id])
    if not url:
        return ""
    return f'<div class="fs-cite"><a href="{esc(url)}">Open the sentence on the publisher\'s page</a></div>'


def _figure_card(figure: Figure, corpus: Corpus, extra: str = "") -> str:
    return (f'<div class="fs-card" data-figure="{esc(figure.id)}">{extra}'
            f'<div><b>{esc(figure_display(figure))}</b>: {esc(figure.label)}</div>'
            f'{_quote_html(figure, corpus)}{_source_line(figure, corpus)}{_link_to_sentence(figure, corpus)}</div>')


def _steps_table(steps: list[Step]) -> str:
    rows = []
    for step in steps:
        verdict = outcome_badge(step.verdict) if step.verdict else ""
        rows.append(f"<tr><td>{esc(step.date)}</td><td><b>{esc(step.shown)}</b> {esc(step.kind_words)}</td>"
                    f"<td>{esc(step.source)}</td><td>{esc(evidence_words(step))}</td><td>{verdict}</td></tr>")
    return ('<table class="fs-steps"><thead><tr><th>date</th><th>number</th><th>source</th><th>rests on</th>'
            f'<th>verdict</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _chart_html(claim: Claim, steps: list[Step], by_id: Mapping[str, Mapping[str, Any]], draw: bool) -> str:
    words = chart_words(claim, steps)
    drawable = len(chart_steps(steps, by_id)) >= 2
    svg = chart_svg(claim, steps, by_id) if draw and drawable else None
    if svg:
        figure = f'<div class="fs-chart" role="img" aria-label="{esc(words)}">{svg}</div>'
    elif drawable:
        figure = ('<p class="fs-note">The chart could not be drawn when this sheet was made (Plotly\'s exporter needs '
                  'Chromium); its numbers are in the table below.</p>')
    else:
        figure = '<p class="fs-note">Fewer than two numbers in the claim\'s unit: no chart, the steps are in the table below.</p>'
    return f'{figure}<p class="fs-note">{esc(words)}</p>{_steps_table(steps)}'


def _outcome_html(step: Step, corpus: Corpus) -> str:
    badge = outcome_badge(step.verdict) if step.verdict else ""
    difference = f"<div>{esc(step.difference)}</div>" if step.difference else ""
    press = ('<div class="df-warn">This step rests on a press report: NATO\'s own document is not stored here.</div>'
             if step.rests_on_press else "")
    head = (f'<div>{badge}<b>{esc(month_year(step.date))}: {esc(step.shown)}</b> {esc(step.kind_words)}, '
            f'{esc(step.source)} <span class="fs-meta">({esc(OUTCOME_VERDICTS.get(step.verdict, ""))})</span></div>')
    if step.figure_id:
        return _figure_card(corpus.figures[step.figure_id], corpus, head + difference + press)
    cells = f'<div class="fs-cells">cells {esc(" ".join(step.cells))}</div>' if step.cells else ""
    return (f'<div class="fs-card" data-check="{esc(step.check_id)}">{head}{difference}{cells}'
            f'<div class="fs-cite">{esc(step.citation)}</div></div>')


def claim_section(claim: Claim, corpus: Corpus, steps: list[Step], by_id: Mapping[str, Mapping[str, Any]], *,
                  draw: bool, level: int = 2) -> str:
    """One claim: the claim, its chain and chart, where it was said, who carried it and how, and what happened."""
    h, sub = f"h{level}", f"h{level + 1}"
    parts = [f'<section class="fs-section" id="claim-{esc(claim.id)}" data-claim="{esc(claim.id)}">',
             f'<{h}>{esc(claim.short)}</{h}>',
             f'<div class="fs-claim">“{esc(claim.claim)}”</div>',
             f'<div class="fs-meta">{esc(claim.author)}</div>',
             f'<div class="fs-chain">{esc(chain(steps))}</div><p><b>{esc(headline(steps))}</b></p>']
    if claim.explanation:
        parts.append(f"<p>{esc(claim.explanation)}</p>")
    parts.append(f"<{sub}>The record in time</{sub}>{_chart_html(claim, steps, by_id, draw)}")
    parts.append(f"<{sub}>Where NATO said it</{sub}>")
    parts += [_figure_card(corpus.figures[figure_id], corpus, "<div>" + ("First said" if n == 0 else "Said again") + "</div>")
              for n, figure_id in enumerate(claim.statements)]
    if claim.appearances:
        parts.append(f"<{sub}>Who carried it, and how</{sub}>")
        for appearance in claim.appearances:
            figure = corpus.figures[appearance.figure_id]
            verdict = (f'<div>{verdict_badge(appearance.verdict)}<span class="fs-meta">{esc(VERDICTS[appearance.verdict])}</span>'
                       + (f"<div>{esc(figure.difference)}</div>" if figure.difference else "") + "</div>")
            parts.append(_figure_card(figure, corpus, verdict))
    outcomes = [s for s in steps if s.stage == "outcome"]
    parts.append(f"<{sub}>What later records say</{sub}>")
    parts += [_outcome_html(step, corpus) for step in outcomes] or ['<p class="fs-note">No later record stored yet.</p>']
    parts.append("</section>")
    return "".join(parts)


def _statement_section(corpus: Corpus) -> str:
    """The statement's figures: each sentence, its number, and its verdict against NATO's record."""
    parts = []
    for figure in corpus.figures.values():
        if corpus.documents[figure.document_id].role != "statement":
            continue
        extra = ""
        if figure.verdict:
            record = corpus.figures.get(figure.reports)
            against = f" against {esc(corpus.documents[record.document_id].producer)}'s record" if record else ""
            extra = (f"<div>{verdict_badge(figure.verdict)}<span class=\"fs-meta\">{esc(VERDICTS[figure.verdict])}{against}</span>"
                     + (f"<div>{esc(figure.difference)}</div>" if figure.difference else "") + "</div>")
        card = _figure_card(figure, corpus, extra)
        if figure.reports and figure.reports in corpus.figures:
            record = corpus.figures[figure.reports]
            card = card[:-len("</div>")] + (f'<div class="fs-meta">The record says:</div>{_quote_html(record, corpus)}'
                                            f'{_source_line(record, corpus)}</div>')
        parts.append(card)
    return "".join(parts)


def _passages_section(corpus: Corpus) -> str:
    """The statement's compared passages: its words beside the record's, with the verdict and what changed."""
    parts = []
    for comparison in corpus.comparisons.values():
        statement = corpus.documents[comparison.document_id]
        record = corpus.documents[comparison.record]
        said = highlighted_text(statement.text, [Span(comparison.quote_start, comparison.quote_end, comparison.id)],
                                comparison.quote_start, comparison.quote_end)
        recorded = highlighted_text(record.text, [Span(comparison.record_start, comparison.record_end, comparison.id)],
                                    comparison.record_start, comparison.record_end)
        parts.append(f'<div class="fs-card" data-comparison="{esc(comparison.id)}">'
                     f'<div>{verdict_badge(comparison.verdict)}<span class="fs-meta">{esc(VERDICTS[comparison.verdict])}</span></div>'
                     f'<div class="fs-meta">{esc(statement.producer)} wrote:</div><blockquote class="fs-quote">{said}</blockquote>'
                     f'<div class="fs-meta">{esc(record.producer)}\'s record says:</div>'
                     f'<blockquote class="fs-quote">{recorded}</blockquote>'
                     f'<div>{esc(comparison.difference)}</div></div>')
    return f"<h2>The statement's words beside NATO's record</h2>{''.join(parts)}" if parts else ""


def _cited_documents(corpus: Corpus, figure_ids: list[str]) -> list[str]:
    seen = dict.fromkeys(corpus.figures[f].document_id for f in figure_ids if f in corpus.figures)
    return sorted(seen, key=lambda d: (corpus.documents[d].date_published, d))


def _citations(corpus: Corpus, document_ids: list[str], table_citations: list[str]) -> str:
    items = []
    for document_id in document_ids:
        document = corpus.documents[document_id]
        url = (f' <a href="{esc(document.url_main)}">{esc(document.url_main)}</a>'
               if document.url_main and document.url_main.startswith(("https://", "http://")) else "")
        items.append(f'<li class="fs-cite" id="doc-{esc(document.id)}">{esc(document.citation_full)}{url}'
                     f' <span class="fs-meta">(stored text sha256 {esc(document.sha256)})</span></li>')
    items += [f'<li class="fs-cite">{esc(citation)}</li>' for citation in dict.fromkeys(table_citations)]
    return f"<h2>Citations</h2><ol>{''.join(items)}</ol>"


def factsheet_html(corpus: Corpus, claims: Mapping[str, Claim], steps_by_claim: Mapping[str, list[Step]],
                   claim_id: str | None = None, *, draw_charts: bool | None = None) -> str:
    """One self-contained HTML file: one claim (claim_id), or the whole statement (None) with every claim.

    draw_charts: None draws the charts when Chromium is there; False shows their numbers as tables only.
    Raises KeyError for a claim_id that is not among claims (the command line says which ones are).
    """
    draw = chromium_available() if draw_charts is None else draw_charts
    by_id = {row["figure_id"]: row for row in figure_rows(corpus)}
    if claim_id is not None:
        claim = claims[claim_id]
        chosen = [claim]
        title = f"Fact sheet: {claim.short}"
        intro = ""
    else:
        chosen = list(claims.values())
        statement = next((d for d in corpus.documents.values() if d.role == "statement"), None)
        title = "Fact sheet: " + (f"{statement.producer.split(' (')[0]}, {statement.date_published}" if statement
                                  else "the statement")
        intro = ""
        if statement is not None:
            intro = (f'<p class="fs-meta">{esc(statement.producer)}, {esc(statement.date_published)}: '
                     f'<i>{esc(statement.title)}</i>. {esc(statement.speaker)}</p>'
                     f'<h2>The statement\'s figures, each against NATO\'s record</h2>{_statement_section(corpus)}'
                     f'{_passages_section(corpus)}')
    with _exporter(draw and len(chosen) > 1):
        sections = [claim_section(claim, corpus, list(steps_by_claim.get(claim.id, [])), by_id, draw=draw) for claim in chosen]
    if claim_id is None and chosen:
        sections.insert(0, "<h2 style=\"border:none\">The claims, and what became of them</h2>")
    cited = [figure_id for claim in chosen for figure_id in
             (*claim.statements, *(a.figure_id for a in claim.appearances),
              *(s.figure_id for s in steps_by_claim.get(claim.id, []) if s.figure_id))]
    if claim_id is None:
        cited = [f.id for f in corpus.figures.values() if corpus.documents[f.document_id].role == "statement"] + [
            f.reports for f in corpus.figures.values() if corpus.documents[f.document_id].role == "statement" and f.reports
        ] + cited
    documents = _cited_documents(corpus, cited)
    if claim_id is None:  # the compared passages' records too
        documents += [d for d in dict.fromkeys(c.record for c in corpus.comparisons.values()) if d not in documents]
    table_citations = [s.citation for claim in chosen for s in steps_by_claim.get(claim.id, []) if s.check_id and s.citation]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{esc(title)}</h1>"
        '<p class="fs-meta">From the Defence Figures Explorer. Every number below is proven against the sentence it '
        "comes from; the highlighted words are the sentence, the darker ones its number. The quoted texts remain their "
        "publishers', quoted here for review; NATO's table values are © NATO.</p></header>"
        f"<main>{intro}{''.join(sections)}{_citations(corpus, documents, table_citations)}</main>"
        "</body></html>\n"
    )
