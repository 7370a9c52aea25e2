"""Where the project's data lives; DEFENCE_FIGURES_ROOT points the app and the CLI at another copy."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def root() -> Path:
    """Read at every call, so a test can point the app at a broken copy of the corpus."""
    return Path(os.environ.get("DEFENCE_FIGURES_ROOT") or PACKAGE_ROOT)


def curated_dir(base: Path | None = None) -> Path:
    return (base or root()) / "curated"


def sources_dir(base: Path | None = None) -> Path:
    return (base or root()) / "data" / "sources"


def display_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to the project root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
