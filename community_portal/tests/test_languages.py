"""The portal in Filipino with no English left (docs/translations.md's definition): every page
of the way, for a visitor, a leader and OOBC staff, renders with Accept-Language: fil and every
gettext lookup finds a Filipino translation; the portal's catalog has no empty entry."""

from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.tests.geo_factories import CommunityFactory
from community_portal.models import LeaderStatus, ObcRequestStatus, RequestKind
from community_portal.services import consultations, feedback, requests
from community_portal.tests.factories import ConsultationFactory, make_leader
from community_portal.tests.test_services import ANSWERS, complete_obc_request
from monitoring.tests.factories import PpaFactory

CATALOG = Path(settings.BASE_DIR) / "community_portal/locale/fil/LC_MESSAGES/django.po"


def _token(marker: str) -> str:
    body = next(message.body for message in reversed(mail.outbox) if marker in message.body)
    return next(word for word in body.split() if marker in word).rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def portal_world(leader, staff, mao, service):
    """A leader with requests in every state a page shows, consultations open and closed."""
    PpaFactory(title="Madrasah teachers' allowance").communities.add(leader.community)
    waiting = requests.portal_request_submit(
        requester=leader, kind=RequestKind.PPA, title="Solar lights", details="For evening classes."
    )
    requests.portal_request_transition(
        portal_request=waiting, acting_user=staff, to_status=ObcRequestStatus.UNDER_REVIEW
    )
    requests.portal_request_transition(
        portal_request=waiting,
        acting_user=staff,
        to_status=ObcRequestStatus.CLARIFICATION,
        public_note="How many classrooms?",
    )
    reply_token = _token("/portal/reply/")
    catalog_request = requests.portal_request_submit(
        requester=leader,
        kind=RequestKind.CATALOG_SERVICE,
        title="Starter kits",
        details="For ten families.",
        service=service,
    )
    completed = complete_obc_request(leader, staff, mao)
    invitation_token = _token("/portal/feedback/")
    answered = feedback.feedback_submit(answers=ANSWERS, channel="service", service=service, author=leader)
    feedback.feedback_reply(feedback=answered, acting_user=staff, text="Salamat po.")

    open_one = ConsultationFactory()
    comment = consultations.comment_post(consultation=open_one, author=leader, body="More teachers.")
    hidden = consultations.comment_post(consultation=open_one, author=leader, body="Rude words.")
    consultations.comment_hide(comment=hidden, acting_user=staff, reason="Insults a participant.")
    closed = ConsultationFactory()
    heard = consultations.comment_post(consultation=closed, author=leader, body="Repair the wells first.")
    closed.closes_at = timezone.now() - timedelta(minutes=1)
    closed.save(update_fields=["closes_at"])
    consultations.what_we_heard_publish(
        consultation=closed,
        acting_user=staff,
        intro="Four communities took part.",
        themes=[
            {
                "title": "Repairs",
                "summary": "Repair first.",
                "oobc_response": "Agreed.",
                "comments": [heard.uid],
            }
        ],
    )
    pending = make_leader(status=LeaderStatus.PENDING, community=CommunityFactory())
    return {
        "waiting": waiting,
        "reply_token": reply_token,
        "catalog": catalog_request,
        "completed": completed,
        "invitation_token": invitation_token,
        "open": open_one,
        "closed": closed,
        "comment": comment,
        "pending": pending,
        "service": service,
    }


def _pages(world, leader, staff):
    portal = "community_portal:"

    def status(portal_request):
        return reverse(portal + "request_status", kwargs={"code": portal_request.tracking_code})

    anonymous = [
        reverse(portal + "home"),
        reverse(portal + "privacy"),
        reverse(portal + "register"),
        reverse(portal + "register") + f"?community_query={leader.community.barangay.name}",
        reverse(portal + "register_sent"),
        reverse(portal + "sign_in"),
        reverse(portal + "consultations"),
        reverse(portal + "consultation", kwargs={"slug": world["open"].slug}),
        reverse(portal + "consultation", kwargs={"slug": world["closed"].slug}),
        reverse(portal + "feedback_service", kwargs={"slug": world["service"].slug}),
        reverse(portal + "feedback_invited", kwargs={"token": world["invitation_token"]}),
        reverse(portal + "feedback_thanks"),
        reverse(portal + "request_reply", kwargs={"token": world["reply_token"]}),
    ]
    signed_in = [
        reverse(portal + "home"),
        reverse(portal + "account"),
        reverse(portal + "account_close"),
        reverse(portal + "request_new"),
        status(world["waiting"]),
        status(world["catalog"]),
        status(world["completed"]),
        reverse(portal + "consultation", kwargs={"slug": world["open"].slug}),
    ]
    pending = [reverse(portal + "home"), reverse(portal + "request_new")]
    staff_pages = [
        reverse(portal + "staff_leaders"),
        reverse(portal + "staff_requests"),
        reverse(portal + "staff_request", kwargs={"code": world["waiting"].tracking_code}),
        reverse(portal + "staff_request", kwargs={"code": world["completed"].tracking_code}),
        reverse(portal + "staff_moderation"),
        reverse(portal + "staff_consultations"),
        reverse(portal + "staff_consultation_new"),
        reverse(portal + "staff_consultation_edit", kwargs={"slug": world["open"].slug}),
        reverse(portal + "staff_what_we_heard", kwargs={"slug": world["closed"].slug}),
        reverse(portal + "staff_feedback"),
    ]
    return [(None, anonymous), (leader, signed_in), (world["pending"], pending), (staff, staff_pages)]


@pytest.mark.django_db(transaction=True)
def test_every_portal_page_renders_in_filipino_with_no_english_left(
    portal_world, leader, staff, untranslated
):
    for person, urls in _pages(portal_world, leader, staff):
        client = Client()
        if person is not None:
            person.language = "fil"  # a signed-in person's own choice wins over the browser's
            person.save(update_fields=["language"])
            client.force_login(person)
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="fil")
            assert response.status_code == 200, url
            assert '<html lang="fil"' in response.content.decode(), url
    # Refusals speak Filipino too: a registration without consent, an unconfirmed address.
    unconfirmed = make_leader(status=LeaderStatus.PENDING, email_verified=False)
    unconfirmed.set_password("a-long-passphrase-1")
    unconfirmed.save()
    visitor = Client()
    refused = visitor.post(
        reverse("community_portal:sign_in"),
        {"username": unconfirmed.username, "password": "a-long-passphrase-1"},
        HTTP_ACCEPT_LANGUAGE="fil",
    )
    assert "Kumpirmahin muna ang iyong email address" in refused.content.decode()
    no_consent = visitor.post(
        reverse("community_portal:register"),
        {"full_name": "Amina Sarip", "email": "amina@example.org", "community": str(leader.community.uid)},
        HTTP_ACCEPT_LANGUAGE="fil",
    )
    assert no_consent.status_code == 200 and "data-error-summary" in no_consent.content.decode()
    assert not untranslated, f"English left on portal pages (untranslated msgids): {sorted(untranslated)}"


def test_every_entry_of_the_portal_catalog_is_translated():
    catalog = polib.pofile(str(CATALOG))
    assert [entry.msgid for entry in catalog if not entry.translated() and not entry.obsolete] == []
    assert [entry.msgid for entry in catalog if "fuzzy" in entry.flags] == []
