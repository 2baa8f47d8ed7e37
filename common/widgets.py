"""Widgets every form shares, so a kind of input behaves the same on every page."""

from django import forms


class PhoneInput(forms.TextInput):
    """A mobile number: the phone's number pad, and the browser may fill it in."""

    input_type = "tel"

    def __init__(self, attrs: dict | None = None):
        super().__init__({"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})
