"""The shared page patterns every template uses the same way (loaded as a builtin):

- `{% error_summary %}` and `{% error_title_prefix %}`: a failed form says so at the top of
  the page, with a link to each field in error, and the title starts with "Error: ".
  They look for bound forms and formsets with errors in the context, so no view has to
  pass anything new.
- `money`: one way to show pesos (₱ with separators, centavos only when there are some).
- `clock` and `when`: one time format everywhere ("2:00 PM", "Thu 11 Dec 2026, 2:00 PM").
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _

from common.money import DASH, money_text

register = template.Library()
CLOCK_FORMAT = "g:i A"
WHEN_FORMAT = "D j M Y, g:i A"


@dataclass(frozen=True)
class SummaryError:
    message: str
    href: str = ""


def _failed_forms(context) -> list[BaseForm]:
    """Every bound form in the context that has errors, formsets opened into their forms.
    Only forms the view already validated count: asking an unvalidated form for its errors
    would run its validation (and its queries) just to render the page."""
    found: list[BaseForm] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        # type(), not isinstance(): a lazy object in the context must stay unevaluated.
        if not issubclass(type(value), BaseForm | BaseFormSet) or id(value) in seen:
            continue
        if value._errors is None:
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet) and value.is_bound:
            found.extend(form for form in value.forms if form.errors)
            if value.non_form_errors():
                found.append(value)
        elif isinstance(value, BaseForm) and value.is_bound and value.errors:
            found.append(value)
    return found


def _errors_of(form) -> list[SummaryError]:
    if isinstance(form, BaseFormSet):
        return [SummaryError(str(message)) for message in form.non_form_errors()]
    rows = [SummaryError(str(message)) for message in form.non_field_errors()]
    for name, messages in form.errors.items():
        if name == "__all__":
            continue
        field = form.fields.get(name)
        bound = form[name] if field is not None else None
        # Hidden fields have nothing to focus; their message still shows, without a link.
        visible = bound is not None and not bound.is_hidden
        label = str(field.label or name.replace("_", " ").capitalize()) if field is not None else ""
        href = f"#{bound.id_for_label}" if visible and bound.id_for_label else ""
        for message in messages:
            rows.append(SummaryError(f"{label}: {message}" if label else str(message), href))
    return rows


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    errors = [error for form in _failed_forms(context) for error in _errors_of(form)]
    return {"summary_errors": errors}


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    return _("Error: ") if _failed_forms(context) else ""


@register.filter
def money(value) -> str:
    return money_text(value)


@register.filter
def clock(value) -> str:
    """A time of day in Manila, the one way OBCMS writes it: 2:00 PM."""
    if not value:
        return DASH
    if hasattr(value, "tzinfo") and hasattr(value, "date") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_filter(value, CLOCK_FORMAT)


@register.filter
def when(value) -> str:
    """A date and time in Manila: Thu 11 Dec 2026, 2:00 PM."""
    if not value:
        return DASH
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_filter(value, WHEN_FORMAT)


@register.filter
def status_words(value) -> str:
    """A stored status code in words: "on_hold" -> "On hold"."""
    text = str(value or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else DASH


@register.filter
def filters_in_use(form, ignore: str = "") -> bool:
    """Whether a filter bar should start open: a filter is set (other than those named in
    `ignore`, comma-separated, such as a fiscal year the page always fills in, and other than
    the page's own default, `form.defaults`) or one is in error."""
    if form is None or not form.is_bound:
        return False
    if form.errors:
        return True
    ignored = {name.strip() for name in ignore.split(",") if name.strip()}
    defaults = getattr(form, "defaults", {})
    return any(
        form.data.get(field.html_name) not in (None, "", defaults.get(field.name))
        for field in form.visible_fields()
        if field.name not in ignored
    )
