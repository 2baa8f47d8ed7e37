"""Every public page in Filipino with no English left, Filipino search words, and the page
weight budget (60 KB as sent on first load, gzip, no web fonts).

"No English left" is defined precisely (docs/translations.md): while a public page renders
with Accept-Language: fil, every gettext lookup must find a Filipino translation (the test
records each lookup that falls back to the English msgid), and every catalog entry that
comes from a public template must be translated. Catalog content (service titles and
summaries) shows its Filipino fields."""

import gzip
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from common.models import DataClassification
from common.tests.geo_factories import CommunityFactory
from monitoring.tests.factories import PpaFactory
from service_catalog.tests.factories import EntryFactory, submit_request

BASE_DIR = Path(settings.BASE_DIR)
PUBLIC_TEMPLATES = [
    "templates/base.html",
    "templates/includes/header.html",
    "templates/includes/footer.html",
    "templates/includes/language_switch.html",
    "templates/includes/messages.html",
    "templates/404.html",
    "common/templates/common/public_home.html",
    "monitoring/templates/monitoring/public_accountability.html",
    *[
        f"service_catalog/templates/service_catalog/{name}.html"
        for name in (
            "base_public",
            "catalog_home",
            "service_detail",
            "request_form",
            "request_received",
            "request_status",
            "track",
            "charters",
            "charter_print",
            "privacy",
            "too_many",
            "includes/charter",
            "includes/illustrative",
        )
    ],
]
PAGE_BUDGET_BYTES = 60 * 1024


@pytest.fixture
def public_pages(db):
    entry = EntryFactory(
        title="Seeds and farm inputs",
        title_fil="Binhi at gamit pansakahan",
        summary="Certified rice seeds.",
        summary_fil="Sertipikadong binhi ng palay.",
        keywords_fil="bigas, palay, binhi",
    )
    service_request = submit_request(entry=entry)
    community = CommunityFactory(classification=DataClassification.PUBLIC)
    PpaFactory(budget_allocated=Decimal("1000000")).communities.add(community)
    return [
        reverse("common:home"),
        reverse("service_catalog:home"),
        reverse("service_catalog:home") + "?q=bigas",
        reverse("service_catalog:service", kwargs={"slug": entry.slug}),
        reverse("service_catalog:request_create", kwargs={"slug": entry.slug}),
        reverse("service_catalog:request_received", kwargs={"code": service_request.tracking_code}),
        reverse("service_catalog:request_status", kwargs={"code": service_request.tracking_code}),
        reverse("service_catalog:request_track"),
        reverse("service_catalog:request_track") + "?code=SR-2345-6789",
        reverse("service_catalog:charters"),
        reverse("service_catalog:charter_print", kwargs={"uid": entry.mao.uid}),
        reverse("service_catalog:privacy"),
        reverse("monitoring:public_accountability_index"),
        reverse(
            "monitoring:public_accountability", kwargs={"psgc": community.barangay.municipality.psgc_code}
        ),
        reverse("monitoring:public_accountability", kwargs={"psgc": community.barangay.psgc_code}),
    ]


def test_every_public_page_renders_in_filipino_with_no_english_left(client, public_pages, untranslated):
    for url in public_pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fil")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert re.search(r'<html lang="fil"', html), url
    assert not untranslated, f"English left on public pages (untranslated msgids): {sorted(untranslated)}"


def test_catalog_content_shows_its_filipino_fields(client, public_pages):
    html = client.get(reverse("service_catalog:home"), HTTP_ACCEPT_LANGUAGE="fil").content.decode()
    assert "Binhi at gamit pansakahan" in html and "Sertipikadong binhi ng palay." in html
    assert "Seeds and farm inputs" not in html


def test_every_entry_from_a_public_template_is_translated():
    public = {str(Path(path)) for path in PUBLIC_TEMPLATES}
    empty = []
    for po_path in [
        BASE_DIR / "locale/fil/LC_MESSAGES/django.po",
        *BASE_DIR.glob("*/locale/fil/LC_MESSAGES/django.po"),
    ]:
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not ({occurrence for occurrence, _line in entry.occurrences} & public):
                continue
            if not entry.translated():
                empty.append(f"{po_path.relative_to(BASE_DIR)}: {entry.msgid}")
    assert not empty, "\n".join(empty)


@pytest.mark.parametrize(
    ("word", "title"),
    [("bigas", "rice"), ("isda", "fish"), ("ayuda", "relief"), ("iskolar", "scholarship")],
)
def test_filipino_search_words_find_their_services(client, db, word, title):
    from service_catalog.demo import FILIPINO

    english = next(name for name in FILIPINO if title in name.lower() or title in FILIPINO[name][2])
    title_fil, summary_fil, keywords, keywords_fil = FILIPINO[english]
    EntryFactory(
        title=english,
        title_fil=title_fil,
        summary_fil=summary_fil,
        keywords=keywords,
        keywords_fil=keywords_fil,
    )
    EntryFactory(title="Something else entirely", keywords_fil="iba")
    for language in ("fil", "en"):
        html = client.get(
            reverse("service_catalog:home"), {"q": word}, HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert (title_fil if language == "fil" else english) in html, (word, language)
        assert "Something else entirely" not in html


def _first_load_bytes(client, url: str, language: str) -> int:
    """The page gzipped plus every stylesheet and script it links (gzipped), as a browser
    fetches them on a first visit."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    html = response.content
    total = len(gzip.compress(html))
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        assert path, asset
        total += len(gzip.compress(Path(path).read_bytes()))
    assert b"@font-face" not in html and b".woff" not in html
    return total


@pytest.mark.parametrize("language", ["en", "fil"])
def test_public_pages_stay_under_60_kb_on_first_load(client, public_pages, language):
    for url in public_pages:
        size = _first_load_bytes(client, url, language)
        assert size < PAGE_BUDGET_BYTES, f"{url} ({language}): {size} bytes"


def test_the_stylesheet_uses_no_web_fonts():
    css = Path(finders.find("css/app.css")).read_text()
    assert "@font-face" not in css and "fonts.googleapis" not in css


def test_messages_to_the_public_are_written_in_the_language_they_used(db, django_capture_on_commit_callbacks):
    from django.core import mail

    from common.sms import LocmemSmsBackend
    from service_catalog.tests.factories import submit_request

    entry = EntryFactory(title="Rice seeds", title_fil="Binhi ng palay")
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(entry=entry, language="fil", notify=True)
        submit_request(
            entry=entry, language="fil", notify=True, requester_email="", requester_phone="+639175550101"
        )
    email = mail.outbox[-1]
    assert "Binhi ng palay" in email.body and "Natanggap namin ang iyong kahilingan." in email.body
    assert (
        "ay ngayon: Naipadala." in email.body and "Subaybayan ito gamit ang iyong tracking code" in email.body
    )
    assert "Your request" not in email.body
    sms = LocmemSmsBackend.outbox[-1]
    assert sms["to"] == "+639175550101" and "Natanggap namin ang iyong kahilingan." in sms["text"]
