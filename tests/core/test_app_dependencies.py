"""The apps' imports point one way (docs/people.md "App dependencies"): read with ast from
every module of every app package, function-level imports included, the graph of which app
imports which has no cycle, and reelfake/ (the shared plumbing) imports no app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PLUMBING = "reelfake"


def project_apps() -> list[str]:
    """The project's own packages: installed apps with a folder at the repository root."""
    names = {entry.split(".")[0] for entry in settings.INSTALLED_APPS}
    return sorted(name for name in names if (ROOT / name / "__init__.py").exists())


def imported_modules(path: Path) -> list[str]:
    """Absolute module names a file imports, wherever the import statement stands; a model
    looked up by name (`apps.get_model("stores", "Store")` or `"stores.Store"`) imports its
    app too."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
        elif _is_get_model(node) and isinstance(node.args[0], ast.Constant):
            label = node.args[0].value
            if isinstance(label, str):
                modules.append(label.split(".")[0])
    return modules


def _is_get_model(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name == "get_model"


def app_graph(apps: list[str]) -> dict[str, dict[str, list[str]]]:
    """app → {imported app: [the files that import it]}."""
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in apps}
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            for module in imported_modules(path):
                target = module.split(".")[0]
                if target in graph and target != app:
                    graph[app].setdefault(target, []).append(str(path.relative_to(ROOT)))
    return graph


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph as [a, b, …, a], or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_apps_import_each_other_without_a_cycle():
    graph = app_graph(project_apps())
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle) + f"\n{graph}"


def test_people_does_not_import_stores():
    # stores builds on people (stores.services hires staff through people.services).
    graph = app_graph(project_apps())
    assert "stores" not in graph["people"], graph["people"]


def test_the_shared_plumbing_imports_no_app():
    graph = app_graph(project_apps())
    assert graph[PLUMBING] == {}


def test_an_import_inside_a_function_counts(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("import os\n\ndef f():\n    from stores.models import Store\n")
    assert imported_modules(path) == ["os", "stores.models"]


def test_a_model_looked_up_by_app_label_counts(tmp_path):
    path = tmp_path / "module.py"
    path.write_text(
        "from django.apps import apps\n\n"
        "def f():\n"
        "    return apps.get_model('stores', 'Store'), apps.get_model('people.Staff')\n"
    )
    assert imported_modules(path) == ["django.apps", "stores", "people"]


def test_the_cycle_finder_reports_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
