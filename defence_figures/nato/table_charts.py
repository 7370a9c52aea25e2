"""Pure chart builders for NATO's tables: a frame in, a Plotly figure out, and each chart in words.

Every clickable point carries an id in customdata[0]: a table cell ("TABLE3!N32"), a
curated figure id (a sentence NATO said), or "count-<year>" (the Allies counted that
year). Nothing is told by colour alone: at or above 2% is a filled diamond and a label,
below is an open circle; what NATO said is a separate, differently shaped marker.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from defence_figures.corpus.render import PALETTE
from defence_figures.nato.queries import PRICE_WORDS, billions, format_value, short_date
from defence_figures.nato.workbook import Indicator, year_label

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = PALETTE
GREY = "#6E6E6E"
# 3:1 or more against the light and the dark theme's background (4.5 and 4.2), as a chart mark must be.
GUIDELINE_COLOUR = "#767676"
# What NATO said, by the kind of statement: a shape each, never a colour alone.
SAID_SYMBOLS = {"actual": "star", "expectation": "triangle-up", "estimate": "square"}
SAID_COLOURS = {"actual": ORANGE, "expectation": PINK, "estimate": ORANGE}
MEETS = ("diamond", GREEN, "at or above 2%")
BELOW = ("circle-open", VERMILION, "below 2%")


def _layout(fig: go.Figure, title: str, height: int, **extra) -> go.Figure:
    settings = dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=18)),
        height=height,
        margin=dict(l=10, r=20, t=60, b=40),
        font=dict(size=14),
        clickmode="event+select",
        hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
    )
    fig.update_layout(**{**settings, **extra})
    return fig


def _guideline(fig: go.Figure, axis: str = "x") -> None:
    """NATO's 2% guideline as a dashed line with its label, on the share axis."""
    if axis == "x":
        fig.add_vline(x=2, line=dict(color=GUIDELINE_COLOUR, width=2, dash="dash"),
                      annotation=dict(text="2% guideline", font=dict(size=13)), annotation_position="bottom right")
    else:
        fig.add_hline(y=2, line=dict(color=GUIDELINE_COLOUR, width=2, dash="dash"),
                      annotation=dict(text="2% guideline", font=dict(size=13)), annotation_position="bottom right")


# ---------------------------------------------------------------------------
# 2% tracker: each Ally, base year vs focus year


def dumbbell_chart(tracker: pd.DataFrame) -> go.Figure:
    """Each Ally's share in the base year (small open circle) and in the focus year (diamond if at or above 2%), sorted."""
    if tracker.empty:
        return _layout(go.Figure(), "No shares of GDP to show", 200)
    base_label, focus_label = tracker["base_year"].iloc[0], tracker["year"].iloc[0]
    names = [f"{a} *" if law else a for a, law in zip(tracker["ally"], tracker["national_2pct_law"])]
    fig = go.Figure()
    xs: list[float | None] = []
    ys: list[str | None] = []
    for name, base, value in zip(names, tracker["base_value"], tracker["value"]):
        xs += [base, value, None]
        ys += [name, name, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#B0B0B0", width=3), hoverinfo="skip",
                             showlegend=False))
    fig.add_trace(go.Scatter(
        x=tracker["base_value"], y=names, mode="markers", name=f"{base_label}",
        marker=dict(symbol="circle", size=9, color=GREY, line=dict(color=GREY, width=1)),
        customdata=tracker[["base_cell", "base_shown", "base_citation"]].to_numpy(),
        hovertemplate="%{y}, " + base_label + ": <b>%{customdata[1]}</b><br>%{customdata[2]}"
                      "<br><i>click for the cell</i><extra></extra>",
    ))
    for meets, (symbol, colour, words) in ((True, MEETS), (False, BELOW)):
        part = tracker[tracker["meets"] == meets]
        if part.empty:
            continue
        part_names = [n for n, m in zip(names, tracker["meets"]) if m == meets]
        fig.add_trace(go.Scatter(
            x=part["value"], y=part_names, mode="markers+text", name=f"{focus_label}, {words}",
            marker=dict(symbol=symbol, size=13, color=colour, line=dict(color=colour, width=2.5)),
            text=[f"{s}{' ✓' if meets else ''}" for s in part["shown"]], textposition="middle right",
            textfont=dict(size=12), cliponaxis=False,
            customdata=part[["cell", "shown", "citation"]].to_numpy(),
            hovertemplate="%{y}, " + focus_label + f": <b>%{{customdata[1]}}</b> ({words})<br>%{{customdata[2]}}"
                          "<br><i>click for the cell</i><extra></extra>",
        ))
    _guideline(fig, "x")
    top = max(float(tracker["value"].max()), float(tracker["base_value"].max()))
    fig.update_xaxes(title_text="defence expenditure, % of GDP", range=[0, top * 1.18], zeroline=True,
                     ticksuffix="%")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, tickfont=dict(size=13))
    title = f"Each Ally's share of GDP: {base_label} and {focus_label}"
    fig = _layout(fig, title, 130 + 24 * len(tracker))
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text=""),
                      margin=dict(l=10, r=20, t=95, b=40))
    return fig


def dumbbell_text(tracker: pd.DataFrame) -> str:
    if tracker.empty:
        return "No shares of GDP to show."
    base_label, focus_label = tracker["base_year"].iloc[0], tracker["year"].iloc[0]
    meets = int(tracker["meets"].sum())
    lines = [f"Defence expenditure as a share of GDP, {base_label} and {focus_label}, from NATO's Table 3, highest "
             f"first. {meets} of {len(tracker)} Allies are at or above 2% in {focus_label}."]
    for row in tracker.itertuples():
        status = "at or above 2%" if row.meets else "below 2%"
        lines.append(f"{row.ally}: {row.base_shown} in {base_label}, {row.shown} in {focus_label} ({status}).")
    return " ".join(lines)


# ---------------------------------------------------------------------------
# 2% tracker: how many Allies, per year, and what NATO said


SAID_VERBS = {"expectation": "expected", "estimate": "estimated"}


def _said_offset(kind: str) -> float:
    # Said markers sit just beside the year they are about, so they never hide the counted point.
    return {"expectation": -0.35, "actual": 0.35, "estimate": 0.35}.get(kind, 0.35)


def _said_short(row) -> str:
    """The label beside a said marker: 'expected 18 (Feb 2024)'."""
    verb = SAID_VERBS.get(row.kind, "said")
    return f"{verb} {int(row.value)} ({short_date(row.date_published).split(' ', 1)[1]})"


def guideline_count_chart(counts: pd.DataFrame, said: pd.DataFrame, edition: str,
                          selected_year: int | None = None) -> go.Figure:
    """Allies at or above 2% per year, counted in the edition's Table 3 (line and circles), and NATO's said counts beside it."""
    fig = go.Figure()
    if counts.empty and said.empty:
        return _layout(fig, "No counts to show", 200)
    if not counts.empty:
        fig.add_trace(go.Scatter(
            x=counts["year"], y=counts["allies"], mode="lines+markers+text",
            name=f"Counted by us in NATO's {edition} Table 3",
            line=dict(color=BLUE, width=3),
            marker=dict(symbol=["circle-open" if e else "circle" for e in counts["estimate"]], size=12,
                        color=BLUE, line=dict(color=BLUE, width=2.5)),
            text=[str(n) for n in counts["allies"]], textposition="top center", textfont=dict(size=14),
            customdata=[[f"count-{y}", label, cells] for y, label, cells in
                        zip(counts["year"], counts["year_label"], counts["cells"])],
            hovertemplate="<b>%{y} Allies</b> at or above 2% in %{customdata[1]}<br>counted in cells "
                          "%{customdata[2]}<br><i>click for the list</i><extra></extra>",
        ))
        if selected_year is not None and (counts["year"] == selected_year).any():
            row = counts[counts["year"] == selected_year].iloc[0]
            fig.add_trace(go.Scatter(x=[row["year"]], y=[row["allies"]], mode="markers", hoverinfo="skip",
                                     showlegend=False, marker=dict(symbol="circle-open", size=24,
                                                                   color=GUIDELINE_COLOUR, line=dict(width=2))))
    for row in said.itertuples():
        symbol = SAID_SYMBOLS.get(row.kind, "square")
        colour = SAID_COLOURS.get(row.kind, ORANGE)
        fig.add_trace(go.Scatter(
            x=[row.year + _said_offset(row.kind)], y=[row.value], mode="markers+text",
            name=f"NATO {row.said}",  # 'NATO expected 18, 15 Feb 2024'
            marker=dict(symbol=symbol, size=19, color=colour, line=dict(color=BLACK, width=1.5)),
            text=[_said_short(row)], textposition="middle left" if _said_offset(row.kind) < 0 else "middle right",
            textfont=dict(size=13), cliponaxis=False,
            customdata=[[row.figure_id, row.quote, row.document_title]],
            # The verb by the figure's kind: 18 for 2024 was an expectation, not a result NATO reported.
            hovertemplate=f"<b>NATO {SAID_VERBS.get(row.kind, 'said')} %{{y:.0f}}</b>: “%{{customdata[1]}}”<br>%{{customdata[2]}}"
                          "<br><i>click for the sentence</i><extra></extra>",
        ))
    years = sorted(set(counts["year"]) | set(said["year"] if not said.empty else []))
    labels = {int(y): label for y, label in zip(counts["year"], counts["year_label"])} if not counts.empty else {}
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[labels.get(int(y), str(y)) for y in years],
                     range=[min(years) - 0.7, max(years) + 3.2], title_text="year (e: NATO's estimate)")
    top = max([*counts["allies"], *(said["value"] if not said.empty else [])] or [1])
    fig.update_yaxes(title_text="Allies at or above 2% of GDP", range=[0, top * 1.2], dtick=5)
    fig = _layout(fig, "How many Allies spend at least 2% of GDP", 440)
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=0.98, x=0.01, bgcolor="rgba(128,128,128,0.12)",
                                  font=dict(size=12)))
    return fig


def guideline_count_text(counts: pd.DataFrame, said: pd.DataFrame, edition: str) -> str:
    parts = []
    if not counts.empty:
        parts.append(f"Allies at or above 2% of GDP, counted by us in NATO's {edition} Table 3: " + ", ".join(
            f"{label}: {n}" for label, n in zip(counts["year_label"], counts["allies"])) + ".")
    for row in said.itertuples():
        parts.append(f"NATO {SAID_VERBS.get(row.kind, 'said')} {int(row.value)} for {row.year} ({row.producer}, "
                     f"{short_date(row.date_published)}): "
                     f"“{row.quote}”")
    return " ".join(parts) or "No counts to show."


# ---------------------------------------------------------------------------
# One Ally: a chart per indicator, each point its cell


def series_chart(series: pd.DataFrame, indicator: Indicator, ally: str) -> go.Figure:
    """One indicator of one Ally over the years: markers on a line, estimates as open markers."""
    fig = go.Figure()
    if series.empty:
        return _layout(fig, f"{indicator.label}: no values", 200)
    unit = indicator.unit
    # Money in billions, except a small budget, kept in NATO's own millions.
    big = unit == "usd_million" and float(series["value"].max()) >= 10_000
    scale, axis = (1 / 1000, "billion US dollars") if big else (1, indicator.unit_label)
    y = series["value"] * scale
    shown = [format_value(v, unit, indicator.decimals) for v in series["value"]]
    labels = [year_label(int(a), bool(b)) for a, b in zip(series["year"], series["estimate"])]
    custom = [[c, s, label, cite] for c, s, label, cite in zip(series["cell"], shown, labels, series["citation"])]
    common = dict(customdata=custom,
                  hovertemplate="%{customdata[2]}: <b>%{customdata[1]}</b><br>%{customdata[3]}"
                                "<br><i>click for the cell</i><extra></extra>")
    if unit == "percent_change":
        colours = [BLUE if v >= 0 else VERMILION for v in series["value"]]
        fig.add_trace(go.Bar(x=series["year"], y=y, name=indicator.label, showlegend=False,
                             marker=dict(color=colours, line=dict(color=BLACK, width=1),
                                         pattern=dict(shape=["/" if e else "" for e in series["estimate"]],
                                                      solidity=0.3)),
                             text=shown, textposition="outside", cliponaxis=False, **common))
        fig.add_hline(y=0, line=dict(color=GUIDELINE_COLOUR, width=1))
    else:
        fig.add_trace(go.Scatter(
            x=series["year"], y=y, mode="lines+markers", name=indicator.label, showlegend=False,
            line=dict(color=BLUE, width=3),
            marker=dict(symbol=["circle-open" if e else "circle" for e in series["estimate"]], size=11,
                        color=BLUE, line=dict(color=BLUE, width=2.5)), **common))
        last = series.iloc[-1]
        text = billions(last["value"]) if big else shown[-1]
        fig.add_annotation(x=last["year"], y=float(last["value"]) * scale, text=text, showarrow=False,
                           yshift=18, font=dict(size=14))
    if unit == "percent_of_gdp":
        _guideline(fig, "y")
        fig.update_yaxes(range=[0, max(2.4, float(series["value"].max()) * 1.2)], ticksuffix="%")
    elif unit != "percent_change":
        fig.update_yaxes(rangemode="tozero")
    else:
        low, high = float(series["value"].min()), float(series["value"].max())
        pad = max(5.0, (high - low) * 0.2)
        fig.update_yaxes(range=[min(0.0, low) - pad, max(0.0, high) + pad])
    fig.update_xaxes(tickmode="array", tickvals=list(series["year"]), ticktext=labels, tickangle=0,
                     tickfont=dict(size=12))
    fig.update_yaxes(title_text=axis)
    return _layout(fig, indicator.label, 340, margin=dict(l=10, r=20, t=50, b=30))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def series_text(series: pd.DataFrame, indicator: Indicator, ally: str) -> str:
    if series.empty:
        return f"{ally}: no values for {_lower_first(indicator.label)}."
    values = ", ".join(f"{year_label(int(r.year), bool(r.estimate))}: {format_value(r.value, r.unit, indicator.decimals)}"
                       for r in series.itertuples())
    basis = f" at {PRICE_WORDS[indicator.price_basis]}" if indicator.price_basis in PRICE_WORDS else ""
    return (f"{ally}, {_lower_first(indicator.label)} ({indicator.unit_label}{basis if indicator.unit == 'usd_million' else ''}),"
            f" from NATO's {indicator.table}: {values}. Years marked e are NATO's estimates.")

