"""Bad paths and ids given to the command: one line on stderr and exit 2 (1 for bad data), never a traceback; a linked file is validated as itself."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from defence_figures import cli

PC = "curated/nato-2024-02-15-press-conference.yaml"
PR = "curated/example-2024-03-01-press-release.yaml"


@pytest.fixture(autouse=True)
def at_fixture_root(fixture_root, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(fixture_root))


@pytest.fixture
def elsewhere(tmp_path_factory) -> Path:
    """A folder outside the corpus."""
    return tmp_path_factory.mktemp("elsewhere")


def script() -> str:
    beside = Path(sys.executable).parent / "defence-figures"
    found = str(beside) if beside.exists() else shutil.which("defence-figures")
    assert found, "the console script is installed by `pip install -e .`"
    return found


def run_strict(args: list, root: Path, cwd: Path) -> subprocess.CompletedProcess:
    """The installed command with a standard output that refuses what is not UTF-8, as under an en_US.UTF-8 locale."""
    env = {**os.environ, "DEFENCE_FIGURES_ROOT": str(root), "PYTHONIOENCODING": "utf-8:strict"}
    return subprocess.run([script(), *args], capture_output=True, env=env, cwd=cwd, timeout=120)


# --------------------------------------------------------------------------- export -o

def test_export_to_a_folder(elsewhere, capsys):
    assert cli.main(["export", "-o", str(elsewhere)]) == 2
    assert capsys.readouterr() == ("", f"{elsewhere} is a folder; name a file in it\n")


def test_export_into_a_missing_folder(elsewhere, capsys):
    target = elsewhere / "missing" / "folder" / "x.csv"
    assert cli.main(["export", "-o", str(target)]) == 2
    assert capsys.readouterr() == ("", f"cannot write {target}: {elsewhere}/missing/folder does not exist; "
                                       "create the folder first, or choose another path\n")
    assert list(elsewhere.iterdir()) == []


def test_export_under_a_file(elsewhere, capsys):
    (elsewhere / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert cli.main(["export", "-o", str(elsewhere / "notes.txt" / "x.csv")]) == 2
    assert capsys.readouterr() == ("", f"cannot write {elsewhere}/notes.txt/x.csv: {elsewhere}/notes.txt is not a "
                                       "folder; create the folder first, or choose another path\n")


def test_export_to_a_pipe_is_refused_even_with_force(elsewhere, capsys):
    pipe = elsewhere / "pipe"
    os.mkfifo(pipe)
    assert cli.main(["export", "--force", "-o", str(pipe)]) == 2
    assert capsys.readouterr() == ("", f"{pipe} is not a regular file (a device or a pipe); choose another path\n")


# --------------------------------------------------------------------------- schema --check

def test_schema_check_of_a_folder(elsewhere, capsys):
    assert cli.main(["schema", "--check", str(elsewhere)]) == 2
    assert capsys.readouterr() == ("", f"{elsewhere} is a folder; name the schema file, such as "
                                       f"--check {elsewhere}/curated.schema.json\n")


def test_schema_check_of_a_missing_file(elsewhere, capsys):
    missing = elsewhere / "workbook.schema.json"
    assert cli.main(["schema", "workbook", "--check", str(missing)]) == 2
    assert capsys.readouterr() == ("", f"{missing}: no such file; write it with "
                                       f"`defence-figures schema workbook > {missing}`\n")


def test_schema_check_of_a_file_that_is_not_utf8_is_out_of_date(elsewhere, capsys):
    stale = elsewhere / "curated.schema.json"
    stale.write_bytes(b"\xff\xfe{}")
    assert cli.main(["schema", "--check", str(stale)]) == 1
    assert capsys.readouterr() == ("", f"{stale} is out of date; run `defence-figures schema > {stale}`\n")


# --------------------------------------------------------------------------- names that are not UTF-8

def test_export_to_a_name_that_is_not_utf8(fixture_root, elsewhere):
    done = run_strict(["export", "-o", os.fsencode(elsewhere) + b"/\xff.csv"], fixture_root, elsewhere)
    assert (done.returncode, done.stdout) == (0, b"")
    assert done.stderr == b"wrote 29 figures to " + os.fsencode(elsewhere) + b"/\\xff.csv\n"
    assert (elsewhere / os.fsdecode(b"\xff.csv")).read_bytes().startswith(b"figure_id,label,")


def test_validate_a_missing_name_that_is_not_utf8(fixture_root, elsewhere):
    done = run_strict(["validate", b"curated/\xfe.yaml"], fixture_root, fixture_root)
    assert (done.returncode, done.stdout, done.stderr) == (2, b"", b"curated/\\xfe.yaml: no such file\n")


def test_validate_a_curated_file_whose_name_is_not_utf8(fixture_root):
    (fixture_root / os.fsdecode(b"curated/\xff.yaml")).write_text("schema_version: 1\n", encoding="utf-8")
    done = run_strict(["validate"], fixture_root, fixture_root)
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.decode("ascii").splitlines() == [
        "curated/\\udcff.yaml:1:1: the file has no 'document' block describing its source text",
        "1 problem; 0 figures, 1 document and 0 table indicators withheld from the app",
    ]


def test_validate_a_folder(fixture_root, monkeypatch, capsys):
    monkeypatch.chdir(fixture_root)
    assert cli.main(["validate", "curated"]) == 2
    assert capsys.readouterr() == ("", "curated is a folder; name the curated files in it, such as curated/*.yaml\n")


# --------------------------------------------------------------------------- validate FILE through a link

BROKEN_380 = ("figure 'pc15-380-billion': value 381 (billion US dollars) disagrees with the quote, where \"380 billion "
              "US dollars\" is 380 billion US dollars; set value: 380, or correct the unit or the quote")


@pytest.fixture
def linked_broken_file(fixture_root, elsewhere) -> Path:
    """The press conference's file kept outside the corpus with 381 for 380, and curated/ holding a link to it."""
    kept = elsewhere / "nato-2024-02-15-press-conference.yaml"
    text = (fixture_root / PC).read_text(encoding="utf-8")
    assert text.count("    value: 380\n") == 1
    kept.write_text(text.replace("    value: 380\n", "    value: 381\n"), encoding="utf-8")
    (fixture_root / PC).unlink()
    (fixture_root / PC).symlink_to(kept)
    return kept


def test_validate_a_link_named_from_the_root_reports_its_problems(fixture_root, linked_broken_file, monkeypatch, capsys):
    monkeypatch.chdir(fixture_root)
    assert cli.main(["validate", PC]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"{fixture_root}/curated/nato-2024-02-15-press-conference.yaml:79:12: {BROKEN_380}",
        "1 problem; 2 figures, 0 documents and 0 table indicators withheld from the app",
    ]


def test_validate_a_link_outside_the_corpus_to_a_broken_file(fixture_root, elsewhere, capsys):
    path = fixture_root / PC
    path.write_text(path.read_text(encoding="utf-8").replace("    value: 380\n", "    value: 381\n"), encoding="utf-8")
    link = elsewhere / "press-conference.yaml"
    link.symlink_to(path)
    assert cli.main(["validate", str(link)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"curated/nato-2024-02-15-press-conference.yaml:79:12: {BROKEN_380}",
        "1 problem; 2 figures, 0 documents and 0 table indicators withheld from the app",
    ]


# --------------------------------------------------------------------------- export --document

def test_export_of_a_withheld_document_says_why(fixture_root, capsys):
    path = fixture_root / PR
    text = path.read_text(encoding="utf-8")
    assert text.count("  role: primary\n") == 1
    path.write_text(text.replace("  role: primary\n", "  role: record\n"), encoding="utf-8")
    assert cli.main(["export", "--document", "example-2024-03-01-press-release"]) == 2
    assert capsys.readouterr() == ("", "document 'example-2024-03-01-press-release' is withheld because of problems in "
                                       "its curated file; run `defence-figures validate` to see them\n")
