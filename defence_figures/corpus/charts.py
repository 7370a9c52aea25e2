"""Pure chart builders: figure rows in, a Plotly figure out; annual and cumulative never share a panel.

The rows are frames.figure_rows() or a slice of them (a figures frame's to_dict("records") gives
the same): the Figures page draws its first chart before pandas is imported (bench: cold start).
"""
from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from defence_figures.corpus.frames import ROLE_ORDER
from defence_figures.corpus.render import PALETTE

Rows = Sequence[Mapping]
# Annual and cumulative amounts answer different questions; the panels say so in their titles.
MONEY_PANELS = (
    ("annual", "Spent in one year"),
    ("cumulative", "Added up over several years: not comparable with one year's spending"),
)
# Every bar's edge: 3:1 or more against the light and the dark theme's background (4.5 and 4.2), so a pale
# yellow bar on white and a black one on the dark background still stand out as WCAG 1.4.11 asks.
OUTLINE = "#767676"
SHARE_UNITS = ("percent_of_gdp", "percent", "percent_change")


def _wrap(text: str, width: int = 46) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def document_colours(rows: Rows) -> dict[str, str]:
    """One colour per document, statement first, stable across charts of the same rows."""
    first = {}
    for row in rows:
        first.setdefault(row["document_id"], row)
    order = sorted(first.values(), key=lambda r: (ROLE_ORDER[r["role"]], r["date_published"], r["document_id"]))
    return {row["document_id"]: PALETTE[i % len(PALETTE)] for i, row in enumerate(order)}


def by_document(rows: Rows) -> dict[str, list[Mapping]]:
    """The rows of each document, documents in the order they first appear."""
    groups: dict[str, list[Mapping]] = {}
    for row in rows:
        groups.setdefault(row["document_id"], []).append(row)
    return groups


def plot_text(text: object) -> str:
    """Data text for Plotly, which reads <b>, <a> and friends in labels: escape it like any HTML."""
    return html.escape("" if text is None else str(text), quote=False)


def _bar_trace(group: Rows, colour: str, name: str, show_legend: bool, pattern: str = "") -> go.Bar:
    return go.Bar(
        y=[_wrap(plot_text(row["label"])) for row in group],
        x=[row["value"] for row in group],
        orientation="h",
        name=plot_text(name),
        legendgroup=name,
        showlegend=show_legend,
        marker=dict(color=colour, line=dict(color=OUTLINE, width=1), pattern=dict(shape=pattern, solidity=0.35)),
        # The source is written beside each bar, so the colour is never the only way to tell them apart;
        # on a line of its own, so the label fits beside the bar on a narrow screen or at 200% zoom.
        # A figure whose meaning the report changed carries the mark on its bar: the report's "more than $600
        # billion" stands among one year's amounts only because the report reads it so, which NATO did not.
        text=[plot_text(row["display_value"]) + "<br>" + plot_text(row["source_name"])
              + ("<br>⚠ the report's reading; NATO's differs" if row.get("verdict") == "meaning_differs" else "")
              for row in group],
        textposition="outside",
        textfont=dict(size=12),
        cliponaxis=False,
        customdata=[[row["figure_id"], plot_text(row["document_title"]), plot_text(row["period"]),
                     row["basis"].replace("_", " ")] for row in group],
        hovertemplate="<b>%{text}</b><br>%{y}<br>%{customdata[1]}<br>period %{customdata[2]}, %{customdata[3]}"
                      "<br><i>click for the sentence</i><extra></extra>",
    )


def _value_range(values: list[float], log_scale: bool) -> list[float]:
    """Room to the right of the longest bar for its label ("more than $600 billion")."""
    if log_scale:
        return [math.log10(max(min(values), 1e-9)) - 0.3, math.log10(max(max(values), 1e-9)) + 0.9]
    return [0, float(max(values)) * 2.2 or 1]


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        barmode="group",
        height=height,
        margin=dict(l=10, r=110, t=70, b=40),
        showlegend=False,  # every bar names its source in its label; a legend would only repeat it by colour
        font=dict(size=14),
        clickmode="event+select",
        hoverlabel=dict(align="left"),
    )
    return fig


def money_chart(rows: Rows, colours: dict[str, str], log_scale: bool = False) -> go.Figure:
    """US-dollar figures, one panel for annual amounts and one for amounts added up over years."""
    money = [row for row in rows if row["unit"] == "usd_billion"]
    by_basis = {basis: [row for row in money if row["basis"] == basis] for basis, _ in MONEY_PANELS}
    panels = [(basis, title) for basis, title in MONEY_PANELS if by_basis[basis]]
    if not panels:
        return _layout(go.Figure(), "No US-dollar figures match the filters", 200)
    heights = [max(1, len({row["label"] for row in by_basis[basis]})) for basis, _ in panels]
    height = min(200 + 70 * sum(heights) + 40 * len(money) + 120 * (len(panels) - 1), 1600)
    # About 130 pixels between panels: room for the upper axis title and the lower panel's title.
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=[t for _, t in panels],
                        row_heights=heights, vertical_spacing=min(0.35, 130 / height) if len(panels) > 1 else 0.05)
    seen: set[str] = set()
    for row, (basis, _) in enumerate(panels, start=1):
        part = by_basis[basis]
        for doc, group in by_document(part).items():
            name = group[0]["source_name"]
            fig.add_trace(_bar_trace(group, colours[doc], name, doc not in seen, "/" if basis == "cumulative" else ""),
                          row=row, col=1)
            seen.add(doc)
        fig.update_xaxes(title_text="billion US dollars" + (" (log scale)" if log_scale else ""),
                         type="log" if log_scale else "linear", row=row, col=1,
                         range=_value_range([row["value"] for row in part], log_scale))
        fig.update_yaxes(autorange="reversed", row=row, col=1)
    return _layout(fig, "Money figures (billion US dollars)", height)


def count_chart(rows: Rows, colours: dict[str, str]) -> go.Figure:
    """How many Allies: each count on its own bar."""
    counts = [row for row in rows if row["unit"] == "allies"]
    return _simple_chart(counts, "How many Allies", "Allies", colours)


def share_chart(rows: Rows, colours: dict[str, str]) -> go.Figure:
    """Shares and changes in percent, on a 0 to 100 axis so a small share looks small."""
    shares = [row for row in rows if row["unit"] in SHARE_UNITS]
    fig = _simple_chart(shares, "Shares and changes (%)", "percent", colours)
    # Always the whole 0-100 scale, so 2% looks small beside 99%; the extra room is for the labels.
    fig.update_xaxes(range=[0, 165], tickvals=[0, 25, 50, 75, 100])
    return fig


def _simple_chart(part: Rows, title: str, axis: str, colours: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    if not part:
        return _layout(fig, f"{title}: no figures match the filters", 200)
    for doc, group in by_document(part).items():
        fig.add_trace(_bar_trace(group, colours[doc], group[0]["source_name"], True))
    fig.update_xaxes(title_text=axis, range=_value_range([row["value"] for row in part], False))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, min(170 + 38 * len(part) + 30 * len({row["label"] for row in part}), 1400))


def text_alternative(part: Rows) -> str:
    """What a chart shows, in words, for screen readers and for anyone who prefers text."""
    if not part:
        return "No figures match the filters."
    lines = [f"{row['label']}: {row['display_value']} ({row['basis'].replace('_', ' ')}, {row['period']}), "
             f"from {row['document_title']}, {row['date_published']}."
             + (" The report's reading; NATO's differs." if row.get("verdict") == "meaning_differs" else "")
             for row in part]
    return " ".join(lines)


def image_file_name(chart: str, rows: Rows) -> str:
    """A file name saying what the chart shows: defence-figures_money_bgnes-2024-02-15-stoltenberg."""
    docs = sorted({row["document_id"] for row in rows})
    which = docs[0] if len(docs) == 1 else f"{len(docs)}-documents"
    return f"defence-figures_{chart}_{which}"
