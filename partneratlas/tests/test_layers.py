"""Imports point one way: foundation ← places ← registry ← people ← site ← questionnaires ← capabilities ← pages
and API.

A module may import its own app and any app of a lower layer. Two capabilities talk only
through the other's `selectors` (reads), never its views, services or models; and no two
apps import each other. A new app must be given its layer here, or this test fails.
"""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent

LAYERS: list[set[str]] = [
    # 0 foundation: shared pieces every app may use; they know no app above them
    {"bulk", "capacity", "cells", "env", "formats", "history", "i18n", "middleware", "notifications", "pdf", "progress",
     "provenance", "queueing", "retention", "translations", "uploads"},
    {"gazetteer"},  # 1 places
    {"registry"},  # 2
    {"people"},  # 3
    {"site"},  # 4 what every page shares: layout, access helpers, "by id or 404"
    {"questionnaires"},  # 5 shared pieces with pages of their own, which every capability may use
    {"activities", "backup", "checkup", "editing", "events", "upkeep"},  # 6 capabilities
    {"api", "atlas", "demo"},  # 7 pages and API
]
COMPOSITION = {"settings", "urls", "wsgi", "cli", "conftest"}  # the project's root: it names every app
CAPABILITIES = LAYERS[6]
LAYER_OF = {app: number for number, apps in enumerate(LAYERS) for app in apps}


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py")
            if not {"tests", "migrations", "locale"} & set(p.relative_to(PACKAGE).parts)]


def _app(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, "partneratlas.x.y") for every import of the project's own modules, also inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("partneratlas.")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and (
                node.module == "partneratlas" or node.module.startswith("partneratlas.")):
            if node.module.count(".") <= 1:  # from partneratlas(.app) import module
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _graph() -> dict[str, list[tuple[str, str]]]:
    """app → [(where, imported module)] for imports of other apps."""
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in _sources():
        app = _app(path)
        for line, module in _imports(path):
            target = module.split(".")[1]
            if target != app:
                edges[app].append((f"{path.relative_to(PACKAGE)}:{line}", module))
    return edges


def test_every_app_has_a_layer() -> None:
    apps = {_app(p) for p in _sources()} - COMPOSITION - {"__init__"}
    assert sorted(apps - set(LAYER_OF)) == []


def test_imports_point_down_the_layers_and_capabilities_meet_only_through_selectors() -> None:
    wrong = []
    for app, edges in _graph().items():
        if app in COMPOSITION or app == "__init__":
            continue
        for where, module in edges:
            target = module.split(".")[1]
            if target in COMPOSITION:
                wrong.append(f"{where} imports the project's root {module}")
            elif LAYER_OF[target] > LAYER_OF[app]:
                wrong.append(f"{where}: {app} (layer {LAYER_OF[app]}) imports {module} (layer {LAYER_OF[target]})")
            elif app in CAPABILITIES and target in CAPABILITIES and module.split(".")[2:3] != ["selectors"]:
                wrong.append(f"{where}: capability {app} imports {module}; use {target}.selectors")
    assert wrong == []


def test_no_two_apps_import_each_other() -> None:
    graph = {app: {module.split(".")[1] for _where, module in edges} for app, edges in _graph().items()}
    circles = sorted(f"{a} ↔ {b}" for a in graph for b in graph[a] if a < b and a in graph.get(b, set()))
    assert circles == []


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from partneratlas.editing.views import edit\n", encoding="utf-8")
    assert _imports(source) == [(2, "partneratlas.editing.views")]
