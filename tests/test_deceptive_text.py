"""Text that deceives the eye, and comparisons between the wrong documents: each refused with its exact located message.

Invisible formatting characters (bidirectional controls, zero-width characters) in a source text or a
quote, a quote that differs from its text only in Unicode form (composed or decomposed letters), control
characters echoed by `validate`, and comparisons whose record is a statement or that a record carries.
Each test breaks a scratch copy of the real corpus (conftest.corpus_copy) or adds one small document to it.
"""
from __future__ import annotations

import hashlib
import textwrap
import unicodedata
from pathlib import Path

from conftest import load_root
from defence_figures import cli
from defence_figures.validation import Problem
from test_bad_input import ALL_DOCUMENTS, BG, PC, edit_item, messages

# The added document's figure: its quote is on line 24 of the curated file, at column 12.
FIGURE = """\
  - id: added-allies
    label: "Allies expected to spend 2% of GDP"
    value: {value}
    unit: allies
    qualifier: exact
    period: "2024"
    scope: "NATO Allies"
    kind: expectation
    basis: annual
    topic: two-percent-guideline
    quote: "{quote}"
"""


def add_document(root: Path, text: str, figures: str = "[]", role: str = "corroborating", comparisons: str = "") -> None:
    """A curated file curated/added.yaml (document 'added-report', its text on line 10) and its text data/sources/added.txt."""
    (root / "data/sources/added.txt").write_bytes(text.encode("utf-8"))
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    body = textwrap.dedent(f"""\
        schema_version: 1
        document:
          id: added-report
          role: {role}
          title: "An added report"
          producer: "Test agency"
          date_published: "2024-02-15"
          url_main: null
          completeness: complete
          text: added.txt
          sha256: {sha256}
          citation_full: "Test."
        figures:""")
    body += " []\n" if figures == "[]" else "\n" + figures
    if comparisons:
        body += "comparisons:\n" + comparisons
    (root / "curated/added.yaml").write_text(body, encoding="utf-8")


def assert_rest_loads(result, withheld_figures: list[str]) -> None:
    """The added document is withheld with its figures; every real document and figure still loads."""
    assert result.withheld_documents == ["added-report"]
    assert result.withheld_figures == withheld_figures
    assert sorted(result.corpus.documents) == ALL_DOCUMENTS
    assert len(result.corpus.figures) == 62
    assert len(result.corpus.comparisons) == 4


# --- invisible formatting characters ----------------------------------------------------------------------------


def test_a_right_to_left_override_cannot_prove_81_displayed_as_18(corpus_copy):
    # Between U+202E and U+202C the digits 8 and 1 display right to left: the page shows "18", the loader reads 81.
    add_document(corpus_copy, "Headline\n\nIn 2024, \u202e81\u202c Allies will spend 2% of GDP on defence.\n",
                 FIGURE.format(value=81, quote="In 2024, \\u202e81\\u202c Allies will spend 2% of GDP on defence."))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:10:9: document 'added-report': data/sources/added.txt has an invisible U+202E RIGHT-TO-LEFT "
        "OVERRIDE on its line 3, column 10 (and 1 more), which can make the text display otherwise than it reads; "
        "delete it from the text, then record the new sha256",
        "curated/added.yaml:24:12: figure 'added-allies': 'quote' has an invisible U+202E RIGHT-TO-LEFT OVERRIDE at its "
        "character 10 (and 1 more), which can make text display otherwise than it reads; delete it",
    ]
    assert_rest_loads(result, ["added-allies"])


def test_an_isolate_in_a_real_quote_withholds_that_figure_only(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", 'quote: "A six-fold', 'quote: "A \\u2067six-fold')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:62:12: figure 'pc15-six-fold': 'quote' has an invisible U+2067 "
        "RIGHT-TO-LEFT ISOLATE at its character 3, which can make text display otherwise than it reads; delete it",
    ]
    assert result.withheld_figures == ["pc15-six-fold"]
    assert sorted(result.corpus.documents) == ALL_DOCUMENTS
    assert len(result.corpus.figures) == 61


def test_a_zero_width_space_in_a_source_text_withholds_its_document(corpus_copy):
    add_document(corpus_copy, "Headline\n\nIn 2024, 18 Allies will spend 2%\u200b of GDP on defence.\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:10:9: document 'added-report': data/sources/added.txt has an invisible U+200B ZERO WIDTH "
        "SPACE on its line 3, column 33, which can make the text display otherwise than it reads; delete it from the "
        "text, then record the new sha256",
    ]
    assert_rest_loads(result, [])


def test_a_zero_width_joiner_between_latin_letters_is_refused(corpus_copy):
    add_document(corpus_copy, "Headline\n\nIn 2024, 18 Allies will spend 2% of GDP on defence.\n",
                 FIGURE.format(value=18, quote="In 2024, 18 Al\\u200dlies will spend 2% of GDP on defence."))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:24:12: figure 'added-allies': 'quote' has an invisible U+200D ZERO WIDTH JOINER at its "
        "character 15, which can make text display otherwise than it reads; delete it",
    ]
    assert result.withheld_figures == ["added-allies"]
    assert "added-report" in result.corpus.documents


def test_joiners_where_a_script_needs_them_and_a_leading_bom_are_accepted(corpus_copy):
    # Persian writes "می‌خواهند" with a ZERO WIDTH NON-JOINER, and a family emoji joins its people with a ZERO WIDTH
    # JOINER: both stand between characters that are neither ASCII nor Latin letters. A BOM only marks the file as UTF-8.
    sentence = "In 2024, 18 Allies will spend 2% of GDP on defence, \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0646\u062f \U0001F468\u200d\U0001F469."
    add_document(corpus_copy, f"\ufeffHeadline\n\n{sentence}\n", FIGURE.format(value=18, quote=sentence))
    result = load_root(corpus_copy)
    assert messages(result) == []
    assert result.corpus.figures["added-allies"].quote == sentence


# --- the same letters in another Unicode form --------------------------------------------------------------------


def test_a_quote_in_another_unicode_form_says_which_letter_and_how_to_fix_it(corpus_copy):
    # The text writes "é" as e and a combining acute accent (NFD); the quote as one character (NFC). They look alike.
    text = unicodedata.normalize("NFD", "Headline\n\nLe ministre a annoncé que 18 Alliés dépenseront 2% du PIB.\n")
    add_document(corpus_copy, text, FIGURE.format(value=18, quote="Le ministre a annoncé que 18 Alliés dépenseront 2% du PIB."))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:24:12: figure 'added-allies': the quote is in data/sources/added.txt only in another Unicode "
        "form: the two write the same letters, composed in one and decomposed in the other; the first that differs, "
        "\"é\" on line 3 of the text, is U+00E9 in the quote but U+0065 U+0301 in the text; copy the quote from the "
        "text, or save both as NFC (composed)",
    ]
    assert result.withheld_figures == ["added-allies"]


def test_a_record_quote_in_another_unicode_form(corpus_copy):
    # The other way round: the record's text composes "é" (NFC), the statement's record quote decomposes it (NFD).
    add_document(corpus_copy, "Headline\n\nLe ministre a annoncé que 18 Alliés dépenseront 2% du PIB.\n")
    edit_item(corpus_copy, BG, "bgnes-historic-progress", "record: nato-2024-02-15-press-conference", "record: added-report")
    edit_item(corpus_copy, BG, "bgnes-historic-progress", 'record_quote: "But we have already made historic progress."',
              'record_quote: "Le ministre a annonce\\u0301 que 18"')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:218:19: comparison 'bgnes-historic-progress': the record quote is "
        "in data/sources/added.txt only in another Unicode form: the two write the same letters, composed in one and "
        "decomposed in the other; the first that differs, \"é\" on line 3 of the text, is U+0065 U+0301 in the quote "
        "but U+00E9 in the text; copy the record quote from the text, or save both as NFC (composed)",
    ]
    assert sorted(result.corpus.comparisons) == ["bgnes-immediate-vs-imminent", "bgnes-miscalculation", "bgnes-production-pace"]


# --- messages print as one plain line -----------------------------------------------------------------------------


def test_validate_escapes_terminal_codes_in_a_value(corpus_copy, monkeypatch, capsys):
    # ESC [2K erases the line and \r returns to its start: raw, the problem line would vanish behind a fake success.
    edit_item(corpus_copy, PC, "pc15-six-fold", 'label: "How many times more Allies are expected at 2% in 2024 than in 2014"',
              'label: "TODO\\e[2K\\r7 documents, 62 figures, 4 passages compared: every figure proven"')
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    assert cli.main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "curated/nato-2024-02-15-press-conference.yaml:53:12: figure 'pc15-six-fold': 'label' is still a draft "
        "placeholder (TODO\\x1b[2K\\r7 documents, 62 figures, 4 passages compared: every figure proven); fill it in",
        "1 problem; 1 figure, 0 documents and 0 table indicators withheld from the app",
    ]
    assert "\x1b" not in out and "\r" not in out
    assert err == ""


def test_a_problem_escapes_every_control_and_invisible_character():
    problem = Problem("curated/a\nb.yaml", 1, 2, "tab\t bell\a back\b del\x7f csi\x9b nel\x85 rlo\u202e lsep\u2028 \udcff")
    assert str(problem) == ("curated/a\\nb.yaml:1:2: tab\\t bell\\x07 back\\x08 del\\x7f csi\\x9b nel\\x85 rlo\\u202e "
                            "lsep\\u2028 \\udcff")


# --- comparisons between the right documents ------------------------------------------------------------------------

COMPARISON = """\
  - id: added-comparison
    topic: defence-spending
    quote: "In 2024, 18 Allies will spend 2% of GDP on defence."
    record: {record}
    record_quote: "{record_quote}"
    verdict: reworded
    difference: "The same words."
"""
ADDED_TEXT = "Headline\n\nIn 2024, 18 Allies will spend 2% of GDP on defence.\n"


def test_a_record_that_is_another_statement(corpus_copy):
    add_document(corpus_copy, ADDED_TEXT, role="statement", comparisons=COMPARISON.format(
        record="bgnes-2024-02-15-stoltenberg", record_quote="We can never take peace for granted"))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:18:13: comparison 'added-comparison': record 'bgnes-2024-02-15-stoltenberg' is a statement "
        "(the statement the explorer is about), not a record; name the document holding the record's words, whose role "
        "is primary or corroborating",
    ]
    assert "added-report" in result.corpus.documents
    assert sorted(result.corpus.comparisons) == [
        "bgnes-historic-progress", "bgnes-immediate-vs-imminent", "bgnes-miscalculation", "bgnes-production-pace"]


def test_a_record_that_is_the_statement_itself(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-historic-progress", "record: nato-2024-02-15-press-conference",
              "record: bgnes-2024-02-15-stoltenberg")
    # Words the statement's own text holds: before roles were checked, the comparison loaded, compared with itself.
    edit_item(corpus_copy, BG, "bgnes-historic-progress", 'record_quote: "But we have already made historic progress."',
              'record_quote: "we have already made historic progress"')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:217:13: comparison 'bgnes-historic-progress': record "
        "'bgnes-2024-02-15-stoltenberg' is the statement itself; name the document holding the record's words, whose "
        "role is primary or corroborating",
    ]
    assert sorted(result.corpus.comparisons) == ["bgnes-immediate-vs-imminent", "bgnes-miscalculation", "bgnes-production-pace"]
    assert len(result.corpus.figures) == 62


def test_a_record_that_carries_comparisons(corpus_copy):
    add_document(corpus_copy, ADDED_TEXT, role="primary", comparisons=COMPARISON.format(
        record="nato-2024-02-15-press-conference", record_quote="But we have already made historic progress."))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/added.yaml:15:9: comparison 'added-comparison': document 'added-report' is primary (NATO's own record "
        "of what was said), and only the statement carries comparisons; move the comparison to the statement's curated "
        "file, with record: added-report",
    ]
    assert "added-report" in result.corpus.documents
    assert len(result.corpus.comparisons) == 4
