"""Dependencies point one way (docs/stores.md "Apps and imports"): rentals builds on people,
stores, movies and places, and none of them (nor the shared plumbing) imports rentals."""

import ast
from pathlib import Path

import pytest
from django.conf import settings


def imported_modules(app: str) -> set[str]:
    modules = set()
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", ["people", "stores", "movies", "places", "reelfake"])
def test_the_apps_rentals_builds_on_import_nothing_from_rentals(app):
    assert not {m for m in imported_modules(app) if m.split(".")[0] == "rentals"}


def test_rentals_imports_people_models_and_serializers_only():
    assert {m for m in imported_modules("rentals") if m.split(".")[0] == "people"} <= {
        "people.models",
        "people.serializers",
    }
