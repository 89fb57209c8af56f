"""The advisors' template tags stand below the admin: they import nothing from it (the row
tag's columns come from advisors/columns.py, which the admin uses too)."""

import ast
from pathlib import Path

import pytest

import advisors.templatetags

TAGS = sorted(Path(advisors.templatetags.__file__).parent.glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved against its package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ["advisors", "templatetags"][: 2 - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", TAGS, ids=lambda path: path.name)
def test_template_tags_do_not_import_the_admin(path):
    modules = imported_modules(path)
    assert not {name for name in modules if name.startswith("advisors.admin")}, path


def test_the_check_reads_relative_imports():
    source = Path(advisors.templatetags.__file__).parent / "advisor_admin.py"
    assert "advisors.columns" in imported_modules(source)
