"""The house rules that the code's own layout must keep (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "platforms",
    "accounts",
    "cases",
    "evidence",
    "calendars",
    "advisors",
    "guides",
    "demo",
]
# Who each app may import, bottom floor first. `weiquan/` (configuration) may import any app;
# no app imports `weiquan`.
MAY_IMPORT = {
    "core": set(),
    "platforms": {"core"},
    "accounts": {"core"},
    "cases": {"core", "platforms", "accounts"},
    "evidence": {"core", "platforms", "accounts", "cases"},
    "calendars": {"core", "platforms", "accounts", "cases"},
    "advisors": {"core", "platforms", "accounts", "cases", "evidence"},
    "guides": {"core", "platforms", "cases"},
    "demo": {"core", "platforms", "accounts", "cases", "evidence", "advisors", "guides"},
}
MAX_LINES = 400


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & ({*APPS, "weiquan"})


@pytest.mark.parametrize("app", [app for app in APPS if (ROOT / app).is_dir()])
def test_imports_run_one_way(app):
    wrong = {
        f"{path.relative_to(ROOT)} imports {other}"
        for path in _sources(app)
        for other in _imported_apps(path) - MAY_IMPORT[app] - {app}
    }
    assert not wrong, sorted(wrong)


def test_no_source_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in [*APPS, "weiquan", "bench"]
        if (ROOT / app).is_dir()
        for path in _sources(app)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
