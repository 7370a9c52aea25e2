"""Reports, outcomes, lost numbers, not_figures and claims: each bad input's exact message at file:line:column.

Every test runs on a copy of tests/fixtures/claims/, a tiny corpus made up for these tests: NATO's record
(rec-*, primary) and its next-day restatement (rec2-*), a report that carries the 18 faithfully and lost
the 600 (wire-*, "over 0 billion"), a report excerpt that lost the ten billion (blog-*, "worth billion"),
a statement that carries the 18 twice (stm-*), NATO's later outcome (out-*) and three claims
(curated/claims/claims.yaml). A test breaks the copy, or adds curated/x.yaml (a one-figure document
written by `document` below, whose lines are fixed), and asserts the messages and what is withheld.
Expected values are written out, never computed by the code under test.
"""
from __future__ import annotations

import hashlib
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO, load_root
from defence_figures.corpus.claims import Appearance, load_claims
from defence_figures.corpus.model import figure_display

CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"
WIRE = "curated/wire-2024-02-14-stoltenberg.yaml"
BLOG = "curated/blog-2024-02-15-contracts.yaml"
OUT = "curated/out-2025-04-24-report.yaml"
CLAIMS = "curated/claims/claims.yaml"

ALL_FIGURES = [
    "blog-10-missing", "out-22-allies", "rec-18-allies", "rec-600-billion", "rec-10-billion", "rec2-18-allies",
    "stm-18-headline", "stm-18-body", "wire-18-allies", "wire-600-missing",
]
ALL_CLAIMS = ["eighteen-allies", "six-hundred-billion", "ten-billion-contracts"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CLAIMS_FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of old in a file of the copy."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def document(root: Path, text: str, *lines: str, role: str = "report", value: str = "0", unit: str = "usd_billion",
             qualifier: str = "more_than", quote: str = "") -> None:
    """curated/x.yaml, one document (lines 1-12) with one figure x-fig: `- id` on line 14, value on 16, quote on 24,
    then lines from line 25; its text data/sources/x.txt, whose sha256 is recorded."""
    (root / "data" / "sources" / "x.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    quote = quote or text.strip()
    head = textwrap.dedent(f"""\
        schema_version: 1
        document:
          id: x-2024-02-20-doc
          role: {role}
          title: "X"
          producer: "X"
          date_published: "2024-02-20"
          url_main: null
          completeness: complete
          text: x.txt
          sha256: {sha}
          citation_full: "X."
        figures:
          - id: x-fig
            label: "X"
            value: {value}
            unit: {unit}
            qualifier: {qualifier}
            period: "2014/2024"
            scope: "Allies"
            kind: estimate
            basis: cumulative
            topic: defence-spending
            quote: "{quote}"
        """)
    (root / "curated" / "x.yaml").write_text(head + "".join(f"    {line}\n" for line in lines), encoding="utf-8")


def write(root: Path, name: str, content: str) -> None:
    (root / name).write_text(textwrap.dedent(content), encoding="utf-8")


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def load_all(root: Path):
    """The corpus and the claims, as validate reads them."""
    result = load_root(root)
    return result, load_claims(result.corpus, result.withheld_figures, root)


# --- the fixture itself ----------------------------------------------------------------------------------------


def test_fixture_loads_whole_with_both_lost_numbers():
    result, claims = load_all(CLAIMS_FIXTURE)
    assert messages(result) == []
    assert claims.problems == []
    assert list(result.corpus.figures) == ALL_FIGURES
    assert list(claims.claims) == ALL_CLAIMS
    assert claims.files == [CLAIMS]
    # "worth billion": no number at all, so value null
    blog = result.corpus.figures["blog-10-missing"]
    assert blog.value is None
    assert blog.verdict == "number_missing"
    assert blog.number_text == "worth billion"
    assert figure_display(blog) == "\u201cworth billion\u201d (number lost)"
    # "over 0 billion": the 0 as printed
    wire = result.corpus.figures["wire-600-missing"]
    assert wire.value == Decimal(0)
    assert wire.number_text == "over 0 billion"
    assert figure_display(wire) == "\u201cover 0 billion\u201d (number lost)"
    # a figure that kept its number is shown as its value
    assert figure_display(result.corpus.figures["rec-600-billion"]) == "more than $600 billion"


def test_document_roles_title_sources_and_date_bases_load():
    result = load_root(CLAIMS_FIXTURE)
    documents = result.corpus.documents
    assert {d: (documents[d].role, documents[d].title_source, documents[d].date_basis) for d in documents} == {
        "blog-2024-02-15-contracts": ("report", "supplied", "inferred"),
        "out-2025-04-24-report": ("outcome", "published", "published"),
        "rec-2024-02-14-transcript": ("primary", "published", "published"),
        "rec-2024-02-15-news": ("primary", "published", "published"),
        "stm-2024-02-16-agency": ("statement", "published", "published"),
        "wire-2024-02-14-stoltenberg": ("report", "page_address", "published"),
    }


def test_part_of_whole_counts_what_the_whole_counts():
    """"18 of the 31 NATO members" and "22 out of 32 NATO countries" prove Allies: the noun follows the whole."""
    figures = load_root(CLAIMS_FIXTURE).corpus.figures
    assert figures["wire-18-allies"].number_text == "18"
    assert figures["wire-18-allies"].value == Decimal(18)
    assert figures["out-22-allies"].number_text == "22"
    assert figures["out-22-allies"].value == Decimal(22)


def test_part_of_whole_with_a_word_before_the_whole(root):
    document(root, "In 2024, 18 of the alliance's 31 countries met the guideline.\n", value="18", unit="allies",
             qualifier="exact")
    result = load_root(root)
    assert messages(result) == []
    assert result.corpus.figures["x-fig"].number_text == "18"


def test_part_of_whole_still_needs_the_noun(root):
    document(root, "In 2024, 18 of the 31 NATO ships sailed.\n", value="18", unit="allies", qualifier="exact")
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:17:11: figure 'x-fig': the unit allies counts allies, ally, member states, members, countries, "
        "nations, states, but in the quote \"18\" is followed by \"of the 31 NATO\"; \"31\" is followed by \"NATO ships "
        "sailed.\"; check the unit or add number_text",
    ]
    assert result.withheld_figures == ["x-fig"]


# --- a lost number (verdict number_missing) ----------------------------------------------------------------------

LOST = "Allies have invested over 0 billion in defence.\n"


def test_number_missing_needs_number_text(root):
    document(root, LOST, "reports: rec-600-billion", "verdict: number_missing", 'difference: "d"')
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:26:14: figure 'x-fig': verdict number_missing needs 'number_text', the words of the quote "
        "where the number stands (\"over 0 billion\", \"worth billion\")",
    ]
    assert result.withheld_figures == ["x-fig"]
    assert "x-2024-02-20-doc" in result.corpus.documents  # the document itself is sound


def test_value_null_needs_verdict_number_missing(root):
    document(root, LOST, value="null")
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:16:12: figure 'x-fig': value is null, which only a figure with verdict number_missing may be "
        "(its text prints no number); write the number the quote writes",
    ]
    assert result.withheld_figures == ["x-fig"]


def test_value_null_with_another_verdict_is_refused_too(root):
    document(root, LOST, "number_text: \"over 0 billion\"", "reports: rec-600-billion", "verdict: meaning_differs",
             'difference: "d"', value="null")
    assert messages(load_root(root)) == [
        "curated/x.yaml:16:12: figure 'x-fig': value is null, which only a figure with verdict number_missing may be "
        "(its text prints no number); write the number the quote writes",
    ]


def test_number_text_of_a_lost_number_must_be_in_the_quote(root):
    document(root, LOST, 'number_text: "over 6 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"')
    assert messages(load_root(root)) == [
        "curated/x.yaml:25:18: figure 'x-fig': number_text \"over 6 billion\" is not in the quote; copy the words where "
        "the number stands from the quote",
    ]


def test_value_null_but_number_text_prints_a_number(root):
    document(root, LOST, 'number_text: "over 0 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"', value="null")
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:16:12: figure 'x-fig': value is null, but number_text writes \"over 0 billion\"; set value: 0 "
        "(the number as printed)",
    ]
    assert result.withheld_figures == ["x-fig"]


def test_value_not_what_number_text_prints(root):
    document(root, LOST, 'number_text: "over 0 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"', value="5")
    assert messages(load_root(root)) == [
        "curated/x.yaml:16:12: figure 'x-fig': value 5 is not what number_text prints (\"over 0 billion\"); write the "
        "number as printed, or null when none is",
    ]


def test_value_given_where_number_text_prints_none(root):
    document(root, "NATO has agreed contracts worth billion.\n", 'number_text: "worth billion"',
             "reports: rec-10-billion", "verdict: number_missing", 'difference: "d"', value="10", qualifier="exact")
    assert messages(load_root(root)) == [
        "curated/x.yaml:16:12: figure 'x-fig': value 10 is not what number_text prints (no number); write the number "
        "as printed, or null when none is",
    ]


PRINTED = "Allies have invested over 600 billion in defence.\n"


def test_number_missing_with_the_records_own_value(root):
    document(root, PRINTED, 'number_text: "over 600 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"', value="600")
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:26:14: figure 'x-fig': verdict number_missing but the report prints the record's 600; use "
        "faithful, reworded or meaning_differs",
    ]
    assert result.withheld_figures == ["x-fig"]


def test_value_null_suggests_the_value_in_the_figures_unit(root):
    document(root, PRINTED, 'number_text: "over 600 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"', value="null")
    assert messages(load_root(root)) == [
        "curated/x.yaml:16:12: figure 'x-fig': value is null, but number_text writes \"over 600 billion\"; set value: 600 "
        "(the number as printed)",
    ]


def test_number_missing_with_the_records_number_unscaled_is_refused(root):
    document(root, PRINTED, 'number_text: "over 600 billion"', "reports: rec-600-billion", "verdict: number_missing",
             'difference: "d"', value="600000000000")
    result = load_root(root)
    assert result.withheld_figures == ["x-fig"]
    assert "x-fig" not in result.corpus.figures


# --- which roles report which ---------------------------------------------------------------------------------------


def test_a_primary_documents_figure_cannot_report(root):
    document(root, "Allies have added more than 600 billion US dollars.\n", "reports: rec-600-billion",
             "verdict: faithful", value="600", role="primary")
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:25:14: figure 'x-fig': reports 'rec-600-billion', but its document is primary (NATO's own "
        "record of what was said); only a figure of a statement or a report reports a record's figure",
    ]
    assert result.withheld_figures == ["x-fig"]
    assert "x-2024-02-20-doc" in result.corpus.documents


def test_an_outcomes_figure_cannot_report(root):
    document(root, "Allies have added more than 600 billion US dollars.\n", "reports: rec-600-billion",
             "verdict: faithful", value="600", role="outcome")
    assert messages(load_root(root)) == [
        "curated/x.yaml:25:14: figure 'x-fig': reports 'rec-600-billion', but its document is outcome (a later "
        "official record of what happened); only a figure of a statement or a report reports a record's figure",
    ]


def test_reports_cannot_name_a_reports_figure(root):
    document(root, LOST, 'number_text: "over 0 billion"', "reports: wire-600-missing", "verdict: number_missing",
             'difference: "d"')
    result = load_root(root)
    assert messages(result) == [
        "curated/x.yaml:26:14: figure 'x-fig': reports 'wire-600-missing', a figure of a report (another outlet's "
        "account of NATO's statements or of a later NATO record); name a figure of a record, whose document is "
        "primary, corroborating, outcome",
    ]
    assert result.withheld_figures == ["x-fig"]


def test_a_report_may_report_an_outcomes_figure(root):
    document(root, "In 2024, 22 Allies met the guideline.\n", "reports: out-22-allies", "verdict: faithful",
             value="22", unit="allies", qualifier="exact")
    edit(root, "curated/x.yaml", "basis: cumulative", "basis: annual")
    result = load_root(root)
    assert messages(result) == []
    assert result.corpus.figures["x-fig"].reports == "out-22-allies"


# --- title_source and date_basis ------------------------------------------------------------------------------------


def test_a_supplied_title_needs_square_brackets(root):
    edit(root, BLOG, 'title: "[NATO contracts]"', 'title: "NATO contracts"')
    result = load_root(root)
    assert messages(result) == [
        "curated/blog-2024-02-15-contracts.yaml:6:10: document 'blog-2024-02-15-contracts': a supplied title is "
        "written in square brackets, so no reader takes it for the published one: \"[NATO contracts]\"",
    ]
    assert result.withheld_documents == ["blog-2024-02-15-contracts"]
    assert result.withheld_figures == ["blog-10-missing"]


def test_an_inferred_date_needs_notes(root):
    edit(root, BLOG, '  notes: "The date is inferred from the meeting the text reports; the address is not known."\n', "")
    result = load_root(root)
    assert messages(result) == [
        "curated/blog-2024-02-15-contracts.yaml:10:15: document 'blog-2024-02-15-contracts': an inferred date needs "
        "'notes' saying how it was inferred",
    ]
    assert result.withheld_documents == ["blog-2024-02-15-contracts"]


def test_an_unknown_title_source_is_named_with_the_choices(root):
    edit(root, WIRE, "title_source: page_address", "title_source: headline")
    assert messages(load_root(root)) == [
        "curated/wire-2024-02-14-stoltenberg.yaml:7:17: document 'wire-2024-02-14-stoltenberg': 'title_source' is "
        "'headline', which is not one of: published, page_address, supplied",
    ]


# --- not_figures ------------------------------------------------------------------------------------------------


def test_not_figures_text_must_be_in_the_document(root):
    edit(root, WIRE, 'text: "the 31 NATO members"', 'text: "the 32 NATO members"')
    result = load_root(root)
    assert messages(result) == [
        "curated/wire-2024-02-14-stoltenberg.yaml:48:11: the not_figures entry on line 48: the text is not in "
        "data/sources/wire-2024-02-14-stoltenberg.txt; copy it byte for byte (no part of it was found)",
    ]
    assert result.corpus.not_figures[-1].text == "out of 32"  # the other file's entry still loads


def test_not_figures_text_must_hold_a_number(root):
    edit(root, WIRE, 'text: "the 31 NATO members"', 'text: "NATO members"')
    assert messages(load_root(root)) == [
        "curated/wire-2024-02-14-stoltenberg.yaml:48:11: the not_figures entry on line 48: \"NATO members\" holds no "
        "number; name the words around the number that is not a figure",
    ]


def test_not_figures_must_be_a_list(root):
    edit(root, WIRE, '  - text: "the 31 NATO members"\n    why: "the whole the 18 are part of: NATO\'s members in '
                     'February 2024"\n', '  text: "the 31 NATO members"\n')
    assert messages(load_root(root)) == [
        "curated/wire-2024-02-14-stoltenberg.yaml:48:3: not_figures must be a list, not a mapping",
    ]


def test_not_figures_entry_needs_why(root):
    edit(root, WIRE, '    why: "the whole the 18 are part of: NATO\'s members in February 2024"\n', "")
    assert messages(load_root(root)) == [
        "curated/wire-2024-02-14-stoltenberg.yaml:48:5: the not_figures entry on line 48 has no 'why': What the number "
        "is instead: a date, an identifier, a name.",
    ]


# --- claims files -------------------------------------------------------------------------------------------------


def claim_problems_of(root: Path) -> list[str]:
    result, claims = load_all(root)
    assert messages(result) == []
    return [str(problem) for problem in claims.problems]


def test_claims_file_must_be_a_mapping(root):
    write(root, "curated/claims/bad.yaml", "- eighteen-allies\n")
    result, claims = load_all(root)
    assert [str(p) for p in claims.problems] == [
        "curated/claims/bad.yaml:1:1: a file of claims must be a mapping with schema_version and claims, not a list",
    ]
    assert list(claims.claims) == ALL_CLAIMS  # the other file still loads
    assert claims.files == ["curated/claims/bad.yaml", CLAIMS]


def test_claims_file_unknown_top_level_key(root):
    write(root, "curated/claims/bad.yaml", "schema_version: 1\nclaims: []\nclaim: []\n")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:3:1: unknown top-level key 'claim'; did you mean 'claims'?",
    ]


def test_claims_file_schema_version(root):
    write(root, "curated/claims/bad.yaml", "schema_version: 2\nclaims: []\n")
    assert claim_problems_of(root) == ["curated/claims/bad.yaml:1:17: schema_version must be 1, not the number 2"]


def test_claims_file_without_schema_version_or_claims(root):
    write(root, "curated/claims/bad.yaml", "claim: []\n")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:1:1: unknown top-level key 'claim'; did you mean 'claims'?",
        "curated/claims/bad.yaml:1:1: schema_version must be 1, not nothing",
        "curated/claims/bad.yaml:1:1: claims must be a list, not empty",
    ]


def test_claims_must_be_a_list(root):
    write(root, "curated/claims/bad.yaml", "schema_version: 1\nclaims: eighteen-allies\n")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:2:9: claims must be a list, not the text \"eighteen-allies\"",
    ]


BAD_CLAIM = """\
    schema_version: 1
    claims:
      - id: bad-claim
        claim: "18 Allies."
        short: "18"
        author: "NATO"
        topic: two-percent-guideline
        first_appearance: rec-18-allies
    """


def bad_claim(root: Path, *lines: str, old: str = "", new: str = "") -> None:
    """curated/claims/bad.yaml: one claim (`- id` on line 3), lines from line 9, old replaced by new."""
    text = textwrap.dedent(BAD_CLAIM) + "".join(f"    {line}\n" for line in lines)
    if old:
        assert text.count(old) == 1
        text = text.replace(old, new)
    (root / "curated" / "claims" / "bad.yaml").write_text(text, encoding="utf-8")


def test_a_bad_claim_alone_loads(root):
    bad_claim(root)
    result, claims = load_all(root)
    assert claims.problems == []
    assert list(claims.claims) == ["bad-claim", *ALL_CLAIMS]


def test_claim_unknown_field(root):
    bad_claim(root, old="short:", new="shrt:")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:5:5: claim 'bad-claim': unknown field 'shrt'; did you mean 'short'?",
        "curated/claims/bad.yaml:3:5: claim 'bad-claim' has no 'short': A few words naming the claim in a table's "
        "column header, such as \"18 Allies at 2%\".",
    ]


def test_claim_missing_required_field(root):
    bad_claim(root, old='    author: "NATO"\n', new="")
    _, claims = load_all(root)
    assert [str(p) for p in claims.problems] == [
        "curated/claims/bad.yaml:3:5: claim 'bad-claim' has no 'author': Who made the claim, with their office.",
    ]
    assert "bad-claim" not in claims.claims


def test_claim_that_is_not_a_mapping(root):
    write(root, "curated/claims/bad.yaml", "schema_version: 1\nclaims:\n  - eighteen-allies\n")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:3:5: the claim on line 3 must be a mapping of fields, not the text \"eighteen-allies\"",
    ]


def test_duplicate_claim_id(root):
    # more.yaml is read after claims.yaml: its copy is the one refused
    bad_claim(root, old="id: bad-claim", new="id: eighteen-allies")
    (root / "curated" / "claims" / "bad.yaml").rename(root / "curated" / "claims" / "more.yaml")
    _, claims = load_all(root)
    assert [str(p) for p in claims.problems] == [
        "curated/claims/more.yaml:3:9: claim 'eighteen-allies': the id is also used at curated/claims/claims.yaml:4; "
        "claim ids must be unique, so this one is not shown",
    ]
    assert claims.claims["eighteen-allies"].location.path == CLAIMS


def test_first_appearance_unknown_with_a_suggestion(root):
    bad_claim(root, old="first_appearance: rec-18-allies", new="first_appearance: rec-18-ally")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:8:23: claim 'bad-claim': first_appearance 'rec-18-ally' is not a curated figure; "
        "did you mean 'rec-18-allies'?",
    ]


def test_first_appearance_withheld(root):
    edit(root, OUT, "value: 22", "value: 23")
    bad_claim(root, old="first_appearance: rec-18-allies", new="first_appearance: out-22-allies")
    result, claims = load_all(root)
    assert result.withheld_figures == ["out-22-allies"]
    assert [str(p) for p in claims.problems] == [
        "curated/claims/bad.yaml:8:23: claim 'bad-claim': first_appearance 'out-22-allies' is withheld because of its "
        "own problems or its document's; fix those first",
        "curated/claims/claims.yaml:12:17: claim 'eighteen-allies': outcome 1: figure 'out-22-allies' is withheld "
        "because of its own problems or its document's; fix those first",
    ]
    assert list(claims.claims) == ["six-hundred-billion", "ten-billion-contracts"]


def test_first_appearance_a_reports_figure(root):
    bad_claim(root, old="first_appearance: rec-18-allies", new="first_appearance: wire-18-allies")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:8:23: claim 'bad-claim': first_appearance 'wire-18-allies' is a figure of a report; "
        "name the figure of NATO's record where the claim was made",
    ]


def test_first_appearance_a_statements_figure(root):
    bad_claim(root, old="first_appearance: rec-18-allies", new="first_appearance: stm-18-headline")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:8:23: claim 'bad-claim': first_appearance 'stm-18-headline' is a figure of a "
        "statement; name the figure of NATO's record where the claim was made",
    ]


def test_restated_with_a_different_number(root):
    bad_claim(root, "restated: [rec2-18-allies, rec-10-billion]")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:9:32: claim 'bad-claim': restated 'rec-10-billion' gives 10 usd_billion, not the first "
        "appearance's 18 allies; a restatement makes the same claim with the same number",
    ]


def test_restated_unknown(root):
    bad_claim(root, "restated:", "  - rec2-18-ally")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:10:9: claim 'bad-claim': restated 'rec2-18-ally' is not a curated figure; did you mean "
        "'rec2-18-allies'?",
    ]


def test_restated_must_be_a_list_of_ids(root):
    bad_claim(root, "restated: rec2-18-allies")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:9:15: claim 'bad-claim': 'restated' must be a list of figure ids, not the text "
        "\"rec2-18-allies\"",
    ]


def test_restated_a_lost_number_is_a_problem_not_a_crash(root):
    bad_claim(root, "restated: [blog-10-missing]", old="first_appearance: rec-18-allies",
              new="first_appearance: rec-10-billion")
    problems = claim_problems_of(root)
    assert len(problems) == 1
    assert problems[0].startswith("curated/claims/bad.yaml:9:16: claim 'bad-claim': restated 'blog-10-missing' ")


def test_restated_a_reports_figure_is_refused(root):
    bad_claim(root, "restated: [wire-18-allies]")
    _, claims = load_all(root)
    assert "bad-claim" not in claims.claims
    assert len(claims.problems) == 1


def test_outcome_with_both_figure_and_check(root):
    bad_claim(root, "outcomes:", "  - figure: out-22-allies", "    check: allies-at-2pct-2024", "    verdict: higher")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:10:9: claim 'bad-claim': outcome 1 needs either 'figure' (a later figure) or 'check' "
        "(a fact check of NATO's tables), not both and not neither",
    ]


def test_outcome_with_neither_figure_nor_check(root):
    bad_claim(root, "outcomes:", "  - verdict: higher")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:10:9: claim 'bad-claim': outcome 1 needs either 'figure' (a later figure) or 'check' "
        "(a fact check of NATO's tables), not both and not neither",
    ]


@pytest.mark.parametrize("verdict", ["consistent", "not_comparable"])
def test_worded_verdicts_need_a_difference(root, verdict):
    bad_claim(root, "outcomes:", "  - figure: out-22-allies", f"    verdict: {verdict}")
    assert claim_problems_of(root) == [
        f"curated/claims/bad.yaml:10:9: claim 'bad-claim': outcome 1: verdict {verdict} needs a 'difference' saying "
        "how the later record differs",
    ]


def test_worded_verdict_with_a_difference_loads(root):
    bad_claim(root, "outcomes:", "  - figure: out-22-allies", "    verdict: not_comparable",
              '    difference: "Counts Allies that met it, not Allies expected to."')
    _, claims = load_all(root)
    assert claims.problems == []
    outcome = claims.claims["bad-claim"].outcomes[0]
    assert (outcome.verdict, outcome.evidence, outcome.figure_id, outcome.difference) == (
        "not_comparable", "official", "out-22-allies", "Counts Allies that met it, not Allies expected to.")


def test_higher_where_the_numbers_say_lower(root):
    document(root, "In 2024, 16 Allies met the guideline.\n", value="16", unit="allies", qualifier="exact",
             role="outcome")
    bad_claim(root, "outcomes:", "  - figure: x-fig", "    verdict: higher")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:11:18: claim 'bad-claim': outcome 1: verdict higher, but the outcome's 16 against "
        "the claim's 18 is lower",
    ]


@pytest.mark.parametrize("verdict", ["same", "lower"])
def test_numeric_verdict_names_the_right_one(root, verdict):
    bad_claim(root, "outcomes:", "  - figure: out-22-allies", f"    verdict: {verdict}")
    assert claim_problems_of(root) == [
        f"curated/claims/bad.yaml:11:18: claim 'bad-claim': outcome 1: verdict {verdict}, but the outcome's 22 against "
        "the claim's 18 is higher",
    ]


def test_numeric_verdict_across_units(root):
    bad_claim(root, "outcomes:", "  - figure: rec-10-billion", "    verdict: same")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:11:18: claim 'bad-claim': outcome 1: verdict same compares numbers, but the outcome "
        "is in usd_billion and the claim in allies; use not_comparable and say how they differ",
    ]


def test_numeric_verdict_on_a_lost_number_says_so(root):
    bad_claim(root, "outcomes:", "  - figure: blog-10-missing", "    verdict: higher",
              old="first_appearance: rec-18-allies", new="first_appearance: rec-10-billion")
    problems = claim_problems_of(root)
    assert len(problems) == 1
    assert "the outcome is in usd_billion and the claim in usd_billion" not in problems[0]


def test_outcome_figure_unknown(root):
    bad_claim(root, "outcomes:", "  - figure: out-23-allies", "    verdict: higher")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:10:17: claim 'bad-claim': outcome 1: figure 'out-23-allies' is not a curated figure; "
        "did you mean 'out-22-allies'?",
    ]


def test_outcome_unknown_verdict(root):
    bad_claim(root, "outcomes:", "  - figure: out-22-allies", "    verdict: above")
    assert claim_problems_of(root) == [
        "curated/claims/bad.yaml:11:18: outcome 1 of claim 'bad-claim': 'verdict' is 'above', which is not one of: "
        "same, higher, lower, consistent, not_comparable",
    ]


def test_a_press_reports_outcome_is_press_evidence(root):
    document(root, "In 2024, 22 Allies met the guideline.\n", "reports: out-22-allies", "verdict: faithful",
             value="22", unit="allies", qualifier="exact")
    edit(root, "curated/x.yaml", "basis: cumulative", "basis: annual")
    bad_claim(root, "outcomes:", "  - figure: x-fig", "    verdict: higher")
    _, claims = load_all(root)
    assert claims.problems == []
    assert claims.claims["bad-claim"].outcomes[0].evidence == "press"


# --- appearances, derived from `reports` ----------------------------------------------------------------------------


def test_appearances_are_the_figures_that_report_the_claims_nato_figures():
    _, claims = load_all(CLAIMS_FIXTURE)
    eighteen = claims.claims["eighteen-allies"]
    assert eighteen.statements == ("rec-18-allies", "rec2-18-allies")
    # those reporting the first appearance, in curated order (files by name), then those reporting a restatement
    assert eighteen.appearances == (
        Appearance("stm-18-headline", "stm-2024-02-16-agency", "rec-18-allies", "faithful"),
        Appearance("wire-18-allies", "wire-2024-02-14-stoltenberg", "rec-18-allies", "faithful"),
        Appearance("stm-18-body", "stm-2024-02-16-agency", "rec2-18-allies", "meaning_differs"),
    )
    assert claims.claims["ten-billion-contracts"].appearances == (
        Appearance("blog-10-missing", "blog-2024-02-15-contracts", "rec-10-billion", "number_missing"),
    )
    outcome = eighteen.outcomes[0]
    assert (outcome.verdict, outcome.evidence, outcome.figure_id, str(outcome.location)) == (
        "higher", "official", "out-22-allies", "curated/claims/claims.yaml:12:9")


# --- CURATING.md explains every new field and value ------------------------------------------------------------------


def test_curating_md_explains_claims_not_figures_title_sources_and_date_bases():
    from defence_figures.corpus import model
    from defence_figures.corpus.claims import CLAIM_FIELDS, OUTCOME_FIELDS, OUTCOME_VERDICTS

    guide = (REPO / "CURATING.md").read_text(encoding="utf-8")
    names = [spec.name for specs in (CLAIM_FIELDS, OUTCOME_FIELDS, model.NOT_FIGURE_FIELDS) for spec in specs]
    values = [*OUTCOME_VERDICTS, *model.TITLE_SOURCES, *model.DATE_BASES, "not_figures", "number_missing"]
    assert [word for word in names + values if f"`{word}`" not in guide] == []
    for heading in ("## A report or an outcome", "### Numbers that are not figures", "## A claim"):
        assert f"\n{heading}\n" in guide
    assert "schema/claims.schema.json" in guide
