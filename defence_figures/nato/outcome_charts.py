"""A claim's record in time as a chart, in words and as rows: steps in, a Plotly figure or plain rows out; pure.

Each point carries in customdata[0] where it comes from: a curated figure id (its sentence) or
"check:<id>" (a count of NATO's tables). Nothing is told by colour alone: each kind of evidence
has its own marker shape and its own words in the legend; a step that rests on a press report
is an open marker, because it is less sure than NATO's own record.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from defence_figures.corpus.claims import EVIDENCE, OUTCOME_VERDICTS, Claim
from defence_figures.corpus.render import PALETTE
from defence_figures.nato.outcomes import Step, chain
from defence_figures.nato.queries import month_year

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = PALETTE
# evidence -> (colour, marker symbol, legend words); the order is the legend's.
EVIDENCE_STYLE: dict[str, tuple[str, str, str]] = {
    "said": (PINK, "triangle-up", "NATO said (the claim)"),
    "tables": (BLUE, "square", "NATO's tables (estimates)"),
    "official": (GREEN, "diamond", "NATO's later record"),
    "press": (VERMILION, "circle-open", "a press report of a NATO record not stored here"),
}
STAGE_WORDS = {"said": "NATO said", "restated": "NATO said it again", "outcome": "Later record"}
CHECK_PREFIX = "check:"


def evidence_words(step: Step) -> str:
    """What a step rests on, in words: the claim itself, or a key of EVIDENCE."""
    return "NATO's claim, as first made" if step.evidence == "said" and step.stage == "said" else (
        "NATO repeating its claim" if step.evidence == "said" else EVIDENCE[step.evidence])


def step_target(step: Step) -> str:
    """Where a step comes from, as a click hands it back: a figure id, or check:<id> for NATO's tables."""
    return step.figure_id or f"{CHECK_PREFIX}{step.check_id}"


def step_unit(step: Step, by_id: Mapping[str, Mapping[str, Any]], claim_unit: str) -> str:
    # A check's count was checked against the claim's unit when the claims were loaded (nato.outcomes.claim_problems).
    return by_id[step.figure_id]["unit"] if step.figure_id else claim_unit


def chart_steps(steps: list[Step], by_id: Mapping[str, Mapping[str, Any]]) -> list[Step]:
    """The steps a chart can draw on one axis: those with a number in the claim's own unit and of the same scope.

    A later number the curators judged not comparable (Europe and Canada for Europe alone) is left to the
    steps and the words: a line from one to the other would read as forecast and result.
    """
    if not steps:
        return []
    unit = step_unit(steps[0], by_id, "")
    return [s for s in steps if s.value is not None and s.verdict != "not_comparable"
            and step_unit(s, by_id, unit) == unit]


def outcome_chart(steps: list[Step], by_id: Mapping[str, Mapping[str, Any]], unit_label: str = "") -> go.Figure | None:
    """The claim's numbers in date order, one marker shape per kind of evidence; None with fewer than two numbers."""
    drawn = chart_steps(steps, by_id)
    if len(drawn) < 2:
        return None
    fig = go.Figure()
    # One thin line through every point in date order: the path from what was said to what happened.
    fig.add_trace(go.Scatter(x=[s.date for s in drawn], y=[s.value for s in drawn], mode="lines",
                             line=dict(color="#9A9A9A", width=2, dash="dot"), hoverinfo="skip", showlegend=False))
    labelled = _labelled(drawn)
    for evidence, (colour, symbol, words) in EVIDENCE_STYLE.items():
        part = [s for s in drawn if s.evidence == evidence]
        if not part:
            continue
        fig.add_trace(go.Scatter(
            x=[s.date for s in part], y=[s.value for s in part], mode="markers+text", name=words,
            text=[s.shown if id(s) in labelled else "" for s in part], textposition="top center",
            textfont=dict(size=15),
            marker=dict(symbol=symbol, size=16, color=colour, line=dict(color=colour, width=3)),
            customdata=[[step_target(s), s.source, s.kind_words, STAGE_WORDS[s.stage]] for s in part],
            hovertemplate="<b>%{text}</b> %{customdata[2]}<br>%{customdata[3]}: %{customdata[1]}, %{x}"
                          "<br><i>click for its source</i><extra></extra>",
        ))
    values = [s.value for s in drawn]
    low, high = min(values), max(values)
    fig.update_layout(
        height=360, margin=dict(l=10, r=20, t=30, b=40), font=dict(size=14), clickmode="event+select",
        hoverlabel=dict(align="left"), legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
        xaxis=dict(type="date", title=None),
        # Counts and amounts start from zero, so a rise from 18 to 23 is not drawn as a leap.
        yaxis=dict(title=unit_label or None, rangemode="tozero", range=[0, high * 1.25 if high > 0 else 1]
                   if low >= 0 else None),
    )
    return fig


def _labelled(drawn: list[Step]) -> set[int]:
    """The steps whose number is written beside its marker: each change of number once, as the chain reads.

    By value, not by words: "23 of 31 Allies" and "23 Allies" a day apart would print over each other.
    """
    shown: set[int] = set()
    last = None
    for step in drawn:
        if step.value != last:
            shown.add(id(step))
        last = step.value
    return shown


def chart_words(claim: Claim, steps: list[Step]) -> str:
    """The chart in words: its accessible name, and the text under it."""
    parts = [f"{claim.short}: {chain(steps)}."]
    for step in steps:
        if step.stage == "restated":
            continue
        verdict = f" ({OUTCOME_VERDICTS[step.verdict].rstrip('.')})" if step.verdict else ""
        press = " This rests on a press report." if step.rests_on_press else ""
        parts.append(f"{month_year(step.date)}: {step.shown} {step.kind_words}, {step.source}{verdict}.{press}")
    return " ".join(parts)


def step_rows(claim: Claim, steps: list[Step], by_id: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """One row per step with its provenance: the Outcomes page's CSV and JSON."""
    rows = []
    for step in steps:
        row = by_id.get(step.figure_id) if step.figure_id else None
        rows.append({
            "claim_id": claim.id, "claim": claim.claim, "stage": step.stage, "date": step.date,
            "shown": step.shown, "value": step.value, "kind": step.kind_words, "source": step.source,
            "evidence": step.evidence, "evidence_words": evidence_words(step),
            "rests_on_press_report": step.rests_on_press, "verdict": step.verdict, "difference": step.difference,
            "figure_id": step.figure_id, "check_id": step.check_id,
            "quote": row["quote"] if row else "", "document_id": row["document_id"] if row else "",
            "cells": " ".join(step.cells),
            "citation": step.citation or (row["citation_full"] if row else ""),
            "url": (row["url_main"] or "") if row else "",
        })
    return rows
