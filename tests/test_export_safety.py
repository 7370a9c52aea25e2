"""Exports that cannot lose a file or run a formula: export -o refuses what it would overwrite, and every CSV neutralises formula-leading cells."""
from __future__ import annotations

import ast
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from conftest import REPO
from defence_figures import cli
from defence_figures.app import ui
from defence_figures.corpus.frames import spreadsheet_cell, spreadsheet_csv

PR = "curated/example-2024-03-01-press-release.yaml"
DRONES_LABEL = '    label: "Drones in the Example ministry’s order"\n'
HYPERLINK_LABEL = '    label: "=HYPERLINK(\\"http://x\\")"\n'


@pytest.fixture(autouse=True)
def at_fixture_copy(fixture_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(fixture_copy))


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty folder to export into (the fixture corpus fills tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def hyperlink_label(fixture_copy) -> Path:
    """The fixture corpus with the 250 drones labelled =HYPERLINK("http://x"), which the loader accepts as text."""
    path = fixture_copy / PR
    text = path.read_text(encoding="utf-8")
    assert text.count(DRONES_LABEL) == 1
    path.write_text(text.replace(DRONES_LABEL, HYPERLINK_LABEL), encoding="utf-8")
    return fixture_copy


# --------------------------------------------------------------------------- the CSV writer

def test_formula_leading_text_cells_get_an_apostrophe():
    frame = pd.DataFrame({
        "label": ["- 18 allies meet the target", '=HYPERLINK("http://x")', "+1", "@SUM(A1)", "\tcmd", "\rcmd",
                  "2% of GDP", "'quoted", "'=1+1"],
    })
    assert spreadsheet_csv(frame) == (
        "label\r\n"
        "'- 18 allies meet the target\r\n"
        "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
        "'+1\r\n"
        "'@SUM(A1)\r\n"
        "'\tcmd\r\n"
        "\"'\rcmd\"\r\n"  # quoted: a bare carriage return would end the row
        "2% of GDP\r\n"
        "''quoted\r\n"
        "''=1+1\r\n"
    )


def test_numbers_stay_numbers_and_empty_cells_stay_empty():
    frame = pd.DataFrame({"value": [-2.5, 3.0], "year": [-1, 2024], "note": [None, "-"]})
    assert spreadsheet_csv(frame) == "value,year,note\r\n-2.5,-1,\r\n3.0,2024,'-\r\n"


def test_the_original_text_is_the_cell_without_its_leading_apostrophe():
    for original in ["=1+1", "-2%", "'tis", "''", "'=x", "plain", "", "@", "\t"]:
        cell = spreadsheet_cell(original)
        assert (cell[1:] if cell.startswith("'") else cell) == original


def test_column_names_are_neutralised_too():
    assert spreadsheet_csv(pd.DataFrame({"=name": ["x"]})) == "'=name\r\nx\r\n"


def test_the_byte_order_mark_is_optional():
    frame = pd.DataFrame({"label": ["Example ministry’s order"]})
    assert spreadsheet_csv(frame, bom=True).encode("utf-8") == (
        b"\xef\xbb\xbflabel\r\nExample ministry\xe2\x80\x99s order\r\n")
    assert spreadsheet_csv(frame).encode("utf-8") == b"label\r\nExample ministry\xe2\x80\x99s order\r\n"


def test_the_frame_itself_is_not_changed():
    frame = pd.DataFrame({"label": ["=1+1"]})
    spreadsheet_csv(frame)
    assert frame["label"].tolist() == ["=1+1"]


def calls_to_csv(path: Path) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute) and node.attr == "to_csv"]


def test_no_module_but_frames_writes_csv_itself():
    # Every CSV of the app and the command goes through spreadsheet_csv; a stray to_csv would skip it.
    sources = sorted((REPO / "defence_figures").rglob("*.py")) + sorted((REPO / "pages").glob("*.py")) + [REPO / "app.py"]
    writers = [path.relative_to(REPO).as_posix() for path in sources if calls_to_csv(path)]
    assert writers == ["defence_figures/corpus/frames.py"]


# --------------------------------------------------------------------------- export

def test_export_csv_neutralises_a_formula_label(hyperlink_label, capsys):
    assert cli.main(["export", "--document", "example-2024-03-01-press-release"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[1].startswith(
        'example-250-drones,"\'=HYPERLINK(""http://x"")",250 drones,250.0,250,drones,drones,count,exact,2024-03,')


def test_export_json_keeps_the_label_as_written(hyperlink_label, capsys):
    assert cli.main(["export", "--format", "json", "--document", "example-2024-03-01-press-release"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)[0]["label"] == '=HYPERLINK("http://x")'


def test_export_bom_starts_the_csv_with_the_byte_order_mark(out, capsys):
    target = out / "figures.csv"
    assert cli.main(["export", "--bom", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbffigure_id,label,")
    assert cli.main(["export", "--bom"]) == 0
    assert capsys.readouterr().out.startswith("\ufefffigure_id,label,")


def test_export_bom_is_refused_for_json(capsys):
    assert cli.main(["export", "--format", "json", "--bom"]) == 2
    assert capsys.readouterr() == ("", "--bom is for CSV: a JSON text must not begin with a byte-order mark (RFC 8259)\n")


def test_export_never_overwrites_a_file_without_force(fixture_copy, capsys):
    curated = fixture_copy / PR
    before = curated.read_bytes()
    assert cli.main(["export", "-o", str(curated)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{curated} already exists; pass --force to replace it, or choose another path\n"
    assert curated.read_bytes() == before


def test_export_force_replaces_a_file_keeping_its_permissions(out, capsys):
    target = out / "figures.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert cli.main(["export", "--force", "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"wrote 29 figures to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("figure_id,label,")
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in out.iterdir()) == ["figures.csv"]  # no temporary file left behind


def test_export_never_writes_through_a_symbolic_link_even_with_force(fixture_copy, out, capsys):
    curated = fixture_copy / PR
    before = curated.read_bytes()
    link = out / "figures.csv"
    link.symlink_to(curated)
    for argv in (["export", "-o", str(link)], ["export", "--force", "-o", str(link)]):
        assert cli.main(argv) == 2
        assert capsys.readouterr().err == (f"{link} is a symbolic link; export never writes through a link, even with "
                                           "--force. Name the file itself, or another path\n")
    assert curated.read_bytes() == before
    assert link.is_symlink()


def test_export_refuses_a_dangling_link_too(out, capsys):
    link = out / "figures.csv"
    link.symlink_to(out / "nowhere.csv")
    assert cli.main(["export", "--force", "-o", str(link)]) == 2
    assert capsys.readouterr().err == (f"{link} is a symbolic link; export never writes through a link, even with "
                                       "--force. Name the file itself, or another path\n")
    assert not (out / "nowhere.csv").exists()


def test_export_writes_a_new_file_with_the_usual_permissions(out, capsys):
    target = out / "figures.json"
    umask = os.umask(0o022)
    try:
        assert cli.main(["export", "--format", "json", "-o", str(target)]) == 0
    finally:
        os.umask(umask)
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 29


def test_a_failed_write_leaves_the_old_file_whole(out, monkeypatch, capsys):
    target = out / "figures.csv"
    target.write_text("old\n", encoding="utf-8")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert cli.main(["export", "--force", "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in out.iterdir()) == ["figures.csv"]


def test_a_file_that_appears_while_exporting_is_not_replaced(out, monkeypatch, capsys):
    target = out / "figures.csv"
    make_temporary = tempfile.mkstemp

    def another_writer_first(*args, **kwargs):
        target.write_text("theirs\n", encoding="utf-8")
        return make_temporary(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", another_writer_first)
    assert cli.main(["export", "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"{target} already exists; pass --force to replace it, or choose another path\n"
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert sorted(p.name for p in out.iterdir()) == ["figures.csv"]


# --------------------------------------------------------------------------- the app's downloads

def test_the_download_csv_is_neutralised_with_a_byte_order_mark():
    frame = pd.DataFrame({"label": ["- 18 allies", "ok"], "value": [-2.5, 1.0]})
    assert ui.frame_csv(frame) == b"\xef\xbb\xbflabel,value\r\n'- 18 allies,-2.5\r\nok,1.0\r\n"
    assert json.loads(ui.frame_json(frame))[0]["label"] == "- 18 allies"


def test_the_figures_page_download_is_neutralised(hyperlink_label, monkeypatch):
    # AppTest keeps no deferred download after its run: record the callables the page registers, then call them.
    made = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("pages/figures.py")
    at.query_params["view"] = "Table"
    at.run()
    assert not at.exception
    assert sorted(made) == ["defence-figures.csv", "defence-figures.json"]
    rows = made["defence-figures.csv"]().decode("utf-8").splitlines()
    assert rows[0].startswith("\ufefffigure_id,label,")
    assert [row for row in rows if row.startswith("example-250-drones,")][0].startswith(
        'example-250-drones,"\'=HYPERLINK(""http://x"")",')
    records = json.loads(made["defence-figures.json"]())
    assert [r["label"] for r in records if r["figure_id"] == "example-250-drones"] == ['=HYPERLINK("http://x")']
