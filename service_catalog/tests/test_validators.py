"""The plain-text validator of everything shown publicly: markup refused, ordinary text kept."""

import pytest
from django.core.exceptions import ValidationError

from service_catalog.validators import reject_html


@pytest.mark.parametrize("text", ["a < b", "x<3", "age < 5 and > 2", "5 > 3", "R&D", ""])
def test_ordinary_text_with_angle_brackets_is_accepted(text):
    reject_html(text)


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "<b>bold</b>", "</p>", "<!-- x -->", "&lt;b&gt;", "javascript:alert(1)"],
)
def test_markup_is_refused(text):
    with pytest.raises(ValidationError):
        reject_html(text)
