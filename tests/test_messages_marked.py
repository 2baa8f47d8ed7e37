"""Every message a person reads is marked for translation, so a Filipino page never shows an
English error and a later translation needs no code change (docs/translations.md).

Templates are checked by rendering them in Filipino (tests/test_public_languages.py and the
portal's tests); here the source is read (ast) for the messages the code hands on: the business
error of the services, Django's and DRF's validation errors, PermissionDenied, a refusal's
`message=`, a service's broken rules and field errors. The message must come from gettext
(`_("…")`, `gettext`, `ngettext`, `gettext_lazy`, or a `… % {…}` / `.format()` of one), never
a bare string or an f-string. Messages kept in module constants use `gettext_lazy`."""

import ast
from pathlib import Path

import pytest

from tests.test_layering import LAYERS

ROOT = Path(__file__).resolve().parent.parent

APPS = list(LAYERS)  # every project app, as the layering test knows them
# The errors whose message reaches a person: the services' business error, form, model and
# API validation errors, and a refusal.
MESSAGE_ERRORS = {"ApplicationError", "ValidationError", "PermissionDenied", "PermissionDeniedError"}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations", "management"} & set(path.relative_to(ROOT / app).parts):
                continue
            yield path


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_literal_text(node: ast.expr) -> bool:
    """A message written in place: a string or f-string, or one built from them (a % b, a + b,
    "…".format(), "…".join()) without gettext anywhere inside."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and any(ch.isalpha() for ch in part.value) for part in node.values
        )
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left)
    if isinstance(node, ast.Dict):  # ValidationError({"field": ["…"]})
        return any(_is_literal_text(value) for value in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_is_literal_text(element) for element in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_literal_text(node.func.value)
    return False


def _messages_of(node: ast.AST) -> list[ast.expr]:
    """The messages a node hands on to a person, if it is one of the ways the code does:
    an error raised with a message, any call's `message=` (ensure_can's refusal), a service's
    broken rule (`yield ("field", message)`) or a field error added to a list (`_add(errors,
    "field", message)`)."""
    if isinstance(node, ast.Call):
        messages = [kw.value for kw in node.keywords if kw.arg == "message"]
        if _called_name(node) in MESSAGE_ERRORS:
            messages += list(node.args[:1]) + [kw.value for kw in node.keywords if kw.arg == "detail"]
        if _called_name(node) == "_add" and len(node.args) == 3:
            messages.append(node.args[2])
        return messages
    if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
        return [node.value.elts[1]]
    return []


def _unmarked_messages(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if any(_is_literal_text(message) for message in _messages_of(node)):
            found.append(f"{path.name}:{node.lineno}")
    return found


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_error_message_is_marked_for_translation(path):
    assert _unmarked_messages(path) == []


def test_the_check_sees_an_unmarked_message(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        "raise ApplicationError('Say why.', field='reason')\n"
        "raise ApplicationError(f'{name} is taken.')\n"
        "raise ValidationError('%s is wrong' % name)\n"
        "raise ApplicationError(_('Say why.'), field='reason')\n"
        "raise ApplicationError(_('%(name)s is taken.') % {'name': name})\n"
        "raise ApplicationError(message)\n"
        "ensure_can(user, area, action, message='Only executives.')\n"
        "_add(errors, 'title', f'{title} is taken.')\n"
        "yield ('population', 'Too many.')\n"
        "yield ('population', _('Too many.'))\n"
        "raise ValidationError({'service': ['Give a token.']})\n"
    )
    assert [line.rsplit(":", 1)[1] for line in _unmarked_messages(module)] == [
        "2",
        "3",
        "4",
        "8",
        "9",
        "10",
        "12",
    ]
