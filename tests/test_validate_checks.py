"""`defence-figures validate` reports a fact check that names what the corpus or the tables do not hold."""
from __future__ import annotations

from pathlib import Path

from defence_figures.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_a_check_naming_a_missing_figure_fails_validate_at_its_line(corpus_copy, monkeypatch, capsys):
    root = corpus_copy
    checks = root / "curated" / "checks" / "nato-def-exp-2024.yaml"
    text = checks.read_text(encoding="utf-8")
    assert text.count("    figure: bgnes-18-allies-at-2pct\n") == 1
    checks.write_text(text.replace("    figure: bgnes-18-allies-at-2pct\n", "    figure: bgnes-18-allies-at-2pc\n"),
                      encoding="utf-8")
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(root))

    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "curated/checks/nato-def-exp-2024.yaml:30:13: check 'allies-at-2pct-2024': "
        "the figure 'bgnes-18-allies-at-2pc' is not in the curated corpus",
        "1 problem; 0 figures, 0 documents and 0 table indicators withheld from the app",
    ]
