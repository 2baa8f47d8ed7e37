"""The portal's pages, as a person uses them: with and without htmx, and what each person
may not see."""

import gzip
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.models import Role, User
from common.tests.factories import TEST_PASSWORD, UserFactory
from community_portal.models import ConsultationComment, LeaderStatus, PortalRequest
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services import consultations, requests
from community_portal.tests.factories import ConsultationFactory, make_leader

PAGE_BUDGET_BYTES = 60 * 1024


def _link(body: str, marker: str) -> str:
    return (
        next(word for word in body.split() if marker in word)
        .split("testserver")[-1]
        .replace(settings.SITE_URL, "")
    )


@pytest.mark.django_db(transaction=True)
def test_registration_email_verification_staff_verification_and_sign_in_end_to_end(community, staff):
    client = Client()
    form = {
        "full_name": "Amina Sarip",
        "email": "amina@example.org",
        "phone": "+63 917 555 0199",
        "community_query": community.name[:4],
        "community": str(community.uid),
        "community_role": "women_leader",
        "password1": "a-long-passphrase-1",
        "password2": "a-long-passphrase-1",
        "privacy_notice_version": PORTAL_PRIVACY_NOTICE_VERSION,
        "consent": "on",
    }
    response = client.post(reverse("community_portal:register"), form)
    assert response.status_code == 302, re.findall(r"error-summary.*?</div>", response.content.decode(), re.S)
    user = User.objects.get(email="amina@example.org")
    sign_in = {"username": "amina@example.org", "password": "a-long-passphrase-1"}

    # Email not confirmed: sign-in is refused, at the portal and at the staff sign-in alike.
    refused = client.post(reverse("community_portal:sign_in"), sign_in)
    assert refused.status_code == 200 and "Confirm your email address first" in refused.content.decode()
    assert client.post(reverse("common:login"), sign_in).status_code == 200
    assert "_auth_user_id" not in client.session

    verify = _link(mail.outbox[-1].body, "/portal/verify-email/")
    assert client.get(verify).status_code == 200
    assert client.get(verify).status_code == 400  # used once

    assert client.post(reverse("community_portal:sign_in"), sign_in).status_code == 302
    # Signed in, but not yet speaking for the community.
    assert "checking that you speak for" in client.get(reverse("community_portal:home")).content.decode()
    assert (
        "Only leaders verified by OOBC"
        in client.get(reverse("community_portal:request_new")).content.decode()
    )

    staff_client = Client()
    staff_client.force_login(staff)
    queue = staff_client.get(reverse("community_portal:staff_leaders"))
    assert "Amina Sarip" in queue.content.decode()
    staff_client.post(
        reverse("community_portal:staff_leader_decide", kwargs={"uid": user.leader_profile.uid}),
        {"decision": "approve"},
    )
    assert "verified you" in mail.outbox[-1].subject

    page = client.get(reverse("community_portal:home")).content.decode()
    assert community.name in page and "File a request for your community" in page
    filed = client.post(
        reverse("community_portal:request_new"),
        {
            "kind": "assistance",
            "sector": "infrastructure",
            "title": "Water",
            "details": "A well.",
            "beneficiaries": 40,
        },
    )
    assert filed.status_code == 302
    assert PortalRequest.objects.get(requester=user).community == community


@pytest.mark.django_db
def test_a_leader_sees_only_their_own_requests(leader, community):
    other = make_leader(community=community)
    theirs = requests.portal_request_submit(
        requester=other, kind="assistance", title="Water", details="A well.", sector="infrastructure"
    )
    client = Client()
    client.force_login(leader)
    url = reverse("community_portal:request_status", kwargs={"code": theirs.tracking_code})
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert theirs.tracking_code not in client.get(reverse("community_portal:home")).content.decode()


@pytest.mark.django_db
def test_the_status_page_refreshes_itself_with_htmx_and_works_without_it(leader):
    mine = requests.portal_request_submit(
        requester=leader, kind="assistance", title="Water", details="A well.", sector="infrastructure"
    )
    client = Client()
    client.force_login(leader)
    url = reverse("community_portal:request_status", kwargs={"code": mine.tracking_code})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 30s"' in page and f'href="{url}"' in page and "<html" in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Submitted" in partial


@pytest.mark.django_db
def test_unpublished_consultations_are_404_for_everyone_but_staff(leader, staff):
    draft = ConsultationFactory(status="draft")
    client = Client()
    client.force_login(leader)
    url = reverse("community_portal:consultation", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_hidden_comment_shows_its_reason_in_place(leader, staff):
    consultation = ConsultationFactory()
    comment = consultations.comment_post(consultation=consultation, author=leader, body="Rude words here")
    consultations.comment_hide(comment=comment, acting_user=staff, reason="Insults another participant.")
    page = (
        Client()
        .get(reverse("community_portal:consultation", kwargs={"slug": consultation.slug}))
        .content.decode()
    )
    assert "Insults another participant." in page and "Rude words here" not in page


@pytest.mark.django_db
def test_user_text_is_never_rendered_as_html(leader):
    consultation = ConsultationFactory()
    client = Client()
    client.force_login(leader)
    response = client.post(
        reverse("community_portal:comment_post", kwargs={"slug": consultation.slug}), {"body": "<b>hi</b>"}
    )
    assert response.status_code == 400 and not ConsultationComment.objects.exists()
    comment = consultations.comment_post(consultation=consultation, author=leader, body="a < 5 & c")
    page = client.get(
        reverse("community_portal:consultation", kwargs={"slug": consultation.slug})
    ).content.decode()
    assert "a &lt; 5 &amp; c" in page and comment.uid


@pytest.mark.django_db
def test_the_honeypot_refuses_bots_and_writes_nothing(community):
    response = Client().post(
        reverse("community_portal:register"), {"website": "http://spam.example", "email": "bot@example.org"}
    )
    assert response.status_code == 400 and not User.objects.filter(email="bot@example.org").exists()


@pytest.mark.django_db
def test_comments_need_the_csrf_token(leader):
    consultation = ConsultationFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    response = client.post(
        reverse("community_portal:comment_post", kwargs={"slug": consultation.slug}), {"body": "Hi"}
    )
    assert response.status_code == 403 and not ConsultationComment.objects.exists()


@pytest.mark.django_db
def test_staff_queues_answer_in_a_constant_number_of_queries(staff, community, django_assert_max_num_queries):
    for _ in range(5):
        make_leader(status=LeaderStatus.PENDING, community=community)
    client = Client()
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("community_portal:staff_leaders")).status_code == 200
    consultation = ConsultationFactory()
    for _ in range(5):
        consultations.comment_post(
            consultation=consultation, author=make_leader(community=community), body="Yes"
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("community_portal:staff_moderation")).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(
                reverse("community_portal:consultation", kwargs={"slug": consultation.slug})
            ).status_code
            == 200
        )


@pytest.mark.django_db
def test_comments_export_neutralises_formulas(leader, staff):
    consultation = ConsultationFactory()
    consultations.comment_post(consultation=consultation, author=leader, body='=HYPERLINK("http://x")')
    client = Client()
    client.force_login(staff)
    response = client.get(reverse("community_portal:staff_comments_csv", kwargs={"slug": consultation.slug}))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body


def _first_load_bytes(client, url) -> int:
    """Gzipped HTML plus every stylesheet and script it links (no web fonts, no images)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content
    total = len(gzip.compress(html))
    assert b"@font-face" not in html and b"fonts.googleapis" not in html
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        content = Path(path).read_bytes()
        assert b"@font-face" not in content
        total += len(gzip.compress(content))
    return total


@pytest.mark.django_db
def test_portal_pages_stay_under_60_kb_on_first_load(leader):
    consultation = ConsultationFactory()
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(leader)
    pages = [
        (anonymous, reverse("community_portal:home")),
        (anonymous, reverse("community_portal:register")),
        (anonymous, reverse("community_portal:sign_in")),
        (anonymous, reverse("community_portal:consultation", kwargs={"slug": consultation.slug})),
        (signed_in, reverse("community_portal:home")),
        (signed_in, reverse("community_portal:request_new")),
    ]
    for client, url in pages:
        assert _first_load_bytes(client, url) < PAGE_BUDGET_BYTES, url


@pytest.mark.django_db
def test_a_community_leader_landing_on_the_staff_home_goes_to_the_portal(leader):
    client = Client()
    client.force_login(leader)
    response = client.get(reverse("common:home"))
    assert response.status_code == 302 and response["Location"] == reverse("community_portal:home")


@pytest.mark.django_db
def test_only_staff_reach_the_staff_pages(leader):
    client = Client()
    client.force_login(leader)
    assert client.get(reverse("community_portal:staff_leaders")).status_code == 403
    client.force_login(UserFactory(role=Role.MAO_FOCAL))
    assert client.get(reverse("community_portal:staff_feedback")).status_code == 403
    assert TEST_PASSWORD and timezone.now() - timedelta(0)
