"""The Data Package: datapackage.json and its CSVs pass `frictionless validate`, keys hold, selectors re-find every quote, values stay exact."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import frictionless
import pytest

from conftest import load_root
from defence_figures.corpus.claims import load_claims
from defence_figures.corpus.frames import figures_frame
from defence_figures.nato.checks import build_checks, load_declarations
from defence_figures.nato.workbook import load_tables
from defence_figures.reuse import datapackage

# One claim on the fixture corpus, with text a browser or a spreadsheet must not run: its outcome's
# difference begins with "=", its claim holds markup. Shared by test_factsheet and test_cli_reuse.
FIXTURE_CLAIMS = """\
schema_version: 1
claims:
  - id: eighteen-allies-at-2pct
    claim: "18 Allies are expected to spend 2% of GDP <b>on defence</b> & more in 2024."
    short: "18 Allies <at> 2%"
    author: "Jens Stoltenberg, NATO Secretary General"
    topic: two-percent-guideline
    first_appearance: pc15-18-allies-at-2pct
    explanation: "<script>alert(1)</script> A forecast."
    outcomes:
      - figure: example-3-allies-share-cost
        verdict: lower
        difference: "=HYPERLINK(\\"https://example.org\\") is how a made-up later record reads."
"""
RESOURCES = ["documents", "figures", "claims", "appearances", "outcomes", "comparisons", "table-values"]
FILES = {"datapackage.json", "documents.csv", "figures.csv", "claims.csv", "appearances.csv", "outcomes.csv",
         "comparisons.csv", "table-values.csv"}
PC = "nato-2024-02-15-press-conference"


def add_claims(root: Path) -> Path:
    (root / "curated" / "claims").mkdir(exist_ok=True)
    (root / "curated" / "claims" / "fixture.yaml").write_text(FIXTURE_CLAIMS, encoding="utf-8")
    return root


def loaded(root: Path):
    """corpus, claims, fact check and tables of a root, as the command line loads them."""
    result = load_root(root)
    tables = load_tables(root)
    fact_check = build_checks(tables, figures_frame(result.corpus), load_declarations(root), result.withheld_figures)
    claims = load_claims(result.corpus, result.withheld_figures, root)
    assert result.problems == [] and claims.problems == [] and tables.problems == []
    return result.corpus, claims.claims, fact_check, tables


@pytest.fixture
def package(fixture_root, tmp_path_factory) -> Path:
    root = add_claims(fixture_root)
    out = tmp_path_factory.mktemp("package") / "pkg"
    return datapackage.write_datapackage(out, *loaded(root))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_package_is_valid_for_frictionless(package):
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == RESOURCES
    assert {p.name for p in package.parent.iterdir()} == FILES


def test_the_frictionless_command_says_valid(package):
    command = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(command), "validate", "--json", str(package)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["valid"] is True


def test_the_descriptor_is_v2_with_schemas_licences_and_sources(package):
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "defence-figures"
    assert [r["name"] for r in descriptor["resources"]] == RESOURCES
    for resource in descriptor["resources"]:
        assert resource["path"] == f"{resource['name']}.csv"
        assert resource["licenses"][0]["name"] == "other-closed"
        assert all(field["description"] for field in resource["schema"]["fields"]), resource["name"]
        assert resource["schema"]["primaryKey"]
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")["schema"]
    assert [f["name"] for f in figures["fields"]][-6:] == ["selector_exact", "selector_prefix", "selector_suffix",
                                                           "selector_start", "selector_end", "text_sha256"]
    types = {f["name"]: f["type"] for f in figures["fields"]}
    assert (types["value"], types["quote_start"], types["date_published"], types["quote"]) == ("number", "integer", "date", "string")
    assert figures["foreignKeys"][0] == {"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}}
    assert {"title": "NATO: Press conference by NATO Secretary General Jens Stoltenberg following the meetings of NATO "
                     "Ministers of Defence in Brussels (2024-02-15)",
            "path": "https://www.nato.int/cps/en/natohq/opinions_222605.htm"} in descriptor["sources"]
    # The statement has no known address: its source is named, without a path.
    assert {"title": "BGNES (Bulgarian news agency), English service: Stoltenberg says there is no immediate threat to "
                     "NATO members (2024-02-15)"} in descriptor["sources"]
    assert descriptor["sources"][-1]["title"] == ("NATO: Defence Expenditure of NATO Countries (2014-2024) (2024-06-17), "
                                                  "PR/CP(2024)081")
    assert "remain their publishers'" in descriptor["description"]
    assert "plain RFC 4180 CSV" in descriptor["description"]
    assert "import them as text" in descriptor["description"]


def test_the_rows_are_the_fixture_corpus(package):
    folder = package.parent
    counts = {name: len(rows(folder / f"{name}.csv")) for name in RESOURCES}
    assert counts == {"documents": 5, "figures": 29, "claims": 1, "appearances": 1, "outcomes": 2, "comparisons": 14,
                      "table-values": 1815}
    appearance = rows(folder / "appearances.csv")[0]
    assert (appearance["figure_id"], appearance["verdict"], appearance["nato_figure_id"]) == (
        "bgnes-18-allies-at-2pct", "faithful", "pc15-18-allies-at-2pct")
    cell = next(r for r in rows(folder / "table-values.csv") if r["cell"] == "TABLE3!N32")
    assert (cell["ally"], cell["year"], cell["estimate"], cell["indicator"]) == ("Poland", "2024", "true", "share_of_gdp")
    assert cell["citation"] == ("NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e "
                                "(cell TABLE3!N32)")


def test_the_selectors_find_every_quote_in_the_stored_text(package, fixture_root):
    for row in rows(package.parent / "figures.csv"):
        text = (fixture_root / "data" / "sources" / f"{row['document_id']}.txt").read_bytes()
        assert hashlib.sha256(text).hexdigest() == row["text_sha256"]
        text = text.decode("utf-8")
        start, end = int(row["selector_start"]), int(row["selector_end"])
        assert text[start:end] == row["selector_exact"] == row["quote"]
        assert text[:start].endswith(row["selector_prefix"]) and text[end:].startswith(row["selector_suffix"])
        assert len(row["selector_prefix"]) == min(32, start)
    first = next(r for r in rows(package.parent / "figures.csv") if r["figure_id"] == "pc15-18-allies-at-2pct")
    assert first["selector_exact"] == "I expect 18 Allies to spend 2% of their GDP on defence this year."


def test_the_values_are_plain_csv_exactly_as_curated(package):
    """No apostrophe before '=': data tools read the value as it is (the description says to import as text)."""
    outcome = rows(package.parent / "outcomes.csv")[1]
    assert outcome["difference"] == '=HYPERLINK("https://example.org") is how a made-up later record reads.'
    raw = (package.parent / "outcomes.csv").read_bytes()
    assert b"\r\n" in raw and b"'=HYPERLINK" not in raw
    resource = frictionless.Package(str(package)).get_resource("outcomes")
    read = resource.read_rows()
    assert read[1]["difference"].startswith("=HYPERLINK(")
    assert (read[0]["step"], read[0]["value"], read[0]["rests_on_press_report"]) == (1, 18, False)


def test_a_broken_key_is_found(package):
    figures = package.parent / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace(",bgnes-2024-02-15-stoltenberg,", ",no-such-document,", 1), encoding="utf-8")
    report = frictionless.validate(str(package))
    assert not report.valid
    assert [error[1:] for error in report.flatten(["rowNumber", "type", "note"])] == [
        ["foreign-key", 'for "document_id": values "no-such-document" not found in the lookup table "documents" as "document_id"'],
    ]


def test_the_zip_holds_the_same_package_and_validates(fixture_root, tmp_path):
    data = loaded(add_claims(fixture_root))
    blob = datapackage.datapackage_zip(*data)
    assert blob == datapackage.datapackage_zip(*data)  # the same data, the same bytes
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert set(archive.namelist()) == FILES
        archive.extractall(tmp_path / "unzipped")
    written = datapackage.write_datapackage(tmp_path / "written", *data).parent
    for name in FILES:
        assert (tmp_path / "unzipped" / name).read_bytes() == (written / name).read_bytes(), name
    report = frictionless.validate(str(tmp_path / "unzipped" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_real_corpus_packages_validly(tmp_path, repo):
    result = load_root(repo)
    tables = load_tables(repo)
    fact_check = build_checks(tables, figures_frame(result.corpus), load_declarations(repo), result.withheld_figures)
    claims = load_claims(result.corpus, result.withheld_figures, repo).claims
    descriptor = datapackage.write_datapackage(tmp_path / "pkg", result.corpus, claims, fact_check, tables)
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Outcomes counted from NATO's tables keep their cells.
    counted = [r for r in rows(tmp_path / "pkg" / "outcomes.csv") if r["check_id"]]
    assert counted and all(r["cells"].startswith("TABLE") for r in counted)


def test_the_file_names_are_known_before_the_package_is_built(package):
    assert datapackage.package_file_names() == [f"{name}.csv" for name in RESOURCES] + ["datapackage.json"]
    assert set(datapackage.package_file_names()) == {p.name for p in package.parent.iterdir()}
