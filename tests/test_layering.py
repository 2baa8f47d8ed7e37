"""The app layering and the write contract, checked by reading the source (ast), not by
running it. docs/architecture.md, "The layers", says why; these tests keep it true.

An app imports only apps in a lower layer: never one of its own layer, never a higher one.
Where a lower app needs a higher one's data it names an extension point or registry in
`common` (extensions, navigation, demo, reference, outbox) that the higher app fills from its
AppConfig.ready(). Tests, migrations and the project package may compose any app.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lower number = lower layer. Apps sharing a number are peers and never import each other.
LAYERS = {
    "common": 1,
    "coordination": 2,
    "monitoring": 3,
    "automation": 4,
    "service_catalog": 4,
    "ocm_dashboard": 4,
    "external_api": 5,
    "community_portal": 5,
    "reporting": 6,
}

# What a service may raise: the one business error, and Django's "who may not" and "not yours".
ALLOWED_SERVICE_ERRORS = {"ApplicationError", "PermissionDenied", "Http404"}


def _app_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).parts
        if parts[0] in {"tests", "migrations"}:
            continue
        yield path


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) for every project app the module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                found.add((top, node.lineno))
    return found


def _violations(app: str) -> list[str]:
    layer = LAYERS[app]
    wrong = []
    for path in _app_modules(app):
        for imported, line in sorted(_imported_apps(path)):
            if imported != app and LAYERS[imported] >= layer:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return wrong


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_an_app_imports_only_apps_of_a_lower_layer(app):
    assert _violations(app) == []


def test_common_imports_no_other_project_app():
    assert _violations("common") == []
    assert all(
        imported == "common" for path in _app_modules("common") for imported, _ in _imported_apps(path)
    )


def test_the_layer_table_knows_every_installed_project_app():
    from django.conf import settings

    project_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()}
    assert project_apps == set(LAYERS)


def test_the_import_check_catches_a_wrong_import(tmp_path, monkeypatch):
    """The check itself works: a feature app importing a peer is reported."""
    app = tmp_path / "service_catalog"
    app.mkdir()
    (app / "views.py").write_text("from automation.selectors import meeting_list\nimport common.dates\n")
    (app / "helpers.py").write_text("def f():\n    from monitoring import selectors\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _violations("service_catalog") == ["service_catalog/views.py:1 imports automation"]


# --- Services raise only the one business error --------------------------------------------


def _service_modules():
    for app in sorted(LAYERS):
        services = ROOT / app / "services"
        if services.is_dir():
            yield from sorted(services.rglob("*.py"))
        if (ROOT / app / "services.py").exists():
            yield ROOT / app / "services.py"


def _caught_everything(handlers: list[ast.ExceptHandler]) -> bool:
    return any(
        handler.type is None or (isinstance(handler.type, ast.Name) and handler.type.id in CATCH_ALL)
        for handler in handlers
    )


CATCH_ALL = {"Exception", "BaseException"}


def _raised_names(path: Path) -> list[tuple[str, int]]:
    """The exception class each `raise` names (`raise X`, `raise X(...)`, `raise m.X(...)`).
    A bare `raise` re-raises what was caught and names nothing; a raise inside a `try` that
    catches everything never leaves the function, so it is not the service's contract."""
    raised = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Try) and _caught_everything(node.handlers):
            for child in (*node.handlers, *node.orelse, *node.finalbody):
                visit(child)
            return
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Attribute) and target.attr in {"for_fields", "from_validation_error"}:
                target = target.value  # ApplicationError's builders
            if isinstance(target, ast.Attribute):
                raised.append((target.attr, node.lineno))
            elif isinstance(target, ast.Name):
                raised.append((target.id, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return raised


# Raises that are not business refusals, listed so each is a decision and not an accident:
# programming errors (a caller passing a field the service does not take), a failure that
# should be a 500 (no unused tracking code after many draws), and re-raising what was caught.
NOT_REFUSALS = {"TypeError", "ValueError", "RuntimeError", "exc", "error"}


def _is_application_error(path: Path, name: str) -> bool:
    """A subclass of ApplicationError the module defines or imports (NotDeliverable)."""
    import importlib

    from common.errors import ApplicationError

    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    found = getattr(module, name, None)
    return isinstance(found, type) and issubclass(found, ApplicationError)


@pytest.mark.parametrize("path", list(_service_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_service_module_raises_only_application_error_permission_denied_or_404(path):
    unexpected = [
        f"line {line}: raise {name}"
        for name, line in _raised_names(path)
        if name not in ALLOWED_SERVICE_ERRORS | NOT_REFUSALS and not _is_application_error(path, name)
    ]
    assert unexpected == []


def test_the_raise_check_sees_a_django_validation_error(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "from django.core.exceptions import ValidationError\n"
        "def f():\n    raise ValidationError({'x': ['no']})\n"
        "def g():\n    raise ApplicationError.for_fields({'x': ['no']})\n"
        "def h():\n    try:\n        raise LookupError\n    except Exception:\n        pass\n"
    )
    assert _raised_names(module) == [("ValidationError", 3), ("ApplicationError", 5)]
