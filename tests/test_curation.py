"""A curator adds a document to a copy of the real corpus, as CURATING.md teaches: it validates, the schema accepts it and the pages show it."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from conftest import REPO, load_root
from defence_figures import cli

DOCUMENT = "example-2024-09-02-air-defence-fund"
TEXT = """Ministers agree new air defence fund

Defence ministers from 12 Allies agreed today to create a fund worth 2.5 billion dollars for air defence.
The fund will be open to every Ally from 2025.
"""
SENTENCE = "Defence ministers from 12 Allies agreed today to create a fund worth 2.5 billion dollars for air defence."


def curated_file(digest: str) -> str:
    """The curated file, written per CURATING.md: schema line, the numbers that are only dates, two figures."""
    return f'''# yaml-language-server: $schema=../schema/curated.schema.json
# Made up for the tests: a document a curator adds.
#
# Numbers that are only dates: "from 2025" is the year the fund opens to every Ally.
schema_version: 1
document:
  id: {DOCUMENT}
  role: primary
  title: "Ministers agree new air defence fund"
  producer: "Example news agency"
  date_published: "2024-09-02"
  url_main: null
  completeness: complete
  text: {DOCUMENT}.txt
  sha256: {digest}
  citation_full: "Example news agency. \\"Ministers agree new air defence fund.\\" 2 September 2024."
  notes: "Made up for the tests; it has no address."

figures:
  - id: airfund-12-allies
    label: "Allies whose defence ministers agreed to create the air defence fund"
    value: 12
    unit: allies
    qualifier: exact
    period: "2024-09"
    scope: "The Allies in the fund"
    kind: actual
    basis: point_in_time
    topic: membership
    quote: "{SENTENCE}"

  - id: airfund-2-5-billion
    label: "What the new air defence fund is worth"
    value: 2.5
    unit: usd_billion
    qualifier: exact
    period: "2024/.."
    scope: "The Allies in the fund"
    kind: goal
    basis: cumulative
    topic: defence-spending
    quote: "{SENTENCE}"
'''


def add_document(root: Path) -> None:
    """Step 1 and 4 of CURATING.md's walk-through: the text in data/sources/, the curated file in curated/."""
    text = root / "data" / "sources" / f"{DOCUMENT}.txt"
    text.write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    (root / "curated" / f"{DOCUMENT}.yaml").write_text(curated_file(digest), encoding="utf-8")


@pytest.fixture
def grown(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the whole real corpus (every curated file, text and workbook) with the new document added."""
    shutil.copytree(REPO / "curated", tmp_path / "curated")
    shutil.copytree(REPO / "data", tmp_path / "data")
    add_document(tmp_path)
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(tmp_path))
    return tmp_path


def test_the_new_document_and_its_two_figures_are_proven(grown):
    result = load_root(grown)
    assert [str(problem) for problem in result.problems] == []
    assert f"curated/{DOCUMENT}.yaml" in result.files
    allies = result.corpus.figures["airfund-12-allies"]
    money = result.corpus.figures["airfund-2-5-billion"]
    assert (allies.value, allies.number_text, allies.document_id) == (Decimal("12"), "12", DOCUMENT)
    assert (money.value, money.number_text, money.document_id) == (Decimal("2.5"), "2.5 billion dollars", DOCUMENT)
    assert TEXT[allies.quote_start:allies.quote_end] == SENTENCE


def test_validate_passes_with_the_new_document(grown, capsys):
    assert cli.main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"\d+ documents, \d+ figures, \d+ passages compared: every figure proven against its sentence; "
                        r"[\d,]+ table values from \d+ workbooks?, checksum and titles verified"
                        r"(?:; \d+ claims with their appearances and outcomes)?\n", out), out
    assert err == ""


def test_the_published_schema_accepts_the_new_file(grown):
    schema = json.loads((REPO / "schema" / "curated.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((grown / "curated" / f"{DOCUMENT}.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/figures.py", "pages/compare.py", "pages/sources.py",
                                  "pages/present.py", "pages/tracker.py", "pages/ally.py", "pages/fact-check.py"])
def test_every_page_renders_with_the_new_document(grown, page):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page(page)
    at.run()
    assert not at.exception
    assert not at.error


def test_the_sources_page_highlights_the_new_figures(grown):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("pages/sources.py")
    at.query_params["doc"] = DOCUMENT
    at.run()
    assert not at.exception
    assert at.selectbox(key="source_doc").value == DOCUMENT
    assert "\n".join(h.value for h in at.html).count('<sup class="df-chip') == 2
    assert at.success[0].value == "Every number in this text is curated, apart from years and dates."
