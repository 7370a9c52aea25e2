"""A claim's record in time: what NATO said, what its tables counted and what later records say, each with its source."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from defence_figures.corpus.claims import Claim, numeric_verdict_problem
from defence_figures.corpus.model import QUALIFIERS, Figure
from defence_figures.nato.checks import Check, FactCheck
from defence_figures.nato.queries import month_year
from defence_figures.validation import Problem

# How each step of a claim's record is named, by the kind of its figure: "18 expected", "23 estimated".
KIND_WORDS = {
    "expectation": "expected",
    "estimate": "estimated",
    "actual": "reached",
    "target": "set as a target",
    "goal": "set as a goal",
    "change": "changed",
}


@dataclass(frozen=True, slots=True)
class Step:
    stage: str  # "said" (the first appearance), "restated" or "outcome"
    shown: str  # the number as a reader sees it, with its unit: "18 Allies", "more than $600 billion"
    number: str  # the bare number, for a chain of steps: "18", "600", "+9.26%"
    value: float | None
    kind_words: str  # "expected", "estimated", "reached", "counted"
    date: str  # YYYY-MM-DD: the document's publication, or the tables' edition
    source: str  # who says it
    evidence: str  # "said" for NATO's claim itself, else a key of corpus.claims.EVIDENCE
    verdict: str = ""  # an outcome's verdict against the claim
    difference: str = ""
    figure_id: str = ""
    check_id: str = ""
    cells: tuple[str, ...] = ()  # for a count of NATO's tables: the cells it is counted from
    citation: str = ""

    @property
    def rests_on_press(self) -> bool:
        return self.evidence == "press"


def _figure_step(stage: str, row: Mapping[str, Any], evidence: str, verdict: str = "", difference: str = "") -> Step:
    value = row["value"]
    # What NATO said is "said" unless it was a forecast: a past count or a change is not "reached" by saying it.
    words = KIND_WORDS[row["kind"]] if stage == "outcome" or row["kind"] in ("expectation", "estimate") else "said"
    # The qualifier stays with the bare number: "approximately 90,000 → more than 90,000" is a change a chain shows.
    number = f"{QUALIFIERS[row['qualifier']]} {row['value_text']}".strip() if row["value_text"] else row["display_value"]
    return Step(stage, row["display_value"], number,
                None if value != value else float(value), words, row["date_published"], row["source_name"], evidence,
                verdict, difference, figure_id=row["figure_id"])


def claim_steps(claim: Claim, by_id: Mapping[str, Mapping[str, Any]], checks: Mapping[str, Check]) -> list[Step]:
    """The claim's first appearance, NATO's restatements and its outcomes, in date order (ties keep curated order)."""
    steps = [_figure_step("said", by_id[claim.first_appearance], "said")]
    steps += [_figure_step("restated", by_id[figure_id], "said") for figure_id in claim.restated]
    for outcome in claim.outcomes:
        if outcome.figure_id:
            steps.append(_figure_step("outcome", by_id[outcome.figure_id], outcome.evidence, outcome.verdict,
                                      outcome.difference))
            continue
        check = checks.get(outcome.check_id)
        if check is None:  # not built: claim_problems names why
            continue
        first = check.evidence[0]
        steps.append(Step("outcome", first.shown, first.shown.split(" of ")[0], float(first.value), "counted", check.edition_date,
                          f"NATO's tables, {month_year(check.edition_date)}", "tables", outcome.verdict,
                          outcome.difference, check_id=check.item, cells=tuple(first.cells), citation=first.citation))
    return sorted(steps, key=lambda s: s.date)


def chain(steps: list[Step]) -> str:
    """'18 → 23 → 22': the said number, then each outcome that changed it (restatements and repeats left out)."""
    numbers: list[str] = []
    for step in steps:
        # A record of another group or period is no step of this number's: "380 → 486" would read as a revision.
        if step.stage == "restated" or step.verdict == "not_comparable" or (numbers and step.number == numbers[-1]):
            continue
        numbers.append(step.number)
    return " → ".join(numbers)


# Outcomes that say what became of the claim's own number; not_comparable ones count something else.
_COMPARABLE = ("same", "higher", "lower", "consistent")


def headline(steps: list[Step]) -> str:
    """One line for the Overview: '18 Allies expected → 22 Allies reached (reported, April 2025)'."""
    said = steps[0]
    outcomes = [s for s in steps if s.stage == "outcome"]
    comparable = [s for s in outcomes if s.verdict in _COMPARABLE]
    if not comparable:
        if outcomes:
            return f"{said.shown} {said.kind_words}; later records count another group or period (see the outcomes)"
        return f"{said.shown} {said.kind_words}; no later record stored yet"
    last = comparable[-1]
    where = "as reported" if last.rests_on_press else "NATO"
    return f"{said.shown} {said.kind_words} → {last.shown} {last.kind_words} ({where}, {month_year(last.date)})"


def claim_problems(claims: Mapping[str, Claim], fact_check: FactCheck, figures: Mapping[str, Figure]) -> list[Problem]:
    """Outcomes that name a check of NATO's tables: the check must be built, and its count bear the verdict out."""
    built = {check.item: check for check in fact_check.checks}
    problems = []
    for claim in claims.values():
        first = figures[claim.first_appearance]
        for index, outcome in enumerate(claim.outcomes):
            if not outcome.check_id or outcome.location is None:
                continue
            where = outcome.location
            what = f"claim '{claim.id}': outcome {index + 1}"
            check = built.get(outcome.check_id)
            if check is None:
                known = ", ".join(sorted(built)) or "none"
                problems.append(Problem(where.path, where.line, where.column,
                                        f"{what}: the check '{outcome.check_id}' is not among the fact checks built from "
                                        f"NATO's tables (built: {known})"))
                continue
            counted = Decimal(str(check.evidence[0].value))
            message = numeric_verdict_problem(outcome.verdict, first, counted, figures[check.figure_id].unit)
            if message:
                problems.append(Problem(where.path, where.line, where.column, f"{what}: {message}"))
    return problems

