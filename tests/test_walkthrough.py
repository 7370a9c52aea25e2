"""CURATING.md's walk-through, run command by command on a copy of the fixture corpus and docs/, so it cannot go stale."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from conftest import FIXTURE, REPO
from test_draft import fill_placeholders

DOCUMENT = "example-2024-06-18-blinken"


def walkthrough_commands() -> list[str]:
    text = (REPO / "CURATING.md").read_text(encoding="utf-8")
    section = text.split("## Adding a new statement", 1)[1]
    return [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines() if line]


def run(command: str, root: Path) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, DEFENCE_FIGURES_ROOT=str(root), PATH=f"{bin_dir}:{os.environ['PATH']}")
    return subprocess.run(command.replace(".venv/bin/", f"{bin_dir}/"), shell=True, cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_walkthrough_has_the_steps_it_promises():
    assert walkthrough_commands() == [
        "cp docs/walkthrough/press-release.txt data/sources/example-2024-06-18-blinken.txt",
        ".venv/bin/defence-figures draft data/sources/example-2024-06-18-blinken.txt --document-id example-2024-06-18-blinken",
        ".venv/bin/defence-figures validate curated/example-2024-06-18-blinken.yaml || true",
        ".venv/bin/defence-figures validate",
    ]


def test_the_walkthrough_runs_from_text_to_proven_figures_in_the_app(tmp_path, monkeypatch):
    root = tmp_path / "repo"  # the fixture corpus, so the count below stays true as curated/ grows
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "docs", root / "docs")
    copy, draft, check, validate = walkthrough_commands()

    assert run(copy, root).returncode == 0

    drafted = run(draft, root)
    assert drafted.returncode == 0, drafted.stderr
    assert f"wrote a draft with 5 figures to curated/{DOCUMENT}.yaml" in drafted.stderr
    curated = root / "curated" / f"{DOCUMENT}.yaml"

    pending = run(check, root)
    assert f"curated/{DOCUMENT}.yaml:10:9: document '{DOCUMENT}': 'role' is still a draft placeholder" in pending.stdout
    assert "fill it in" in pending.stdout

    curated.write_text(fill_placeholders(curated.read_text(encoding="utf-8")), encoding="utf-8")  # step 4, by script
    done = run(validate, root)
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("6 documents, 34 figures, 4 passages compared: every figure proven against its sentence")

    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(root))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("pages/sources.py")
    at.query_params["doc"] = DOCUMENT
    at.run()
    assert not at.exception
    assert at.selectbox(key="source_doc").value == DOCUMENT
    page = "\n".join(h.value for h in at.html)
    assert page.count('<sup class="df-chip') == 5
    assert at.success[0].value == "Every number in this text is curated, apart from years and dates."
