"""Confirmation before a destructive or mass action (GOV.UK's "are you sure" step, no JavaScript).

The action's own URL answers GET with a page that says what will happen (and asks for
whatever the action needs, such as a reason); the action runs only on a POST carrying the
`confirmed` field that page's form sends. A bare POST (an old bookmark, a stray form) just
shows the question again, so nothing happens without the step."""

from dataclasses import dataclass, field

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


@dataclass
class Confirmation:
    title: str  # the question, as the page heading: "Cancel this meeting?"
    action_url: str
    button: str  # what pressing it does: "Cancel the meeting"
    back_url: str
    back_label: str = "No, go back"
    consequences: list[str] = field(default_factory=list)  # what will happen, in plain words
    form: BaseForm | None = None  # input the action needs (a reason), rendered above the button
    danger: bool = True
    busy: bool = False  # slow work (a reminder run): show the busy state while it starts


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirm_page(request: HttpRequest, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    # The form goes in the context by name too, so a refused reason reaches the error summary.
    context = {"confirmation": confirmation, "form": confirmation.form}
    return render(request, "includes/confirm_page.html", context, status=status)
