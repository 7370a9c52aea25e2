"""export --format datapackage|claimreview|bibtex|ris and factsheet: what each writes, and one located line for each bad input."""
from __future__ import annotations

import json
import os

import bibtexparser
import frictionless
import pytest

from defence_figures import cli
from test_datapackage import FILES, add_claims

CLAIM = "eighteen-allies-at-2pct"
PC = "nato-2024-02-15-press-conference"


@pytest.fixture(autouse=True)
def at_fixture_root(fixture_root, monkeypatch):
    add_claims(fixture_root)
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(fixture_root))


# --------------------------------------------------------------------------- datapackage

def test_export_a_datapackage_then_refuse_to_overwrite_it(tmp_path, capsys):
    target = tmp_path / "pkg"
    assert cli.main(["export", "--format", "datapackage", "-o", str(target)]) == 0
    assert capsys.readouterr() == ("", f"wrote a Data Package of 7 resources (5 documents, 29 figures, 1 claim, 1,815 table "
                                       f"values) to {target}; check it with `frictionless validate {target}/datapackage.json`\n")
    assert {p.name for p in target.iterdir()} == FILES
    assert frictionless.validate(str(target / "datapackage.json")).valid
    before = (target / "figures.csv").read_bytes()
    assert cli.main(["export", "--format", "datapackage", "-o", str(target)]) == 2
    assert capsys.readouterr() == ("", f"{target} already holds documents.csv, figures.csv, claims.csv ...; pass --force "
                                       "to replace the Data Package, or choose another folder\n")
    (target / "figures.csv").write_text("changed\n", encoding="utf-8")
    assert cli.main(["export", "--format", "datapackage", "-o", str(target), "--force"]) == 0
    capsys.readouterr()
    assert (target / "figures.csv").read_bytes() == before


def test_a_datapackage_needs_a_folder(capsys):
    assert cli.main(["export", "--format", "datapackage"]) == 2
    assert capsys.readouterr() == ("", "--format datapackage writes a folder of files: name it with -o DIR\n")


def test_a_datapackage_into_a_file_a_missing_parent_or_a_link_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert cli.main(["export", "--format", "datapackage", "-o", str(tmp_path / "notes.txt")]) == 2
    assert capsys.readouterr().err == (f"{tmp_path}/notes.txt is a file; name a folder for the Data Package "
                                       "(it is created when missing)\n")
    assert cli.main(["export", "--format", "datapackage", "-o", str(tmp_path / "a" / "b")]) == 2
    assert capsys.readouterr().err == (f"cannot write {tmp_path}/a/b: {tmp_path}/a does not exist; create the folder "
                                       "first, or choose another path\n")
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert cli.main(["export", "--format", "datapackage", "-o", str(tmp_path / "link"), "--force"]) == 2
    assert capsys.readouterr().err == (f"{tmp_path}/link is a symbolic link; export never writes through a link, even with "
                                       "--force. Name the folder itself, or another path\n")
    (tmp_path / "pkg").mkdir()
    os.symlink(tmp_path / "notes.txt", tmp_path / "pkg" / "claims.csv")
    assert cli.main(["export", "--format", "datapackage", "-o", str(tmp_path / "pkg"), "--force"]) == 2
    assert capsys.readouterr().err == (f"{tmp_path}/pkg/claims.csv is a symbolic link; export never writes through a link, "
                                       "even with --force. Remove it, or choose another folder\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["claims.csv"]


def test_options_that_do_not_fit_the_format_are_named(capsys):
    assert cli.main(["export", "--format", "datapackage", "--document", PC, "-o", "x"]) == 2
    assert capsys.readouterr() == ("", "--document is for --format csv, json, bibtex or ris; --format datapackage exports "
                                       "the whole corpus\n")
    assert cli.main(["export", "--format", "claimreview", "--document", PC]) == 2
    assert capsys.readouterr() == ("", "--document is for --format csv, json, bibtex or ris; --format claimreview exports "
                                       "claims (choose one with --claim ID)\n")
    assert cli.main(["export", "--format", "json", "--claim", CLAIM]) == 2
    assert capsys.readouterr() == ("", "--claim is for --format claimreview, not json; the fact sheet of one claim is "
                                       "`defence-figures factsheet --claim ID -o FILE`\n")
    assert cli.main(["export", "--format", "ris", "--bom"]) == 2
    assert capsys.readouterr() == ("", "--bom is for CSV: a JSON text must not begin with a byte-order mark (RFC 8259)\n")


# --------------------------------------------------------------------------- claimreview

def test_export_claimreview_of_every_claim_and_of_one(capsys):
    assert cli.main(["export", "--format", "claimreview"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["@context"] == "https://schema.org" and document["@graph"]
    assert err == ""
    assert any(node.get("claimReviewed") == "18 Allies are expected to spend 2% of GDP <b>on defence</b> & more in 2024."
               for node in document["@graph"])
    assert cli.main(["export", "--format", "claimreview", "--claim", CLAIM]) == 0
    assert json.loads(capsys.readouterr().out) == document  # the fixture has one claim


def test_export_claimreview_links_to_the_address_it_is_published_at(capsys):
    assert cli.main(["export", "--format", "claimreview", "--claim", CLAIM, "--base-url", "https://explorer.example/"]) == 0
    first = json.loads(capsys.readouterr().out)["@graph"][0]
    assert first["url"] == f"https://explorer.example/outcomes?claim={CLAIM}"


def test_export_claimreview_to_a_file(tmp_path, capsys):
    target = tmp_path / "claims.jsonld"
    assert cli.main(["export", "--format", "claimreview", "--claim", CLAIM, "-o", str(target)]) == 0
    count = len(json.loads(target.read_text(encoding="utf-8"))["@graph"])
    assert capsys.readouterr() == ("", f"wrote the ClaimReview JSON-LD of 1 claim ({count} reviews) to {target}\n")
    assert cli.main(["export", "--format", "claimreview", "-o", str(target)]) == 2
    assert capsys.readouterr() == ("", f"{target} already exists; pass --force to replace it, or choose another path\n")


def test_an_unknown_claim_gets_the_closest_and_the_list(capsys):
    assert cli.main(["export", "--format", "claimreview", "--claim", "eighteen-allies-at-2"]) == 2
    assert capsys.readouterr() == ("", "no claim 'eighteen-allies-at-2'; did you mean 'eighteen-allies-at-2pct'? "
                                       "The claims are: eighteen-allies-at-2pct\n")
    assert cli.main(["export", "--format", "claimreview", "--claim", "zzz\x1b[31m"]) == 2
    assert capsys.readouterr() == ("", "no claim 'zzz\\x1b[31m'; the claims are: eighteen-allies-at-2pct\n")


def test_no_claims_loaded_says_so(fixture_root, capsys):
    (fixture_root / "curated" / "claims" / "fixture.yaml").unlink()
    assert cli.main(["export", "--format", "claimreview", "--claim", CLAIM]) == 2
    assert capsys.readouterr() == ("", f"no claim '{CLAIM}': no claims are loaded (from curated/claims/); run "
                                       "`defence-figures validate` to see why\n")


# --------------------------------------------------------------------------- bibtex and ris

def test_export_bibtex_of_one_document_parses_back(capsys):
    assert cli.main(["export", "--format", "bibtex", "--document", PC]) == 0
    out, err = capsys.readouterr()
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert keys[0] == PC and len(keys) == 11  # the document and its 10 figures
    assert keys[1] == "figure:pc15-18-allies-at-2pct"
    assert err == ""


def test_export_ris_to_a_file(tmp_path, capsys):
    target = tmp_path / "all.ris"
    assert cli.main(["export", "--format", "ris", "-o", str(target)]) == 0
    assert capsys.readouterr() == ("", f"wrote 5 documents and 29 figures as RIS to {target}\n")
    text = target.read_text(encoding="utf-8")
    assert text.count("TY  - ") == 34 and text.count("ER  - ") == 34


def test_export_bibtex_of_an_unknown_document(capsys):
    assert cli.main(["export", "--format", "bibtex", "--document", "nato-2024-02-15-press-conferense"]) == 2
    assert capsys.readouterr().err.startswith("no document 'nato-2024-02-15-press-conferense'; the documents are: ")


# --------------------------------------------------------------------------- factsheet

def test_factsheet_of_one_claim(tmp_path, capsys):
    target = tmp_path / "sheet.html"
    assert cli.main(["factsheet", "--claim", CLAIM, "--no-chart", "-o", str(target)]) == 0
    assert capsys.readouterr() == ("", f"wrote the fact sheet of claim '{CLAIM}' to {target}\n")
    html = target.read_text(encoding="utf-8")
    assert "“18 Allies are expected to spend 2% of GDP &lt;b&gt;on defence&lt;/b&gt; &amp; more in 2024.”" in html
    assert cli.main(["factsheet", "--claim", CLAIM, "--no-chart", "-o", str(target)]) == 2
    assert capsys.readouterr() == ("", f"{target} already exists; pass --force to replace it, or choose another path\n")
    assert cli.main(["factsheet", "--claim", CLAIM, "--no-chart", "-o", str(target), "--force"]) == 0
    capsys.readouterr()


def test_factsheet_of_the_whole_statement_to_standard_output(capsys):
    assert cli.main(["factsheet", "--no-chart"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("<!DOCTYPE html>\n") and "<title>Fact sheet: BGNES, 2024-02-15</title>" in out
    assert err == ""


def test_factsheet_bad_inputs(tmp_path_factory, capsys):
    tmp_path = tmp_path_factory.mktemp("out")
    assert cli.main(["factsheet", "--claim", "18-allies", "-o", str(tmp_path / "x.html")]) == 2
    assert capsys.readouterr() == ("", "no claim '18-allies'; the claims are: eighteen-allies-at-2pct\n")
    assert cli.main(["factsheet", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr() == ("", f"{tmp_path} is a folder; name a file in it\n")
    assert cli.main(["factsheet", "-o", str(tmp_path / "no" / "x.html")]) == 2
    assert capsys.readouterr() == ("", f"cannot write {tmp_path}/no/x.html: {tmp_path}/no does not exist; create the "
                                       "folder first, or choose another path\n")
    assert list(tmp_path.iterdir()) == []
