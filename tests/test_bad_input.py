"""Malformed curated input: each case asserts the exact message, its file:line:column, and that the rest still loads.

Each test breaks a scratch copy of the corpus (the corpus_copy fixture: the seven real documents
of conftest.COPIED_DOCUMENTS, so a document curated later changes no count here) or adds one
small file to it, loads the copy, and checks three things: the full text of every problem, that
the broken documents and figures are listed as withheld, and that every other document and
figure is still in the corpus. Line numbers are those of the real curated files.
"""
from __future__ import annotations

import hashlib
import textwrap
import time
from pathlib import Path

import pytest

from conftest import load_root
from defence_figures.corpus.load import MAX_FILE_BYTES

PC = "curated/nato-2024-02-15-press-conference.yaml"
BG = "curated/bgnes-2024-02-15-stoltenberg.yaml"
PC_TEXT = "data/sources/nato-2024-02-15-press-conference.txt"

PC_FIGURES = [
    "pc15-18-allies-at-2pct", "pc15-2pct-guideline", "pc15-six-fold", "pc15-3-allies-2014", "pc15-380-billion",
    "pc15-2pct-of-european-gdp", "pc15-600-billion-added", "pc15-10-billion-contracts", "pc15-90000-forces",
    "pc15-31-allies",
]
# The statement's figures that report a figure of the press conference, in file order.
BG_FIGURES_ON_PC = [
    "bgnes-18-allies-at-2pct", "bgnes-2pct-guideline", "bgnes-380-billion", "bgnes-2pct-of-european-gdp",
    "bgnes-600-billion", "bgnes-10-billion-contracts", "bgnes-90000-troops", "bgnes-31-member-states",
]

# What the statement's file says when the press conference document is withheld but its figures are sound.
BG_WHEN_PC_DOCUMENT_WITHHELD = [
    "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:66:14: figure 'bgnes-2pct-guideline': reports 'pc15-2pct-guideline', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:97:14: figure 'bgnes-2pct-of-european-gdp': reports 'pc15-2pct-of-european-gdp', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:113:14: figure 'bgnes-600-billion': reports 'pc15-600-billion-added', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:129:14: figure 'bgnes-10-billion-contracts': reports 'pc15-10-billion-contracts', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:145:14: figure 'bgnes-90000-troops': reports 'pc15-90000-forces', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:161:14: figure 'bgnes-31-member-states': reports 'pc15-31-allies', which is withheld with its document; fix the problems of curated/nato-2024-02-15-press-conference.yaml first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:201:13: comparison 'bgnes-immediate-vs-imminent': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:209:13: comparison 'bgnes-miscalculation': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:217:13: comparison 'bgnes-historic-progress': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:225:13: comparison 'bgnes-production-pace': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
]

# What the statement's file says when the press conference file cannot be read at all.
BG_WHEN_PC_UNREADABLE = [
    "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is not a curated figure; did you mean 'pm14-18-allies-at-2pct'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:66:14: figure 'bgnes-2pct-guideline': reports 'pc15-2pct-guideline', which is not a curated figure; did you mean 'pm14-2pct-guideline'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is not a curated figure; did you mean 'pm14-380-billion'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:97:14: figure 'bgnes-2pct-of-european-gdp': reports 'pc15-2pct-of-european-gdp', which is not a curated figure; did you mean 'bgnes-2pct-of-european-gdp'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:113:14: figure 'bgnes-600-billion': reports 'pc15-600-billion-added', which is not a curated figure; did you mean 'pm14-600-billion-added'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:129:14: figure 'bgnes-10-billion-contracts': reports 'pc15-10-billion-contracts', which is not a curated figure; did you mean 'pm14-10-billion-contracts'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:145:14: figure 'bgnes-90000-troops': reports 'pc15-90000-forces', which is not a curated figure; did you mean 'pm14-90000-forces'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:161:14: figure 'bgnes-31-member-states': reports 'pc15-31-allies', which is not a curated figure; did you mean 'pm14-31-allies'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:201:13: comparison 'bgnes-immediate-vs-imminent': record 'nato-2024-02-15-press-conference' is not a curated document; did you mean 'nato-2024-07-10-summit-press-conference'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:209:13: comparison 'bgnes-miscalculation': record 'nato-2024-02-15-press-conference' is not a curated document; did you mean 'nato-2024-07-10-summit-press-conference'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:217:13: comparison 'bgnes-historic-progress': record 'nato-2024-02-15-press-conference' is not a curated document; did you mean 'nato-2024-07-10-summit-press-conference'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:225:13: comparison 'bgnes-production-pace': record 'nato-2024-02-15-press-conference' is not a curated document; did you mean 'nato-2024-07-10-summit-press-conference'? (curated/nato-2024-02-15-press-conference.yaml could not be read, so its ids are unknown)",
]

ALL_DOCUMENTS = [
    "bgnes-2024-02-15-stoltenberg", "nato-2024-02-14-news-story", "nato-2024-02-14-pre-ministerial",
    "nato-2024-02-15-press-conference", "nato-2024-06-18-blinken-meeting-news",
    "nato-2024-07-10-summit-press-conference", "ukrinform-2024-02-15-nato-ukraine-council",
]
WITHOUT_PC = [d for d in ALL_DOCUMENTS if d != "nato-2024-02-15-press-conference"]


# --- helpers -------------------------------------------------------------------------------------------------


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of old in a file of the copy."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_item(root: Path, name: str, item_id: str, old: str, new: str) -> None:
    """Replace old inside the one figure or comparison whose '- id:' is item_id."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    head = f"  - id: {item_id}\n"
    assert text.count(head) == 1, item_id
    start = text.index(head)
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end == -1 else end
    block = text[start:end]
    assert block.count(old) == 1, f"{old!r} occurs {block.count(old)} times in {item_id}"
    path.write_text(text[:start] + block.replace(old, new) + text[end:], encoding="utf-8")


def write(root: Path, name: str, content: str | bytes) -> None:
    path = root / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def assert_only_bad_file_withheld(result, name: str = "curated/bad.yaml") -> None:
    """The broken extra file is withheld under its name; the real corpus loads whole."""
    assert result.withheld_documents == [name]
    assert result.withheld_figures == []
    assert sorted(result.corpus.documents) == ALL_DOCUMENTS
    assert len(result.corpus.figures) == 62
    assert len(result.corpus.comparisons) == 4


def assert_pc_document_withheld(result) -> None:
    """The press conference and every figure that reports one of its figures are out; the rest is in."""
    assert result.withheld_documents == ["nato-2024-02-15-press-conference"]
    assert result.withheld_figures == PC_FIGURES + BG_FIGURES_ON_PC
    assert sorted(result.corpus.documents) == WITHOUT_PC
    assert len(result.corpus.figures) == 44
    assert result.corpus.comparisons == {}
    assert "bgnes-one-million-drones" in result.corpus.figures  # reports Ukrinform, which still loads


def assert_withheld_figures(result, *figure_ids: str) -> None:
    """Only these figures are withheld: every document and every other figure still loads."""
    assert result.withheld_documents == []
    assert result.withheld_figures == list(figure_ids)
    assert sorted(result.corpus.documents) == ALL_DOCUMENTS
    assert len(result.corpus.figures) == 62 - len(figure_ids)
    for figure_id in figure_ids:
        assert figure_id not in result.corpus.figures


# --- the file cannot be read as YAML --------------------------------------------------------------------------


def test_yaml_syntax_error(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", """\
        schema_version: 1
        document:
          id: x
          title: a: b
        """)
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:4:11: YAML syntax error: mapping values are not allowed in this context",
    ]
    assert_only_bad_file_withheld(result)


def test_yaml_syntax_error_in_a_real_file_names_it_in_every_dangling_reference(corpus_copy):
    edit(corpus_copy, PC, "  role: primary\n", "  role: primary: yes\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:12:16: YAML syntax error: mapping values are not allowed in this context",
        *BG_WHEN_PC_UNREADABLE,
    ]
    assert result.withheld_documents == ["curated/nato-2024-02-15-press-conference.yaml"]
    assert result.withheld_figures == BG_FIGURES_ON_PC
    assert sorted(result.corpus.documents) == WITHOUT_PC
    assert len(result.corpus.figures) == 44


def test_tab_indentation(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "schema_version: 1\ndocument:\n  id: x\n\ttitle: T\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:4:1: a tab is used for indentation; YAML needs spaces: replace the tab with spaces",
    ]
    assert_only_bad_file_withheld(result)


def test_duplicate_key(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", """\
        schema_version: 1
        document:
          id: x
          title: T
          id: y
        """)
    result = load_root(corpus_copy)
    assert messages(result) == ["curated/bad.yaml:5:3: duplicate key 'id' (first written on line 3); keep one"]
    assert_only_bad_file_withheld(result)


def test_duplicate_key_in_a_real_figure(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    unit: times\n", "    unit: times\n    unit: allies\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:56:5: duplicate key 'unit' (first written on line 55); keep one",
        *BG_WHEN_PC_UNREADABLE,
    ]


def test_quotation_mark_inside_a_double_quoted_value(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", 'schema_version: 1\ndocument:\n  title: "The "best" title"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:3:16: text follows the closing quotation mark of a quoted value; inside \"...\" "
        "write a quotation mark as \\\", inside '...' write an apostrophe as ''",
    ]
    assert_only_bad_file_withheld(result)


def test_quoted_value_never_closed(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", 'schema_version: 1\ndocument:\n  title: "The title\n  id: x\n')
    result = load_root(corpus_copy)
    assert messages(result) == ["curated/bad.yaml:3:10: this quoted value is never closed; add the closing quotation mark"]
    assert_only_bad_file_withheld(result)


def test_empty_file(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:1:1: the file is empty; a curated file needs schema_version, document and figures (see CURATING.md)",
    ]
    assert_only_bad_file_withheld(result)


def test_file_of_comments_only(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "# to do: curate this\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:1:1: the file must be a mapping with schema_version, document and figures, not empty",
    ]
    assert_only_bad_file_withheld(result)


def test_non_utf8_bytes(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", b'schema_version: 1\ndocument:\n  title: "Caf\xe9"\n')
    result = load_root(corpus_copy)
    assert messages(result) == ["curated/bad.yaml:3:14: byte 0xe9 is not UTF-8; save the file as UTF-8"]
    assert_only_bad_file_withheld(result)


def test_alias_bomb_finishes_fast_and_names_the_aliases(corpus_copy):
    names = "abcdefghijklmnopqrstuvwxy"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{name}: &{name} [{','.join(['*' + previous] * 9)}]" for previous, name in zip(names, names[1:])]
    write(corpus_copy, "curated/bad.yaml", "\n".join(lines) + "\n")  # 9**25 strings if expanded
    started = time.perf_counter()
    result = load_root(corpus_copy)
    assert time.perf_counter() - started < 2.0
    assert messages(result) == [
        "curated/bad.yaml:2:8: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:11: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:14: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:17: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:20: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:23: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:26: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:29: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:2:32: the alias *a is not allowed in curated files; write the value out in full",
        "curated/bad.yaml:3:8: the alias *b is not allowed in curated files; write the value out in full",
    ]
    assert_only_bad_file_withheld(result)


def test_python_object_tag(corpus_copy):
    started = time.time()
    write(corpus_copy, "curated/bad.yaml", """\
        schema_version: 1
        document: !!python/object/apply:os.system ["touch /tmp/hacked"]
        figures: !!python/object:builtins.list []
        """)
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:2:11: the tag !!python/object/apply:os.system is not allowed; curated files use plain YAML without tags",
        "curated/bad.yaml:3:10: the tag !!python/object:builtins.list is not allowed; curated files use plain YAML without tags",
    ]
    assert not Path("/tmp/hacked").exists() or Path("/tmp/hacked").stat().st_mtime < started
    assert_only_bad_file_withheld(result)


def test_deeply_nested_document(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "schema_version: 1\ndocument: " + "[" * 50 + "]" * 50 + "\n")
    result = load_root(corpus_copy)
    assert messages(result) == ["curated/bad.yaml:2:31: nested deeper than 20 levels; curated files need at most 4"]
    assert_only_bad_file_withheld(result)


def test_hostile_nesting_does_not_crash_the_loader(corpus_copy):
    # 200 KB of brackets: libyaml's own composer overflowed the C stack on this (a segfault).
    write(corpus_copy, "curated/bad.yaml", "[" * 100_000 + "]" * 100_000)
    started = time.perf_counter()
    result = load_root(corpus_copy)
    assert time.perf_counter() - started < 2.0
    assert messages(result) == ["curated/bad.yaml:1:22: nested deeper than 20 levels; curated files need at most 4"]
    assert_only_bad_file_withheld(result)


def test_multiple_yaml_documents(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", """\
        schema_version: 1
        figures: []
        ---
        schema_version: 1
        """)
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:3:1: a second YAML document starts here; a curated file is one document: "
        "remove the '---' line and what follows, or merge it",
    ]
    assert_only_bad_file_withheld(result)


def test_top_level_list_instead_of_a_mapping(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "- schema_version: 1\n- figures: []\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:1:1: the file must be a mapping with schema_version, document and figures, not a list",
    ]
    assert_only_bad_file_withheld(result)


def test_huge_file(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", "# " + "x" * MAX_FILE_BYTES + "\n")
    result = load_root(corpus_copy)
    assert MAX_FILE_BYTES == 4_194_304
    assert messages(result) == [
        "curated/bad.yaml:1:1: curated/bad.yaml is 4,194,307 bytes; a curated file must stay under "
        "4,194,304 bytes (4 MiB), so split it by document",
    ]
    assert_only_bad_file_withheld(result)


def test_a_gigantic_file_is_refused_without_reading_it(corpus_copy):
    with (corpus_copy / "curated/bad.yaml").open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # 2 GiB, sparse: reading it whole would take seconds and the memory
    started = time.perf_counter()
    result = load_root(corpus_copy)
    assert time.perf_counter() - started < 2.0
    assert messages(result) == [
        "curated/bad.yaml:1:1: curated/bad.yaml is 2,147,483,648 bytes; a curated file must stay under "
        "4,194,304 bytes (4 MiB), so split it by document",
    ]
    assert_only_bad_file_withheld(result)


# --- the file's structure or a field is wrong -----------------------------------------------------------------


def test_wrong_schema_version(corpus_copy):
    edit(corpus_copy, PC, "schema_version: 1\n", "schema_version: 2\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:9:17: schema_version must be 1, not the number 2",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_unknown_top_level_key(corpus_copy):
    edit(corpus_copy, PC, "schema_version: 1\n", "schema_version: 1\ncomparison: []\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:10:1: unknown top-level key 'comparison'; did you mean 'comparisons'?",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_figures_not_a_list(corpus_copy):
    write(corpus_copy, "curated/bad.yaml", """\
        schema_version: 1
        document:
          id: bad-document
        figures: none
        """)
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bad.yaml:3:3: document 'bad-document' has no 'role': statement (the report the explorer is about), primary (NATO's record), corroborating, report (another outlet's account) or outcome (a later official record).",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'title': The headline or title exactly as published; with title_source supplied, a short description in square brackets.",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'producer': Who published it (the agency or organisation).",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'date_published': YYYY-MM-DD, the day of publication.",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'url_main': The address of the original, or null when it is not known (say so in notes).",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'completeness': complete, or excerpt when only part of the original was recovered (say which part in excerpt_covers).",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'text': The text's file name in data/sources/.",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'sha256': sha256 of the text file; run `sha256sum data/sources/FILE` after any deliberate change to the text.",
        "curated/bad.yaml:3:3: document 'bad-document' has no 'citation_full': A full citation a reader can copy.",
        'curated/bad.yaml:4:10: figures must be a list, not the text "none"',
    ]
    assert_only_bad_file_withheld(result, "bad-document")


def test_a_figure_that_is_not_a_mapping(corpus_copy):
    edit(corpus_copy, PC, "\nfigures:\n", '\nfigures:\n  - "just a note"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        'curated/nato-2024-02-15-press-conference.yaml:27:5: the figure on line 27 must be a mapping of fields, not the text "just a note"',
    ]
    assert result.withheld_figures == []
    assert len(result.corpus.figures) == 62


def test_missing_field(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-18-allies-at-2pct",
              '    label: "Allies expected to spend at least 2% of their GDP on defence in 2024"\n', "")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:27:5: figure 'pc15-18-allies-at-2pct' has no 'label': What the number counts, in words a student understands, without the number.",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:27); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-18-allies-at-2pct", "bgnes-18-allies-at-2pct")


def test_wrong_type_quoted_number(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    value: 6\n", '    value: "6"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:54:12: figure 'pc15-six-fold': 'value' must be a number, not the text \"6\"; write it without quotes",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_wrong_type_number_with_a_thousands_comma(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-90000-forces", "    value: 90000\n", "    value: 90,000\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:129:12: figure 'pc15-90000-forces': 'value' must be a number, not the text \"90,000\"; write it without quotes",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:145:14: figure 'bgnes-90000-troops': reports 'pc15-90000-forces', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:127); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-90000-forces", "bgnes-90000-troops")


def test_wrong_type_boolean_value(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    value: 6\n", "    value: true\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:54:12: figure 'pc15-six-fold': 'value' must be a number, not the boolean true",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_wrong_type_unquoted_period(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-3-allies-2014", '    period: "2014"\n', "    period: 2014\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:70:13: figure 'pc15-3-allies-2014': 'period' must be text, not the number 2014; put it in quotes",
    ]
    assert_withheld_figures(result, "pc15-3-allies-2014")


def test_unknown_field_with_did_you_mean(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-18-allies-at-2pct", "    explanation:", "    explantion:")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:38:5: figure 'pc15-18-allies-at-2pct': unknown field 'explantion'; did you mean 'explanation'?",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:27); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-18-allies-at-2pct", "bgnes-18-allies-at-2pct")


def test_unknown_field_without_a_close_name_lists_the_fields(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    kind: change\n", "    kind: change\n    source_page: 3\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:60:5: figure 'pc15-six-fold': unknown field 'source_page'; the fields are: id, label, value, unit, qualifier, period, scope, kind, basis, topic, quote, occurrence, number_text, explanation, reports, verdict, difference",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_unknown_unit(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    unit: times\n", "    unit: time\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:55:11: figure 'pc15-six-fold': 'unit' is 'time', which is not one of: usd_billion, percent_of_gdp, percent, percent_change, allies, countries, troops, artillery_shells_per_year, drones, years, times; did you mean 'times'?",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_unknown_enum_value(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    kind: change\n", "    kind: forecast\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:59:11: figure 'pc15-six-fold': 'kind' is 'forecast', which is not one of: actual, estimate, expectation, target, goal, change",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_bad_id_pattern(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "  - id: pc15-six-fold\n", "  - id: PC15_Six_Fold\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:52:9: figure 'PC15_Six_Fold': 'id' is 'PC15_Six_Fold', which is not lower-case letters and digits joined by single hyphens, such as bgnes-380-billion",
    ]
    assert_withheld_figures(result, "PC15_Six_Fold")


def test_bad_period(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", '    period: "2014/2024"\n', '    period: "2014-2024"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:57:13: figure 'pc15-six-fold': 'period' is '2014-2024', which is not a year or interval such as 2024, 2014/2024 or 2023-11/2024-02",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_bad_date(corpus_copy):
    edit(corpus_copy, PC, '  date_published: "2024-02-15"\n', '  date_published: "15/02/2024"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:17:19: document 'nato-2024-02-15-press-conference': 'date_published' is '15/02/2024', which is not a date written YYYY-MM-DD, such as 2024-02-15",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_unknown_role(corpus_copy):
    edit(corpus_copy, PC, "  role: primary\n", "  role: record\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:12:9: document 'nato-2024-02-15-press-conference': 'role' is 'record', which is not one of: statement, primary, corroborating, report, outcome; did you mean 'report'?",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_url_that_is_not_http(corpus_copy):
    edit(corpus_copy, PC, '  url_main: "https://www.nato.int/cps/en/natohq/opinions_222605.htm"\n',
         '  url_main: "javascript:alert(1)"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:18:13: document 'nato-2024-02-15-press-conference': 'url_main' must be an http(s) address or null, not the text \"javascript:alert(1)\"",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_url_with_a_space(corpus_copy):
    edit(corpus_copy, PC, '  url_main: "https://www.nato.int/cps/en/natohq/opinions_222605.htm"\n',
         '  url_main: "https://www.nato.int/cps/en/natohq/opinions 222605.htm"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:18:13: document 'nato-2024-02-15-press-conference': 'url_main' must be an http(s) address or null, not the text \"https://www.nato.int/cps/en/natohq/opinions 222605.htm\"",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_empty_label(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold",
              '    label: "How many times more Allies are expected at 2% in 2024 than in 2014"\n', '    label: "  "\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:53:12: figure 'pc15-six-fold': 'label' is empty: What the number counts, in words a student understands, without the number.",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_label_too_long(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold",
              '    label: "How many times more Allies are expected at 2% in 2024 than in 2014"\n',
              '    label: "' + "x" * 250 + '"\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:53:12: figure 'pc15-six-fold': 'label' is 250 characters long; keep it under 200",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_duplicate_figure_id_across_files(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "  - id: pc15-six-fold\n", "  - id: bgnes-380-billion\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:69:9: figure 'bgnes-380-billion': the id is also used at curated/nato-2024-02-15-press-conference.yaml:52; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:52:9: figure 'bgnes-380-billion': the id is also used at curated/bgnes-2024-02-15-stoltenberg.yaml:69; figure ids must be unique across all curated files, so neither is shown: rename one of them",
    ]
    # Neither claimant is served under the shared id: both figures are withheld.
    assert result.withheld_figures == ["bgnes-380-billion", "bgnes-380-billion"]
    assert "bgnes-380-billion" not in result.corpus.figures
    assert "pc15-six-fold" not in result.corpus.figures
    assert len(result.corpus.figures) == 60


def test_duplicate_document_id(corpus_copy):
    write(corpus_copy, "curated/zz-copy.yaml", (corpus_copy / PC).read_text(encoding="utf-8"))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:11:7: document 'nato-2024-02-15-press-conference': the id is also used at curated/zz-copy.yaml:11; document ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:11:7: document 'nato-2024-02-15-press-conference': the id is also used at curated/nato-2024-02-15-press-conference.yaml:11; document ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:27:9: figure 'pc15-18-allies-at-2pct': the id is also used at curated/zz-copy.yaml:27; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:27:9: figure 'pc15-18-allies-at-2pct': the id is also used at curated/nato-2024-02-15-press-conference.yaml:27; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:40:9: figure 'pc15-2pct-guideline': the id is also used at curated/zz-copy.yaml:40; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:40:9: figure 'pc15-2pct-guideline': the id is also used at curated/nato-2024-02-15-press-conference.yaml:40; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:52:9: figure 'pc15-six-fold': the id is also used at curated/zz-copy.yaml:52; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:52:9: figure 'pc15-six-fold': the id is also used at curated/nato-2024-02-15-press-conference.yaml:52; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:65:9: figure 'pc15-3-allies-2014': the id is also used at curated/zz-copy.yaml:65; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:65:9: figure 'pc15-3-allies-2014': the id is also used at curated/nato-2024-02-15-press-conference.yaml:65; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:77:9: figure 'pc15-380-billion': the id is also used at curated/zz-copy.yaml:77; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:77:9: figure 'pc15-380-billion': the id is also used at curated/nato-2024-02-15-press-conference.yaml:77; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:90:9: figure 'pc15-2pct-of-european-gdp': the id is also used at curated/zz-copy.yaml:90; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:90:9: figure 'pc15-2pct-of-european-gdp': the id is also used at curated/nato-2024-02-15-press-conference.yaml:90; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:102:9: figure 'pc15-600-billion-added': the id is also used at curated/zz-copy.yaml:102; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:102:9: figure 'pc15-600-billion-added': the id is also used at curated/nato-2024-02-15-press-conference.yaml:102; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:115:9: figure 'pc15-10-billion-contracts': the id is also used at curated/zz-copy.yaml:115; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:115:9: figure 'pc15-10-billion-contracts': the id is also used at curated/nato-2024-02-15-press-conference.yaml:115; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:127:9: figure 'pc15-90000-forces': the id is also used at curated/zz-copy.yaml:127; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:127:9: figure 'pc15-90000-forces': the id is also used at curated/nato-2024-02-15-press-conference.yaml:127; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/nato-2024-02-15-press-conference.yaml:139:9: figure 'pc15-31-allies': the id is also used at curated/zz-copy.yaml:139; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/zz-copy.yaml:139:9: figure 'pc15-31-allies': the id is also used at curated/nato-2024-02-15-press-conference.yaml:139; figure ids must be unique across all curated files, so neither is shown: rename one of them",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:27); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:66:14: figure 'bgnes-2pct-guideline': reports 'pc15-2pct-guideline', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:40); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:77); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:97:14: figure 'bgnes-2pct-of-european-gdp': reports 'pc15-2pct-of-european-gdp', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:90); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:113:14: figure 'bgnes-600-billion': reports 'pc15-600-billion-added', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:102); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:129:14: figure 'bgnes-10-billion-contracts': reports 'pc15-10-billion-contracts', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:115); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:145:14: figure 'bgnes-90000-troops': reports 'pc15-90000-forces', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:127); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:161:14: figure 'bgnes-31-member-states': reports 'pc15-31-allies', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:139); fix that figure first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:201:13: comparison 'bgnes-immediate-vs-imminent': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:209:13: comparison 'bgnes-miscalculation': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:217:13: comparison 'bgnes-historic-progress': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:225:13: comparison 'bgnes-production-pace': record 'nato-2024-02-15-press-conference' is withheld because of problems in curated/nato-2024-02-15-press-conference.yaml; fix those first",
    ]
    # Neither the original nor the copy is served under the shared id: both are withheld with their figures.
    assert result.withheld_documents == ["nato-2024-02-15-press-conference", "nato-2024-02-15-press-conference"]
    assert result.withheld_figures == PC_FIGURES + PC_FIGURES + BG_FIGURES_ON_PC
    assert sorted(result.corpus.documents) == WITHOUT_PC
    assert len(result.corpus.figures) == 44
    assert result.corpus.comparisons == {}


# --- the figure is not proven by its text ---------------------------------------------------------------------


def test_quote_not_in_text_says_where_it_stops_matching(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-18-allies-at-2pct",
              'quote: "I expect 18 Allies to spend 2% of their GDP on defence this year."',
              'quote: "I expect 18 Allies to spend 2 % of their GDP on defence this year."')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:37:12: figure 'pc15-18-allies-at-2pct': the quote is not in data/sources/nato-2024-02-15-press-conference.txt; copy it byte for byte (the first 29 characters match line 12 of the text, which then has '% of their G' where the quote has ' % of their ')",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:27); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-18-allies-at-2pct", "bgnes-18-allies-at-2pct")


def test_quote_with_a_straight_apostrophe_for_a_curly_one(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-miscalculation",
              "record_quote: \"NATO continues to ensure there’s no room",
              "record_quote: \"NATO continues to ensure there's no room")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:210:19: comparison 'bgnes-miscalculation': the record quote is not in data/sources/nato-2024-02-15-press-conference.txt; copy it byte for byte (the first 30 characters match line 39 of the text, which then has '’s no room f' where the quote has \"'s no room f\")",
    ]
    assert sorted(result.corpus.comparisons) == ["bgnes-historic-progress", "bgnes-immediate-vs-imminent", "bgnes-production-pace"]
    assert len(result.corpus.figures) == 62


def test_quote_with_nothing_in_common(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", 'quote: "A six-fold increase from only 3 Allies in 2014."',
              'quote: "Zebras."')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:62:12: figure 'pc15-six-fold': the quote is not in data/sources/nato-2024-02-15-press-conference.txt; copy it byte for byte (no part of it was found)",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_quote_found_twice_without_occurrence(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-2pct-of-european-gdp",
              'quote: "For the first time, this amounts to 2% of their total GDP."', 'quote: "2% of their"')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:100:12: figure 'pc15-2pct-of-european-gdp': the quote occurs 2 times in data/sources/nato-2024-02-15-press-conference.txt (lines 12, 17); add occurrence: 1 to 2 to say which",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:97:14: figure 'bgnes-2pct-of-european-gdp': reports 'pc15-2pct-of-european-gdp', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:90); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-2pct-of-european-gdp", "bgnes-2pct-of-european-gdp")


def test_quote_found_twice_with_occurrence_loads_the_one_named(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-2pct-of-european-gdp",
              'quote: "For the first time, this amounts to 2% of their total GDP."', 'quote: "2% of their"\n    occurrence: 2')
    result = load_root(corpus_copy)
    assert messages(result) == []
    figure = result.corpus.figures["pc15-2pct-of-european-gdp"]
    assert (figure.occurrence, figure.quote_start, figure.number_start) == (2, 625, 625)


def test_occurrence_too_large(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-2pct-of-european-gdp",
              'quote: "For the first time, this amounts to 2% of their total GDP."', 'quote: "2% of their"\n    occurrence: 3')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:101:17: figure 'pc15-2pct-of-european-gdp': occurrence is 3 but the quote occurs 2 times in data/sources/nato-2024-02-15-press-conference.txt; set occurrence: 1 to 2",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:97:14: figure 'bgnes-2pct-of-european-gdp': reports 'pc15-2pct-of-european-gdp', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:90); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-2pct-of-european-gdp", "bgnes-2pct-of-european-gdp")


def test_occurrence_on_a_quote_written_once(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    basis: point_in_time\n", "    occurrence: 2\n    basis: point_in_time\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:60:17: figure 'pc15-six-fold': occurrence is 2 but the quote occurs 1 time in data/sources/nato-2024-02-15-press-conference.txt; remove occurrence, which only a repeated quote needs",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_occurrence_zero(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    basis: point_in_time\n", "    occurrence: 0\n    basis: point_in_time\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:60:17: figure 'pc15-six-fold': 'occurrence' must be a whole number from 1, not the number 0",
    ]
    assert_withheld_figures(result, "pc15-six-fold")


def test_value_that_disagrees_with_the_quote(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-380-billion", "    value: 380\n", "    value: 381\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:79:12: figure 'pc15-380-billion': value 381 (billion US dollars) disagrees with the quote, where \"380 billion US dollars\" is 380 billion US dollars; set value: 380, or correct the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:77); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-380-billion", "bgnes-380-billion")


def test_value_written_in_the_wrong_scale(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-380-billion", "    value: 380\n", "    value: 380000000000\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:79:12: figure 'pc15-380-billion': value 380,000,000,000 (billion US dollars) disagrees with the quote, where \"380 billion US dollars\" is 380 billion US dollars; set value: 380, or correct the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:77); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-380-billion", "bgnes-380-billion")


def test_qualifier_that_disagrees_with_the_quote(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-600-billion-added", "    qualifier: more_than\n", "    qualifier: exact\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:106:16: figure 'pc15-600-billion-added': qualifier is exact but the quote puts \"more than\" before the number (\"more than 600 billion dollars\"); set qualifier: more_than",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:113:14: figure 'bgnes-600-billion': reports 'pc15-600-billion-added', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:102); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-600-billion-added", "bgnes-600-billion")


def test_hedge_claimed_where_the_quote_has_none(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-380-billion", "    qualifier: exact\n", "    qualifier: approximately\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:81:16: figure 'pc15-380-billion': qualifier is approximately but the quote puts no hedge before the number (\"380 billion US dollars\"); set qualifier: exact",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:77); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-380-billion", "bgnes-380-billion")


def test_money_unit_on_a_count_quote(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-90000-forces", "    unit: troops\n", "    unit: usd_billion\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:130:11: figure 'pc15-90000-forces': the unit usd_billion needs an amount of money (such as $380 billion) in the quote, but the quote writes \"approximately 90,000\", \"31\"; check the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:145:14: figure 'bgnes-90000-troops': reports 'pc15-90000-forces', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:127); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-90000-forces", "bgnes-90000-troops")


def test_count_unit_whose_noun_does_not_fit(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-18-allies-at-2pct", "    unit: allies\n", "    unit: troops\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:30:11: figure 'pc15-18-allies-at-2pct': the unit troops counts troops, forces, soldiers, personnel, service members, but in the quote \"18\" is followed by \"Allies to spend 2%\"; check the unit or add number_text",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': reports 'pc15-18-allies-at-2pct', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:27); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-18-allies-at-2pct", "bgnes-18-allies-at-2pct")


def test_count_unit_that_fits_another_number_of_the_quote(corpus_copy):
    # 31 Allies called troops: the troops in this quote are the 90,000 forces, so the value is what disagrees.
    edit_item(corpus_copy, PC, "pc15-31-allies", "    unit: allies\n", "    unit: troops\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:141:12: figure 'pc15-31-allies': value 31 (troops) disagrees with the quote, where \"approximately 90,000\" is 90,000 troops; set value: 90,000, or correct the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:161:14: figure 'bgnes-31-member-states': reports 'pc15-31-allies', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:139); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-31-allies", "bgnes-31-member-states")


def test_number_text_not_in_the_quote(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-3-allies-2014", "    basis: annual\n", '    number_text: "3 allies"\n    basis: annual\n')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:73:18: figure 'pc15-3-allies-2014': number_text \"3 allies\" is not in the quote; copy the words that write the number from the quote",
    ]
    assert_withheld_figures(result, "pc15-3-allies-2014")


# --- references between figures and documents -----------------------------------------------------------------


def test_dangling_reports_with_did_you_mean(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "    reports: pc15-380-billon\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billon', which is not a curated figure; did you mean 'pc15-380-billion'?",
    ]
    assert_withheld_figures(result, "bgnes-380-billion")


def test_dangling_reports_without_a_close_id(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "    reports: zebra\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'zebra', which is not a curated figure",
    ]
    assert_withheld_figures(result, "bgnes-380-billion")


def test_reports_pointing_at_a_withheld_figure(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-10-billion-contracts", "    value: 10\n", "    value: 11\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:117:12: figure 'pc15-10-billion-contracts': value 11 (billion US dollars) disagrees with the quote, where \"ten billion dollars\" is 10 billion US dollars; set value: 10, or correct the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:129:14: figure 'bgnes-10-billion-contracts': reports 'pc15-10-billion-contracts', which is withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:115); fix that figure first",
    ]
    assert_withheld_figures(result, "pc15-10-billion-contracts", "bgnes-10-billion-contracts")


def test_reports_itself(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "    reports: bgnes-380-billion\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports itself; name the record's figure instead",
    ]
    assert_withheld_figures(result, "bgnes-380-billion")


def test_reports_a_figure_of_a_statement(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "    reports: bgnes-2pct-guideline\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'bgnes-2pct-guideline', a figure of another statement; name a figure of a NATO record",
    ]
    assert_withheld_figures(result, "bgnes-380-billion")


def test_verdict_without_reports(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': a verdict needs 'reports', the id of the record's figure it judges against",
    ]
    assert_withheld_figures(result, "bgnes-380-billion")


def test_reports_without_verdict(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-18-allies-at-2pct", "    verdict: faithful\n", "")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:51:14: figure 'bgnes-18-allies-at-2pct': a figure that reports a record's figure needs a verdict: faithful, reworded, meaning_differs or number_missing",
    ]
    assert_withheld_figures(result, "bgnes-18-allies-at-2pct")


def test_reworded_without_difference(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-2pct-of-european-gdp",
              '    difference: "\\"that amounts to 2 percent\\" for \\"this amounts to 2%\\": the same share."\n', "")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:98:14: figure 'bgnes-2pct-of-european-gdp': verdict reworded needs a 'difference' saying what changed and what that changes",
    ]
    assert_withheld_figures(result, "bgnes-2pct-of-european-gdp")


def test_meaning_differs_without_difference(corpus_copy):
    path = corpus_copy / BG
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[114].startswith('    difference: "NATO said European Allies and Canada')  # line 115
    del lines[114]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:114:14: figure 'bgnes-600-billion': verdict meaning_differs needs a 'difference' saying what changed and what that changes",
    ]
    assert_withheld_figures(result, "bgnes-600-billion")


def test_faithful_verdict_whose_record_figure_differs(corpus_copy):
    # The 600 billion case: the record's figure is cumulative, the report's annual.
    edit_item(corpus_copy, BG, "bgnes-600-billion", "    verdict: meaning_differs\n", "    verdict: faithful\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:113:14: figure 'bgnes-600-billion': verdict faithful but the record's figure 'pc15-600-billion-added' differs (value, unit, qualifier or basis); use meaning_differs and say how in 'difference'",
    ]
    assert_withheld_figures(result, "bgnes-600-billion")


def test_comparison_whose_record_quote_is_not_in_the_record(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-historic-progress", 'record_quote: "But we have already made historic progress."',
              'record_quote: "But we have already made hysteric progress."')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:218:19: comparison 'bgnes-historic-progress': the record quote is not in data/sources/nato-2024-02-15-press-conference.txt; copy it byte for byte (the first 26 characters match line 22 of the text, which then has 'istoric prog' where the quote has 'ysteric prog')",
    ]
    assert "bgnes-historic-progress" not in result.corpus.comparisons
    assert len(result.corpus.comparisons) == 3
    assert len(result.corpus.figures) == 62


def test_comparison_whose_quote_is_not_in_the_statement(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-historic-progress", 'quote: "We still', 'quote: "We stil')
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:216:12: comparison 'bgnes-historic-progress': the quote is not in data/sources/bgnes-2024-02-15-stoltenberg.txt; copy it byte for byte (no part of it was found)",
    ]
    assert len(result.corpus.comparisons) == 3


def test_comparison_naming_an_unknown_record(corpus_copy):
    edit_item(corpus_copy, BG, "bgnes-historic-progress", "    record: nato-2024-02-15-press-conference\n",
              "    record: nato-2024-02-15-press-conferenc\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml:217:13: comparison 'bgnes-historic-progress': record 'nato-2024-02-15-press-conferenc' is not a curated document; did you mean 'nato-2024-02-15-press-conference'?",
    ]
    assert len(result.corpus.comparisons) == 3


def test_comparisons_that_are_not_a_list(corpus_copy):
    edit(corpus_copy, PC, "schema_version: 1\n", "schema_version: 1\ncomparisons: {}\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:10:14: comparisons must be a list, not a mapping",
    ]


# --- the source text ------------------------------------------------------------------------------------------


def test_missing_text_file(corpus_copy):
    (corpus_copy / PC_TEXT).unlink()
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:21:9: document 'nato-2024-02-15-press-conference': data/sources/nato-2024-02-15-press-conference.txt does not exist; copy the document's text there or correct the file name",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_checksum_mismatch_after_an_edit_of_the_text(corpus_copy):
    path = corpus_copy / PC_TEXT
    text = path.read_text(encoding="utf-8")
    assert text.count("historic progress") == 1
    path.write_text(text.replace("historic progress", "historic  progress"), encoding="utf-8")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:22:11: document 'nato-2024-02-15-press-conference': data/sources/nato-2024-02-15-press-conference.txt has changed since it was curated (its sha256 is 66080164ae90365b2c449a3620d13d077da81eb712c2208d29034e165695d79a, the file records 0771d4c25699ca64310e366e1010c1007ead21dcd601f9d3dd1c1afd94614aa1); check that every quote still reads true, then record the new sha256",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


def test_text_file_that_is_not_utf8(corpus_copy):
    path = corpus_copy / PC_TEXT
    path.write_bytes(path.read_bytes().replace("’".encode("utf-8"), "’".encode("cp1252")))
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:22:11: document 'nato-2024-02-15-press-conference': data/sources/nato-2024-02-15-press-conference.txt has changed since it was curated (its sha256 is 5de4aad65dceb479457ef6c3c83d2e3efac8ce5c3eab5f794df0afda6e8ada68, the file records 0771d4c25699ca64310e366e1010c1007ead21dcd601f9d3dd1c1afd94614aa1); check that every quote still reads true, then record the new sha256",
        "curated/nato-2024-02-15-press-conference.yaml:21:9: document 'nato-2024-02-15-press-conference': data/sources/nato-2024-02-15-press-conference.txt is not UTF-8 (byte 0x92 on its line 39, column 31); save it as UTF-8",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


@pytest.mark.parametrize("name", ["../../etc/passwd", ".env"])
def test_text_that_is_a_path(corpus_copy, name):
    edit(corpus_copy, PC, "  text: nato-2024-02-15-press-conference.txt\n", f"  text: {name}\n")
    result = load_root(corpus_copy)
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:21:9: document 'nato-2024-02-15-press-conference': 'text' must be a file name in data/sources/, not a path",
        *BG_WHEN_PC_DOCUMENT_WITHHELD,
    ]
    assert_pc_document_withheld(result)


# --- accepted as they are -------------------------------------------------------------------------------------


def test_html_in_a_quote_is_kept_verbatim(corpus_copy):
    # Escaping is the UI's job; the data core keeps the words exactly as published.
    text = "Hostile headline\n\nA reader wrote <script>alert(1)</script> and NATO said 18 Allies spend 2% on defence.\n"
    (corpus_copy / "data/sources/hostile.txt").write_text(text, encoding="utf-8")
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write(corpus_copy, "curated/hostile.yaml", f"""\
        schema_version: 1
        document:
          id: hostile-html
          role: corroborating
          title: "<b>Bold</b> <img src=x onerror=alert(1)>"
          producer: "Test <i>agency</i>"
          date_published: "2024-02-15"
          url_main: null
          completeness: complete
          text: hostile.txt
          sha256: {sha256}
          citation_full: "Test."
        figures:
          - id: hostile-18-allies
            label: "Allies <script>alert(2)</script>"
            value: 18
            unit: allies
            qualifier: exact
            period: "2024"
            scope: "NATO Allies"
            kind: expectation
            basis: annual
            topic: two-percent-guideline
            quote: "A reader wrote <script>alert(1)</script> and NATO said 18 Allies spend 2% on defence."
        """)
    result = load_root(corpus_copy)
    assert messages(result) == []
    figure = result.corpus.figures["hostile-18-allies"]
    assert figure.quote == "A reader wrote <script>alert(1)</script> and NATO said 18 Allies spend 2% on defence."
    assert figure.label == "Allies <script>alert(2)</script>"
    assert (figure.quote_start, figure.number_start, figure.number_end) == (18, 73, 75)
    assert result.corpus.documents["hostile-html"].title == "<b>Bold</b> <img src=x onerror=alert(1)>"
    assert len(result.corpus.figures) == 63


def test_a_curated_file_saved_with_a_bom_and_windows_line_ends_loads(corpus_copy):
    path = corpus_copy / PC
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = load_root(corpus_copy)
    assert messages(result) == []
    assert len(result.corpus.figures) == 62
    assert result.corpus.figures["pc15-380-billion"].location.line == 77


def test_an_unquoted_date_is_read_as_text(corpus_copy):
    # YAML 1.2: 2024-02-15 is a string, not a date object (the files quote dates anyway).
    edit(corpus_copy, PC, '  date_published: "2024-02-15"\n', "  date_published: 2024-02-15\n")
    result = load_root(corpus_copy)
    assert messages(result) == []
    assert result.corpus.documents["nato-2024-02-15-press-conference"].date_published == "2024-02-15"


def test_every_problem_of_one_file_is_reported_in_one_run(corpus_copy):
    edit_item(corpus_copy, PC, "pc15-six-fold", "    kind: change\n", "    kind: forecast\n")
    edit_item(corpus_copy, PC, "pc15-380-billion", "    value: 380\n", "    value: 381\n")
    edit_item(corpus_copy, BG, "bgnes-380-billion", "    reports: pc15-380-billion\n", "    reports: pc15-380-billon\n")
    result = load_root(corpus_copy)
    # Each file's own problems in file order, then the references between files.
    assert messages(result) == [
        "curated/nato-2024-02-15-press-conference.yaml:59:11: figure 'pc15-six-fold': 'kind' is 'forecast', which is not one of: actual, estimate, expectation, target, goal, change",
        "curated/nato-2024-02-15-press-conference.yaml:79:12: figure 'pc15-380-billion': value 381 (billion US dollars) disagrees with the quote, where \"380 billion US dollars\" is 380 billion US dollars; set value: 380, or correct the unit or the quote",
        "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billon', which is not a curated figure; did you mean 'pc15-380-billion'?",
    ]
    assert result.withheld_figures == ["pc15-six-fold", "pc15-380-billion", "bgnes-380-billion"]
    assert len(result.corpus.figures) == 59
