"""The shared page patterns: the error summary of a failed form, one money format, one time
format, phone inputs."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from common.templatetags.ui import clock, money_text, when
from common.widgets import PhoneInput

MANILA = ZoneInfo("Asia/Manila")


class _SampleForm(forms.Form):
    name = forms.CharField(label="Your name")
    consent = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Nothing was sent.")


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_failed_form_gets_a_summary_linking_each_field_and_an_error_title():
    form = _SampleForm(data={"name": ""})
    form.is_valid()
    html = _render("<title>{% error_title_prefix %}Request</title>{% error_summary %}", form=form)
    assert "<title>Error: Request</title>" in html
    assert 'href="#id_name"' in html and "Your name: This field is required." in html
    assert 'href="#id_consent"' in html
    assert "Nothing was sent." in html  # a form-wide error is listed too
    assert 'href="#id_token"' not in html  # a hidden field has nothing to focus
    assert "autofocus" in html and 'tabindex="-1"' in html


def test_an_unbound_or_valid_form_gets_no_summary():
    html = _render("{% error_title_prefix %}{% error_summary %}", form=_SampleForm())
    assert html.strip() == ""


def test_a_formset_error_reaches_the_summary():
    formset_class = forms.formset_factory(_SampleForm, extra=0, min_num=1, validate_min=True)
    formset = formset_class(data={"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    formset.is_valid()
    assert "Please submit at least 1 form." in _render("{% error_summary %}", items=formset)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234567"), "₱1,234,567"),
        (Decimal("1234567.50"), "₱1,234,567.50"),
        (Decimal("-1257366889.00"), "−₱1,257,366,889"),
        ("0", "₱0"),
        (None, "—"),
    ],
)
def test_money_has_the_peso_sign_separators_and_centavos_only_when_there_are_some(value, text):
    assert money_text(value) == text


def test_times_read_the_same_everywhere():
    moment = datetime(2026, 12, 11, 6, 0, tzinfo=ZoneInfo("UTC"))  # 14:00 in Manila
    assert clock(moment) == "2:00 PM"
    assert when(moment) == "Fri 11 Dec 2026, 2:00 PM"


def test_a_phone_field_opens_the_number_pad_and_may_be_autofilled():
    html = PhoneInput().render("phone", "")
    assert 'type="tel"' in html and 'autocomplete="tel"' in html and 'inputmode="tel"' in html


@pytest.mark.django_db
def test_the_request_form_without_consent_says_so_at_the_top(client):
    from common.tests.geo_factories import BarangayFactory
    from service_catalog.privacy import PRIVACY_NOTICE_VERSION
    from service_catalog.tests.factories import EntryFactory

    entry = EntryFactory()
    place = BarangayFactory()
    response = client.post(
        reverse("service_catalog:request_create", kwargs={"slug": entry.slug}),
        {
            "requester_name": "Amina Sarip",
            "requester_email": "amina@example.org",
            "municipality": place.municipality.psgc_code,
            "barangay": place.psgc_code,
            "details": "Starter kits for ten families.",
            "beneficiaries": "10",
            "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in body
    summary_at = body.index("data-error-summary")
    assert summary_at < body.index("<h1")  # above everything else on the page
    assert 'href="#id_consent"' in body
    assert 'type="tel"' in body


@pytest.mark.django_db
def test_a_missing_page_offers_the_catalog_and_the_public_home_not_the_staff_sign_in(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert reverse("service_catalog:home") in body and reverse("service_catalog:request_track") in body
    assert "/accounts/login/" not in body.split('id="main"')[1].split("</main>")[0]
