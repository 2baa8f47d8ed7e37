"""Languages: the Filipino catalogs, Accept-Language, the no-JavaScript switch, and the
signed-in user's remembered choice."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from common.models import Role
from common.tests.factories import TEST_PASSWORD, UserFactory

BASE_DIR = Path(settings.BASE_DIR)


def fil_catalogs() -> list[Path]:
    """Every committed Filipino catalog: the project's locale/ and each app's <app>/locale/."""
    found = sorted(BASE_DIR.glob("locale/fil/LC_MESSAGES/django.po"))
    found += sorted(BASE_DIR.glob("*/locale/fil/LC_MESSAGES/django.po"))
    return found


def _translations(entries) -> dict:
    """(context, msgid, plural) -> translation(s), for the entries a compiled catalog holds."""
    table = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if any(forms):
                table[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            table[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return table


def test_the_project_has_filipino_catalogs():
    names = {path.relative_to(BASE_DIR).parts[0] for path in fil_catalogs()}
    assert {"locale", "common", "service_catalog"} <= names


@pytest.mark.parametrize("po_path", fil_catalogs(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_every_committed_mo_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/messages.sh and commit the .mo"
    po, mo = polib.pofile(str(po_path)), polib.mofile(str(mo_path))
    assert _translations(mo) == _translations(po), f"{mo_path} is stale: run scripts/messages.sh"


@pytest.mark.parametrize("po_path", fil_catalogs(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_fil_catalogs_have_no_fuzzy_entries_and_a_plural_rule(po_path):
    po = polib.pofile(str(po_path))
    assert not po.metadata_is_fuzzy
    assert po.metadata.get("Language") == "fil"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=2;")
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags and not entry.obsolete]
    assert not fuzzy, f"fuzzy entries in {po_path}: {fuzzy}"


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_accept_language_fil_serves_the_page_in_filipino(client):
    response = client.get(reverse("common:login"), HTTP_ACCEPT_LANGUAGE="fil,en;q=0.5")
    html = response.content.decode()
    assert _lang(html) == "fil"
    assert response["Content-Language"] == "fil"
    assert "Mag-sign in sa OBCMS" in html
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_without_a_preference_the_page_is_english(client):
    html = client.get(reverse("common:login")).content.decode()
    assert _lang(html) == "en"
    assert "Sign in to OBCMS" in html


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_language_switch_is_a_plain_form_that_works_without_javascript_and_is_remembered():
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("common:login")).content.decode()
    # The switch is an ordinary POST form with one button per other language.
    assert f'action="{reverse("common:set_language")}"' in page
    assert 'name="language" value="fil"' in page
    switched = browser.post(
        reverse("common:set_language"),
        {"language": "fil", "next": reverse("common:login"), "csrfmiddlewaretoken": _csrf_token(page)},
    )
    assert switched.status_code == 302 and switched["Location"] == reverse("common:login")
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fil"
    # Remembered: the next page, even with a browser asking for English, is Filipino.
    later = browser.get(reverse("common:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _lang(later) == "fil"
    assert 'name="language" value="en"' in later and 'aria-current="true">Filipino' in later


@pytest.mark.django_db
def test_language_switch_refuses_a_post_without_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("common:set_language"), {"language": "fil", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_language_switch_never_sends_the_visitor_to_another_site(client):
    response = client.post(
        reverse("common:set_language"), {"language": "fil", "next": "https://evil.example/x"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_ignores_a_language_that_is_not_offered(client):
    response = client.post(reverse("common:set_language"), {"language": "xx", "next": "/catalog/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_a_signed_in_users_choice_is_kept_on_their_account_and_follows_them_to_a_new_device(client):
    user = UserFactory(role=Role.OOBC_STAFF)
    client.force_login(user)
    client.post(reverse("common:set_language"), {"language": "fil", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fil"
    phone = Client()  # no language cookie, a browser that asks for English
    phone.post(reverse("common:login"), {"username": user.username, "password": TEST_PASSWORD})
    html = phone.get(reverse("common:password_change"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _lang(html) == "fil"


@pytest.mark.django_db
def test_an_explicit_switch_on_this_browser_wins_over_the_account_language(client):
    user = UserFactory(role=Role.OOBC_STAFF, language="fil")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _lang(client.get(reverse("common:password_change")).content.decode()) == "en"


@pytest.mark.django_db
def test_dates_use_filipino_month_names_in_filipino():
    from datetime import date

    from django.utils import formats, translation

    with translation.override("fil"):
        assert formats.date_format(date(2026, 12, 7)) == "Disyembre 7, 2026"
        assert formats.date_format(date(2026, 12, 7), "l, F j, Y") == "Lunes, Disyembre 7, 2026"
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 7)) == "December 7, 2026"


def test_money_is_shown_in_pesos_with_philippine_grouping():
    from decimal import Decimal

    from common.templatetags.formatting import peso

    assert peso(Decimal("1234567.5")) == "₱1,234,567.50"
    assert peso(0) == "₱0.00"
    assert peso(None) == ""
    assert peso(Decimal("2500000"), 0) == "₱2,500,000"
