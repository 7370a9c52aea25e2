"""The layout's rules, read from the source: Streamlit only in the app layer, private names in one module, imports one way."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "defence_figures"
INTERNALS = PACKAGE / "app" / "internals.py"
# Imports of these reach into a library's machinery, not its documented API.
PRIVATE_MODULES = ("streamlit.runtime", "streamlit.web")


def python_files(*roots: Path) -> list[Path]:
    return sorted(path for root in roots for path in ([root] if root.suffix == ".py" else root.rglob("*.py")))


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, anywhere in it (inside functions and TYPE_CHECKING blocks too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                package = module_name(path).split(".")
                base = package[:len(package) - node.level + (path.name == "__init__.py")]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from defence_figures.corpus import charts` imports the module corpus.charts
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names
                      if (REPO / Path(*f"{module}.{alias.name}".split("."))).with_suffix(".py").exists()]
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(REPO)}:{line}"


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_imports_are_found_inside_functions_and_from_packages(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from defence_figures.corpus import charts\n\n\ndef later():\n    import streamlit as st\n",
                      encoding="utf-8")
    assert imports(module) == [(1, "defence_figures.corpus"), (1, "defence_figures.corpus.charts"), (5, "streamlit")]


# --- (a) Streamlit only in the app layer, pages/ and app.py -------------------------------------------


def test_nothing_outside_the_app_layer_imports_streamlit():
    outside = [path for path in python_files(PACKAGE) if PACKAGE / "app" not in path.parents]
    offenders = [f"{where(path, line)} imports {module}" for path in outside for line, module in imports(path)
                 if is_within(module, "streamlit")]
    assert offenders == [], "Only defence_figures/app/, pages/ and app.py may import streamlit:\n" + "\n".join(offenders)


# --- (b) private Streamlit and Plotly names in defence_figures/app/internals.py only --------------------


@cache
def own_private_names() -> set[str]:
    """Every _name the project defines itself: a function, class, variable, argument or attribute it assigns."""
    names = set()
    for path in python_files(PACKAGE, REPO / "pages", REPO / "app.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.split(".")[0])
    return {name for name in names if name.startswith("_")}


@cache
def library_private_names() -> set[str]:
    """The _names of the Streamlit and Plotly objects the project handles: st itself, its elements' DeltaGenerator,
    Plotly's figures and their parts."""
    import streamlit as st
    from plotly.basedatatypes import BaseFigure, BasePlotlyType
    from streamlit.delta_generator import DeltaGenerator

    return {name for thing in (st, DeltaGenerator, BaseFigure, BasePlotlyType) for name in dir(thing)
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__"))}


def library_aliases(tree: ast.AST) -> set[str]:
    """The names a module binds to Streamlit or Plotly (st, go, make_subplots, ...)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                        if alias.name.split(".")[0] in ("streamlit", "plotly")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("streamlit", "plotly"):
            aliases |= {alias.asname or alias.name for alias in node.names}
    return aliases


def root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def private_touches(path: Path, ours: set[str], theirs: set[str]) -> list[str]:
    """Attribute access to a Streamlit or Plotly _name or its name in a string, a swapped __class__, imports of their
    machinery or of their _names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    aliases = library_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "__class__" and isinstance(node.ctx, ast.Store):
            found.append(f"{where(path, node.lineno)} assigns .__class__")
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and node.attr not in ours
              and (node.attr in theirs or root_name(node.value) in aliases)):
            found.append(f"{where(path, node.lineno)} uses .{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in theirs:
            found.append(f"{where(path, node.lineno)} names {node.value}")  # for getattr and setattr
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("streamlit", "plotly") and (
                node.module.startswith(PRIVATE_MODULES) or any(alias.name.startswith("_") for alias in node.names)):
            found.append(f"{where(path, node.lineno)} imports from {node.module}")
        elif isinstance(node, ast.Import):
            found += [f"{where(path, node.lineno)} imports {alias.name}" for alias in node.names
                      if alias.name.startswith(PRIVATE_MODULES)]
    return found


def test_private_streamlit_and_plotly_names_appear_in_internals_only():
    ours, theirs = own_private_names(), library_private_names()
    files = [path for path in python_files(PACKAGE, REPO / "pages", REPO / "app.py") if path != INTERNALS]
    offenders = [touch for path in files for touch in private_touches(path, ours, theirs)]
    assert offenders == [], ("A private Streamlit or Plotly name belongs in defence_figures/app/internals.py, "
                             "with the version it was checked on and a test in tests/test_internals.py:\n"
                             + "\n".join(offenders))


def test_the_private_name_check_finds_what_internals_touches():
    """The check above would catch internals.py's own touches, were they anywhere else."""
    touches = private_touches(INTERNALS, own_private_names(), library_private_names())
    assert [touch.split(" ", 1)[1] for touch in touches] == [
        "imports from streamlit.runtime.pages_manager",
        "imports from streamlit.runtime.app_session", "imports from streamlit.runtime.scriptrunner",
        "imports from streamlit.runtime.pages_manager", "imports from streamlit.runtime.scriptrunner.script_cache",
        "names _send_addTraces_msg", "names _send_moveTraces_msg", "names _send_deleteTraces_msg",
        "names _send_restyle_msg", "names _send_relayout_msg", "names _send_update_msg", "names _send_animate_msg",
        "assigns .__class__",
    ]


# --- (c) imports one way, no circles -------------------------------------------------------------------

# (importer, what it must never import)
FORBIDDEN = [
    ("defence_figures.corpus", "defence_figures.app"),
    ("defence_figures.corpus", "defence_figures.cli"),
    ("defence_figures.corpus", "defence_figures.nato"),
    ("defence_figures.nato", "defence_figures.app"),
    ("defence_figures.nato", "defence_figures.cli"),
    ("defence_figures.app", "defence_figures.cli"),
    # reuse/ writes what the corpus and the tables hold in others' formats: below the app, above the data.
    ("defence_figures.corpus", "defence_figures.reuse"),
    ("defence_figures.nato", "defence_figures.reuse"),
    ("defence_figures.reuse", "defence_figures.app"),
    ("defence_figures.reuse", "defence_figures.cli"),
]


@cache
def package_imports() -> dict[str, list[tuple[int, str]]]:
    return {module_name(path): [(line, module) for line, module in imports(path) if is_within(module, "defence_figures")]
            for path in python_files(PACKAGE)}


@pytest.mark.parametrize("importer, imported", FORBIDDEN)
def test_no_module_imports_upward(importer, imported):
    offenders = [f"{module.replace('.', '/')}.py:{line} imports {target}"
                 for module, targets in package_imports().items() if is_within(module, importer)
                 for line, target in targets if is_within(target, imported)]
    assert offenders == [], f"{importer} must never import {imported}:\n" + "\n".join(offenders)


def test_no_import_circles_among_the_package_s_modules():
    edges = package_imports()
    modules = {module_name(path) for path in python_files(PACKAGE) if path.name != "__init__.py"}
    graph = {module: {target for _, target in edges[module] if target in modules and target != module} for module in modules}
    reach = {}
    for start in modules:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo += graph[module]
        reach[start] = seen
    circles = {frozenset(other for other in modules if other in reach[module] and module in reach[other])
               for module in modules if module in reach[module]}
    described = [", ".join(f"{module.replace('.', '/')}.py:{line} imports {target}" for module in sorted(circle)
                           for line, target in edges[module] if target in circle) for circle in circles]
    assert described == [], "Import circles among defence_figures' modules:\n" + "\n".join(sorted(described))


def test_streamlit_s_dom_names_are_styled_in_internals_only():
    """data-testid names are Streamlit's undocumented DOM: one module holds them, with the version they were checked on."""
    found = [
        f"{where(path, number)}: {line.strip()[:80]}"
        for path in python_files(PACKAGE, REPO / "pages", REPO / "app.py") if path != INTERNALS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "data-testid" in line or "stLayoutWrapper" in line
    ]
    assert found == [], "Streamlit's DOM names outside app/internals.py:\n" + "\n".join(found)
