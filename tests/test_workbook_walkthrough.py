"""CURATING.md's "Adding an indicator", followed on a copy of curated/ and data/, so the text cannot go stale."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from defence_figures import cli
from defence_figures.nato.workbook import load_tables

REPO = Path(__file__).resolve().parent.parent
DESCRIPTION = "curated/workbooks/nato-def-exp-2024.yaml"


def walkthrough_blocks() -> list[str]:
    """The YAML blocks of the walk-through, as written: the sheet entry, then the indicator entry."""
    text = (REPO / "CURATING.md").read_text(encoding="utf-8")
    section = text.split("\n### Adding an indicator\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "curated", tmp_path / "curated")
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(tmp_path))
    return tmp_path


def follow_steps_2_and_3(root: Path, indicator: str) -> str:
    """Step 2: the sheet entry at the end of `sheets`, just before `indicators:`; step 3: the indicator at the end."""
    sheet, _ = walkthrough_blocks()
    path = root / DESCRIPTION
    text = path.read_text(encoding="utf-8")
    assert text.count("\nindicators:\n") == 1
    text = text.replace("\nindicators:\n", f"{sheet}\nindicators:\n")
    text = text + ("" if text.endswith("\n\n") else "\n") + indicator
    path.write_text(text, encoding="utf-8")
    return text


def test_the_walkthrough_has_the_blocks_it_promises():
    sheet, indicator = walkthrough_blocks()
    assert sheet.startswith("  - sheet: TABLE8a\n") and "    aggregates: []" in sheet
    assert indicator.startswith("  - id: equipment_share\n") and '    block_title: "Equipment (a)"\n' in indicator


def test_adding_an_indicator_as_the_walkthrough_says(root, capsys):
    _, indicator = walkthrough_blocks()
    follow_steps_2_and_3(root, indicator)

    assert cli.main(["validate"]) == 0  # step 4
    assert "; 2,156 table values from 1 workbook, checksum and titles verified" in capsys.readouterr().out

    tables = load_tables(root)
    rows = tables.frame[(tables.frame["indicator"] == "equipment_share") & (tables.frame["ally"] == "Poland")
                        & (tables.frame["year"] == 2024)]
    assert rows["cell"].tolist() == ["TABLE8a!N32"]
    assert rows["value"].tolist() == [51.12758261641106]
    assert rows["estimate"].tolist() == [True]
    assert tables.indicators["equipment_share"].table == "Table 8a"
    assert tables.cite(rows.iloc[0]) == ("NATO, Defence Expenditure of NATO Countries (2014-2024), Table 8a, Poland, "
                                         "2024e (cell TABLE8a!N32)")


def test_a_misspelt_field_in_the_walkthrough_is_named_with_its_place(root, capsys):
    _, indicator = walkthrough_blocks()
    text = follow_steps_2_and_3(root, indicator.replace("    block_title:", "    block_tittle:"))
    line = text.splitlines().index('    block_tittle: "Equipment (a)"') + 1

    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (f"{DESCRIPTION}:{line}:5: indicator 'equipment_share': unknown field "
                                   "'block_tittle'; did you mean 'block_title'?")
    tables = load_tables(root)
    assert [str(p) for p in tables.problems] == [out.splitlines()[0]]
    assert tables.withheld_indicators == ["share_of_gdp", "real_change", "usd_current", "usd_constant_2015", "personnel"]
    assert tables.frame.empty
