"""Coverage, a claim's steps in time, and every number accounted for, on the tiny corpus of tests/fixtures/claims/.

The fixture (described in tests/test_claims_model.py) has three outlets: a statement (stm-, complete) that
carries the 18 twice, a headline faithful and a body whose meaning differs; a complete report (wire-) that
carries the 18 faithfully and lost the 600; and a report excerpt (blog-) that lost the ten billion.
Expected values are written out, never computed by the code under test.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO, load_root
from defence_figures.corpus.accounting import unaccounted_numbers
from defence_figures.corpus.claims import load_claims
from defence_figures.corpus.coverage import Cell, OutletRow, claim_summary, coverage, outlets
from defence_figures.nato.outcomes import Step, chain, claim_problems, claim_steps, headline

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
STM, WIRE, BLOG = "stm-2024-02-16-agency", "wire-2024-02-14-stoltenberg", "blog-2024-02-15-contracts"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CLAIMS_FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture(scope="module")
def loaded():
    result = load_root(CLAIMS_FIXTURE)
    claims = load_claims(result.corpus, result.withheld_figures, CLAIMS_FIXTURE)
    assert result.problems == [] and claims.problems == []
    return result.corpus, claims.claims


# --- coverage -----------------------------------------------------------------------------------------------------


def test_outlets_are_the_statement_then_reports_by_date(loaded):
    corpus, claims = loaded
    assert outlets(corpus, claims) == [STM, WIRE, BLOG]


def test_coverage_statuses(loaded):
    corpus, claims = loaded
    rows = coverage(corpus, claims)
    assert [(row.outlet, [(c.claim, c.status, c.figure_ids) for c in row.cells]) for row in rows] == [
        (STM, [
            # headline faithful, body meaning_differs: the cell shows the furthest from NATO's words, worst first
            ("eighteen-allies", "meaning_differs", ("stm-18-body", "stm-18-headline")),
            ("six-hundred-billion", "not_reported", ()),
            ("ten-billion-contracts", "not_reported", ()),
        ]),
        (WIRE, [
            ("eighteen-allies", "faithful", ("wire-18-allies",)),
            ("six-hundred-billion", "number_missing", ("wire-600-missing",)),
            ("ten-billion-contracts", "not_reported", ()),  # a complete text that does not give it
        ]),
        (BLOG, [
            ("eighteen-allies", "not_in_excerpt", ()),  # an excerpt: the rest of the text may give it
            ("six-hundred-billion", "not_in_excerpt", ()),
            ("ten-billion-contracts", "number_missing", ("blog-10-missing",)),
        ]),
    ]


def test_row_summaries(loaded):
    corpus, claims = loaded
    rows = coverage(corpus, claims)
    assert [(row.outlet, row.carried, row.faithful, row.summary()) for row in rows] == [
        (STM, 1, 0, "0 of 1 faithful (1 meaning differs)"),
        (WIRE, 2, 1, "1 of 2 faithful (1 number lost)"),
        (BLOG, 1, 0, "0 of 1 faithful (1 number lost)"),
    ]


def test_claim_summaries(loaded):
    corpus, claims = loaded
    rows = coverage(corpus, claims)
    assert [claim_summary(rows, claim_id) for claim_id in claims] == [
        "carried by 2 of 3 outlets, 1 faithfully",
        "carried by 1 of 3 outlets, 0 faithfully",
        "carried by 1 of 3 outlets, 0 faithfully",
    ]


def test_summary_of_literal_rows():
    row = OutletRow("o", (
        Cell("o", "a", "faithful", ("f1",)), Cell("o", "b", "reworded", ("f2",)),
        Cell("o", "c", "meaning_differs", ("f3",)), Cell("o", "d", "number_missing", ("f4",)),
        Cell("o", "e", "faithful", ("f5",)), Cell("o", "f", "not_reported"), Cell("o", "g", "not_in_excerpt"),
    ))
    assert row.summary() == "2 of 5 faithful (1 reworded, 1 meaning differs, 1 number lost)"
    assert OutletRow("o", (Cell("o", "a", "not_reported"),)).summary() == "carries none of these claims"
    assert OutletRow("o", (Cell("o", "a", "faithful", ("f1",)),)).summary() == "1 of 1 faithful"


def test_coverage_of_one_claim_leaves_the_other_outlets_out(loaded):
    corpus, claims = loaded
    rows = coverage(corpus, {"ten-billion-contracts": claims["ten-billion-contracts"]})
    assert [(row.outlet, [c.status for c in row.cells]) for row in rows] == [(BLOG, ["number_missing"])]


# --- a claim's steps: said, restated, outcome ---------------------------------------------------------------------


def step(stage: str, shown: str, value: float, kind_words: str, date: str, evidence: str, **more) -> Step:
    return Step(stage, shown, shown.split()[0], value, kind_words, date, "source", evidence, **more)


SAID = step("said", "18 Allies", 18.0, "expected", "2024-02-14", "said")
RESTATED = step("restated", "18 Allies", 18.0, "expected", "2024-02-15", "said")
TABLES = step("outcome", "23 of 31 Allies", 23.0, "counted", "2024-06-17", "tables", verdict="higher")
JUNE = step("outcome", "23 Allies", 23.0, "estimated", "2024-06-18", "official", verdict="higher")
OFFICIAL = step("outcome", "22 Allies", 22.0, "reached", "2025-04-24", "official", verdict="higher")
PRESS = step("outcome", "22 Allies", 22.0, "reached", "2025-04-25", "press", verdict="higher")
OTHER_GROUP = step("outcome", "$486 billion", 486.0, "reached", "2025-04-24", "official", verdict="not_comparable")


def test_chain_leaves_out_restatements_and_repeats_of_a_value():
    assert chain([SAID, RESTATED, TABLES, JUNE, OFFICIAL]) == "18 → 23 → 22"
    assert chain([SAID, RESTATED]) == "18"
    assert chain([SAID, OFFICIAL, PRESS]) == "18 → 22"


def test_headline():
    assert headline([SAID, RESTATED, TABLES, OFFICIAL]) == "18 Allies expected → 22 Allies reached (NATO, April 2025)"
    assert headline([SAID, OFFICIAL, PRESS]) == "18 Allies expected → 22 Allies reached (as reported, April 2025)"
    assert headline([SAID, TABLES]) == "18 Allies expected → 23 of 31 Allies counted (NATO, June 2024)"
    assert headline([SAID, RESTATED]) == "18 Allies expected; no later record stored yet"
    assert headline([SAID, OTHER_GROUP]) == (
        "18 Allies expected; later records count another group or period (see the outcomes)")


def row(figure_id: str, value: float, shown: str, kind: str, date: str, source: str) -> dict:
    return {"figure_id": figure_id, "value": value, "display_value": shown, "kind": kind, "date_published": date,
            "source_name": source, "value_text": "" if value != value else f"{value:g}", "qualifier": "exact"}


def test_claim_steps_in_date_order(loaded):
    _, claims = loaded
    by_id = {
        "rec-18-allies": row("rec-18-allies", 18.0, "18 Allies", "expectation", "2024-02-14", "NATO"),
        "rec2-18-allies": row("rec2-18-allies", 18.0, "18 Allies", "expectation", "2024-02-15", "NATO"),
        "out-22-allies": row("out-22-allies", 22.0, "22 Allies", "actual", "2025-04-24", "NATO"),
    }
    steps = claim_steps(claims["eighteen-allies"], by_id, {})
    assert [(s.stage, s.shown, s.value, s.kind_words, s.date, s.evidence, s.verdict, s.figure_id) for s in steps] == [
        ("said", "18 Allies", 18.0, "expected", "2024-02-14", "said", "", "rec-18-allies"),
        ("restated", "18 Allies", 18.0, "expected", "2024-02-15", "said", "", "rec2-18-allies"),
        ("outcome", "22 Allies", 22.0, "reached", "2025-04-24", "official", "higher", "out-22-allies"),
    ]
    assert chain(steps) == "18 → 22"
    assert headline(steps) == "18 Allies expected → 22 Allies reached (NATO, April 2025)"


def test_claim_steps_of_a_lost_number_has_no_value(loaded):
    """A NaN value (a lost number in the figures frame) becomes None, never a plotted 0."""
    _, claims = loaded
    by_id = {"rec-10-billion": row("rec-10-billion", float("nan"), "“worth billion” (number lost)", "actual",
                                   "2024-02-14", "NATO")}
    steps = claim_steps(claims["ten-billion-contracts"], by_id, {})
    assert [(s.stage, s.shown, s.value, s.kind_words) for s in steps] == [
        ("said", "“worth billion” (number lost)", None, "said")]


def claim_with_check(root: Path, check: str, verdict: str):
    (root / "curated" / "claims" / "claims.yaml").write_text(
        "schema_version: 1\nclaims:\n  - id: eighteen-allies\n    claim: \"18.\"\n    short: \"18\"\n"
        "    author: \"NATO\"\n    topic: two-percent-guideline\n    first_appearance: rec-18-allies\n"
        f"    outcomes:\n      - check: {check}\n        verdict: {verdict}\n", encoding="utf-8")
    result = load_root(root)
    claims = load_claims(result.corpus, result.withheld_figures, root)
    assert claims.problems == []
    return claims.claims, result.corpus.figures


def fact_check(*counts: tuple[str, float]):
    """Stand-ins for nato.checks.FactCheck: only what claim_problems reads (item, figure_id, evidence[0].value)."""
    return SimpleNamespace(checks=[SimpleNamespace(item=item, figure_id="rec-18-allies",
                                                   evidence=[SimpleNamespace(value=value)]) for item, value in counts])


def test_claim_problems_check_not_built(root):
    claims, figures = claim_with_check(root, "allies-at-2pct-2024", "higher")
    assert [str(p) for p in claim_problems(claims, fact_check(), figures)] == [
        "curated/claims/claims.yaml:10:9: claim 'eighteen-allies': outcome 1: the check 'allies-at-2pct-2024' is not "
        "among the fact checks built from NATO's tables (built: none)",
    ]
    assert [str(p) for p in claim_problems(claims, fact_check(("allies-at-2pct-2014", 3)), figures)] == [
        "curated/claims/claims.yaml:10:9: claim 'eighteen-allies': outcome 1: the check 'allies-at-2pct-2024' is not "
        "among the fact checks built from NATO's tables (built: allies-at-2pct-2014)",
    ]


def test_claim_problems_count_against_the_verdict(root):
    claims, figures = claim_with_check(root, "allies-at-2pct-2024", "lower")
    assert [str(p) for p in claim_problems(claims, fact_check(("allies-at-2pct-2024", 23)), figures)] == [
        "curated/claims/claims.yaml:10:9: claim 'eighteen-allies': outcome 1: verdict lower, but the outcome's 23 "
        "against the claim's 18 is higher",
    ]
    claims, figures = claim_with_check(root, "allies-at-2pct-2024", "higher")
    assert claim_problems(claims, fact_check(("allies-at-2pct-2024", 23)), figures) == []


# --- every number accounted for -------------------------------------------------------------------------------------


def test_an_uncurated_number_is_located_in_its_text(loaded):
    corpus, _ = loaded
    assert [str(p) for p in unaccounted_numbers(corpus)] == [
        "data/sources/rec-2024-02-15-news.txt:3:55: \"3\" is a number no figure proves; curate it as a figure in "
        "curated/rec-2024-02-15-news.yaml, or list it there under not_figures with why it is not one (a date, an "
        "identifier)",
    ]


def test_not_figures_silence_it(root):
    path = root / "curated" / "rec-2024-02-15-news.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\nnot_figures:\n  - text: \"up from 3 in 2014\"\n    why: \"the Allies at 2% in 2014, "
                      "a figure of the claim's past, not curated here\"\n", encoding="utf-8")
    result = load_root(root)
    assert result.problems == []
    assert [(n.document_id, n.text, n.location.line) for n in result.corpus.not_figures] == [
        ("out-2025-04-24-report", "out of 32", 29),
        ("rec-2024-02-15-news", "up from 3 in 2014", 30),
        ("wire-2024-02-14-stoltenberg", "the 31 NATO members", 48),
    ]
    assert unaccounted_numbers(result.corpus) == []


def test_without_the_fixtures_not_figures_the_wholes_are_unaccounted(root):
    for name, entry in (("wire-2024-02-14-stoltenberg", "the 31 NATO members"), ("out-2025-04-24-report", "out of 32")):
        path = root / "curated" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[:text.index("\nnot_figures:")] + "\n", encoding="utf-8")
        assert entry in text
    result = load_root(root)
    assert result.problems == []
    assert [str(p) for p in unaccounted_numbers(result.corpus)] == [
        "data/sources/out-2025-04-24-report.txt:1:20: \"32\" is a number no figure proves; curate it as a figure in "
        "curated/out-2025-04-24-report.yaml, or list it there under not_figures with why it is not one (a date, an "
        "identifier)",
        "data/sources/rec-2024-02-15-news.txt:3:55: \"3\" is a number no figure proves; curate it as a figure in "
        "curated/rec-2024-02-15-news.yaml, or list it there under not_figures with why it is not one (a date, an "
        "identifier)",
        "data/sources/wire-2024-02-14-stoltenberg.txt:1:28: \"31\" is a number no figure proves; curate it as a figure "
        "in curated/wire-2024-02-14-stoltenberg.yaml, or list it there under not_figures with why it is not one (a "
        "date, an identifier)",
    ]
