"""A named pipe where a curated file, a workbook description, a file of checks or a draft's source should be: refused at once."""
from __future__ import annotations

import os

import pytest

from conftest import load_root
from defence_figures import cli, paths
from defence_figures.nato.checks import load_declarations
from defence_figures.nato.workbook import load_tables

pytestmark = pytest.mark.timeout(60)  # a reader that opened the pipe would wait here forever


def test_read_regular_file_refuses_a_pipe_and_a_device_without_opening_them(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError) as pipe:
        paths.read_regular_file(tmp_path / "pipe", 10)
    assert pipe.value.strerror == "it is a named pipe, not a regular file"
    with pytest.raises(OSError) as device:
        paths.read_regular_file(os.devnull, 10)
    assert device.value.strerror == "it is a device, not a regular file"


def test_read_regular_file_reads_one_byte_past_the_limit(tmp_path):
    (tmp_path / "text").write_bytes(b"0123456789")
    assert paths.read_regular_file(tmp_path / "text", 4) == b"01234"


def test_a_pipe_among_the_curated_files_is_one_located_problem(corpus_copy):
    os.mkfifo(corpus_copy / "curated" / "zz-pipe.yaml")
    problems = [str(p) for p in load_root(corpus_copy).problems]
    assert problems == ["curated/zz-pipe.yaml:1:1: cannot read curated/zz-pipe.yaml: it is a named pipe, not a regular file"]


def test_a_pipe_among_the_workbook_descriptions_is_one_located_problem(corpus_copy):
    os.mkfifo(corpus_copy / "curated" / "workbooks" / "zz-pipe.yaml")
    problems = [str(p) for p in load_tables(corpus_copy).problems]
    assert problems == ["curated/workbooks/zz-pipe.yaml:1:1: cannot be read: it is a named pipe, not a regular file"]


def test_a_pipe_among_the_files_of_checks_is_one_located_problem(corpus_copy):
    os.mkfifo(corpus_copy / "curated" / "checks" / "zz-pipe.yaml")
    problems = [str(p) for p in load_declarations(corpus_copy).problems]
    assert problems == ["curated/checks/zz-pipe.yaml:1:1: cannot be read: it is a named pipe, not a regular file"]


def test_draft_refuses_a_pipe_as_its_source(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.txt")
    assert cli.main(["draft", str(tmp_path / "pipe.txt"), "--document-id", "pipe"]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'pipe.txt'}: cannot read it (it is a named pipe, not a regular file)\n"
