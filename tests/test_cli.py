"""The defence-figures command on the fixture corpus: validate, export and schema, in-process and once through the installed script."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from defence_figures import cli

SUMMARY = ("5 documents, 29 figures, 4 passages compared: every figure proven against its sentence; "
           "1,815 table values from 1 workbook, checksum and titles verified\n")
# The real corpus: only that it validates; its counts grow as documents are curated.
REAL_SUMMARY = re.compile(r"\d+ documents, \d+ figures, \d+ passages compared: every figure proven against its "
                          r"sentence; [\d,]+ table values from \d+ workbooks?, checksum and titles verified"
                          r"(?:; \d+ claims with their appearances and outcomes)?\n")
PC = "curated/nato-2024-02-15-press-conference.yaml"


@pytest.fixture(autouse=True)
def at_fixture_root(fixture_root, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(fixture_root))


@pytest.fixture
def real_root(monkeypatch):
    monkeypatch.delenv("DEFENCE_FIGURES_ROOT", raising=False)


@pytest.fixture
def broken_copy(fixture_root):
    """A copy where the press conference's 380 billion reads 381, so it and the report of it are withheld."""
    path = fixture_root / PC
    text = path.read_text(encoding="utf-8")
    assert text.count("    value: 380\n") == 1
    path.write_text(text.replace("    value: 380\n", "    value: 381\n"), encoding="utf-8")
    return fixture_root


BROKEN_OUTPUT = [
    "curated/nato-2024-02-15-press-conference.yaml:79:12: figure 'pc15-380-billion': value 381 (billion US dollars) "
    "disagrees with the quote, where \"380 billion US dollars\" is 380 billion US dollars; set value: 380, or correct "
    "the unit or the quote",
    "curated/bgnes-2024-02-15-stoltenberg.yaml:81:14: figure 'bgnes-380-billion': reports 'pc15-380-billion', which is "
    "withheld because of its own problems (curated/nato-2024-02-15-press-conference.yaml:77); fix that figure first",
    "2 problems; 2 figures, 0 documents and 0 table indicators withheld from the app",
]


def test_validate_passes_on_the_fixture(capsys):
    assert cli.main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == SUMMARY
    assert err == ""


def test_validate_passes_on_the_real_corpus(real_root, capsys):
    assert cli.main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert REAL_SUMMARY.fullmatch(out), out
    assert err == ""


def test_validate_lists_each_problem_and_a_count_on_a_broken_copy(broken_copy, capsys):
    assert cli.main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == BROKEN_OUTPUT
    assert err == ""


def test_validate_named_file_shows_only_its_problems(broken_copy, capsys):
    assert cli.main(["validate", str(broken_copy / PC)]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        BROKEN_OUTPUT[0],
        "1 problem; 2 figures, 0 documents and 0 table indicators withheld from the app",
    ]


def test_validate_a_good_file_of_a_broken_copy_passes(broken_copy, capsys):
    # The other file's problems are not this file's: the report names only what was asked about.
    assert cli.main(["validate", str(broken_copy / "curated/ukrinform-2024-02-15-nato-ukraine-council.yaml")]) == 0
    out, _ = capsys.readouterr()
    assert out == ("5 documents, 27 figures, 4 passages compared: every figure proven against its sentence; "
                   "1,815 table values from 1 workbook, checksum and titles verified\n")


def test_validate_a_missing_file_is_a_usage_error(capsys):
    assert cli.main(["validate", "curated/no-such-file.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "curated/no-such-file.yaml: no such file\n"


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_csv_has_every_column_and_figure(capsys):
    assert cli.main(["export", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    header = next(csv.reader(io.StringIO(out)))
    assert header[:5] == ["figure_id", "label", "display_value", "value", "value_text"]
    for column in ("quote", "number_text", "document_id", "quote_start", "quote_end", "number_start", "number_end",
                   "reports", "verdict", "difference", "curated_file", "curated_line"):
        assert column in header
    rows = read_csv(out)
    assert len(rows) == 29
    by_id = {row["figure_id"]: row for row in rows}
    assert by_id["bgnes-600-billion"]["display_value"] == "more than $600 billion"
    assert by_id["bgnes-600-billion"]["quote_start"] == "973"
    # A quote with a line break survives the round trip through CSV.
    assert by_id["ukr-75-billion-us-aid"]["number_text"] == "75 billion\n\ndollars"


def test_export_is_csv_by_default(capsys):
    assert cli.main(["export"]) == 0
    out, _ = capsys.readouterr()
    assert len(read_csv(out)) == 29


def test_export_csv_of_one_document(capsys):
    assert cli.main(["export", "--format", "csv", "--document", "bgnes-2024-02-15-stoltenberg"]) == 0
    out, _ = capsys.readouterr()
    rows = read_csv(out)
    assert len(rows) == 10
    assert {row["document_id"] for row in rows} == {"bgnes-2024-02-15-stoltenberg"}
    assert [row["figure_id"] for row in rows][:2] == ["bgnes-18-allies-at-2pct", "bgnes-2pct-guideline"]


def test_export_json(capsys):
    assert cli.main(["export", "--format", "json"]) == 0
    out, _ = capsys.readouterr()
    records = json.loads(out)
    assert len(records) == 29
    six_hundred = next(r for r in records if r["figure_id"] == "bgnes-600-billion")
    assert six_hundred["value"] == 600.0
    assert six_hundred["qualifier"] == "more_than"
    assert six_hundred["number_text"] == "$600 billion"
    assert (six_hundred["quote_start"], six_hundred["quote_end"]) == (973, 1069)
    assert six_hundred["reports"] == "pc15-600-billion-added"
    assert "Example ministry’s order" in out  # written as UTF-8, not as \u2019 escapes


def test_export_json_of_one_document(capsys):
    assert cli.main(["export", "--format", "json", "--document", "bgnes-2024-02-15-stoltenberg"]) == 0
    out, _ = capsys.readouterr()
    assert len(json.loads(out)) == 10


def test_export_to_a_file(tmp_path, capsys):
    target = tmp_path / "figures.json"
    assert cli.main(["export", "--format", "json", "--document", "bgnes-2024-02-15-stoltenberg", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"wrote 10 figures to {target}\n"
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 10


def test_export_an_unknown_document_is_a_usage_error(capsys):
    assert cli.main(["export", "--document", "no-such-document"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "no document 'no-such-document'; the documents are: bgnes-2024-02-15-stoltenberg, "
        "example-2024-03-01-budget-speech, example-2024-03-01-press-release, nato-2024-02-15-press-conference, "
        "ukrinform-2024-02-15-nato-ukraine-council\n"
    )


def test_export_from_a_broken_copy_exports_the_proven_figures_and_says_so(broken_copy, capsys):
    assert cli.main(["export"]) == 0
    out, err = capsys.readouterr()
    ids = [row["figure_id"] for row in read_csv(out)]
    assert len(ids) == 27
    assert "pc15-380-billion" not in ids and "bgnes-380-billion" not in ids
    assert err == "note: 2 problems withheld some figures; run `defence-figures validate`\n"


def test_schema_check_fails_on_a_stale_file(tmp_path, capsys):
    stale = tmp_path / "stale.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert cli.main(["schema", "--check", str(stale)]) == 1
    _, err = capsys.readouterr()
    assert err == f"{stale} is out of date; run `defence-figures schema > {stale}`\n"


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2


def script() -> str:
    """The console script beside the Python running the tests (a venv's bin/), else the one on PATH."""
    beside = Path(sys.executable).parent / "defence-figures"
    found = str(beside) if beside.exists() else shutil.which("defence-figures")
    assert found, "the console script is installed by `pip install -e .`"
    return found


def test_the_installed_script_validates_the_real_corpus():
    env = {k: v for k, v in os.environ.items() if k != "DEFENCE_FIGURES_ROOT"}
    done = subprocess.run([script(), "validate"], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert REAL_SUMMARY.fullmatch(done.stdout), done.stdout


def test_the_installed_script_fails_on_a_broken_copy(broken_copy: Path):
    env = {**os.environ, "DEFENCE_FIGURES_ROOT": str(broken_copy)}
    done = subprocess.run([script(), "validate"], capture_output=True, text=True, env=env, cwd=broken_copy, timeout=120)
    assert done.returncode == 1
    assert done.stdout.splitlines() == BROKEN_OUTPUT


def test_every_number_of_every_real_text_is_accounted_for(real_root, capsys):
    """Issue 12's 'every number in the fifteen texts is curated': a figure, or a not_figures entry saying why not."""
    assert cli.main(["validate", "--every-number"]) == 0
    out, _ = capsys.readouterr()
    assert out.endswith("; every number of every text accounted for\n"), out
