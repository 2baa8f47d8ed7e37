"""The portal's business rules, through its services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from common.errors import ApplicationError
from common.models import Notification, OutboxMessage, User
from community_portal.models import (
    ConsultationComment,
    LeaderStatus,
    ObcRequestStatus,
    PortalFeedback,
    RequestKind,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.selectors import csm_results
from community_portal.services import accounts, consultations, feedback, requests
from community_portal.tests.factories import ConsultationFactory, make_leader
from service_catalog.models import RequestStatus
from service_catalog.services.requests import service_request_add_note
from service_catalog.tests.factories import move, submit_request

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%...\n"


def register(community, email="amina@example.org"):
    return accounts.leader_register(
        full_name="Amina Sarip",
        email=email,
        password="a-long-passphrase-1",
        community=community,
        community_role="women_leader",
        privacy_notice_version=PORTAL_PRIVACY_NOTICE_VERSION,
        consent=True,
        phone="+63 917 555 0199",
    )


def verify_link_parts(message_body):
    path = next(word for word in message_body.split() if "/portal/verify-email/" in word)
    _, uidb64, token = path.rstrip("/").rsplit("/", 2)
    return uidb64, token


@pytest.mark.django_db(transaction=True)
class TestAccounts:
    def test_registration_records_consent_and_sends_a_verification_link(self, community):
        user = register(community)
        assert user.role == "community_leader" and not user.email_verified
        assert user.leader_profile.privacy_notice_version == PORTAL_PRIVACY_NOTICE_VERSION
        assert user.leader_profile.status == LeaderStatus.PENDING
        assert user.community is None  # claimed, not yet spoken for
        assert "/portal/verify-email/" in mail.outbox[-1].body

    def test_registering_a_known_address_reveals_nothing_and_warns_its_owner(self, community, leader):
        assert register(community, email=leader.email.upper()) is None
        assert User.objects.filter(email__iexact=leader.email).count() == 1
        assert "already uses this address" in mail.outbox[-1].body

    def test_registration_without_consent_is_refused(self, community):
        with pytest.raises(ApplicationError) as error:
            accounts.leader_register(
                full_name="A B",
                email="x@example.org",
                password="pw-long-enough-1",
                community=community,
                community_role="other",
                privacy_notice_version=PORTAL_PRIVACY_NOTICE_VERSION,
                consent=False,
            )
        assert error.value.field == "consent"
        assert not User.objects.filter(email="x@example.org").exists()

    def test_email_link_works_once(self, community):
        register(community)
        uidb64, token = verify_link_parts(mail.outbox[-1].body)
        user = accounts.leader_verify_email(uidb64=uidb64, token=token)
        assert user.email_verified
        with pytest.raises(ApplicationError):
            accounts.leader_verify_email(uidb64=uidb64, token=token)

    def test_email_link_expires_after_three_days(self, community, monkeypatch):
        register(community)
        uidb64, token = verify_link_parts(mail.outbox[-1].body)
        later = accounts.email_verification_token._now() + timedelta(days=3, minutes=1)
        monkeypatch.setattr(accounts.email_verification_token, "_now", lambda: later)
        with pytest.raises(ApplicationError):
            accounts.leader_verify_email(uidb64=uidb64, token=token)

    def test_staff_verification_lets_the_person_speak_for_the_community_and_tells_them(
        self, community, staff
    ):
        user = register(community)
        user.email_verified_at = timezone.now()
        user.save()
        assert not accounts.speaks_for_community(user)
        accounts.leader_decide(profile=user.leader_profile, acting_user=staff, approve=True)
        user.refresh_from_db()
        assert accounts.speaks_for_community(user) and user.community == community
        assert "verified you" in mail.outbox[-1].subject
        assert Notification.objects.filter(recipient=user).exists()

    def test_a_refusal_needs_a_reason_and_the_person_is_told_it(self, community, staff):
        user = make_leader(status=LeaderStatus.PENDING, community=community)
        with pytest.raises(ApplicationError):
            accounts.leader_decide(profile=user.leader_profile, acting_user=staff, approve=False)
        accounts.leader_decide(
            profile=user.leader_profile,
            acting_user=staff,
            approve=False,
            reason="Barangay captain does not know you.",
        )
        assert "Barangay captain does not know you." in mail.outbox[-1].body
        assert not accounts.speaks_for_community(User.objects.get(pk=user.pk))

    def test_a_leader_cannot_verify_anyone(self, community, leader):
        pending = make_leader(status=LeaderStatus.PENDING, community=community)
        with pytest.raises(PermissionDenied):
            accounts.leader_decide(profile=pending.leader_profile, acting_user=leader, approve=True)

    def test_closing_an_account_removes_personal_data_and_keeps_submissions(self, leader, service):
        portal_request = requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.CATALOG_SERVICE,
            title="Starter kits",
            details="Ten families.",
            service=service,
        )
        consultation = ConsultationFactory()
        consultations.comment_post(
            consultation=consultation, author=leader, body="We need a madrasah teacher."
        )
        export = accounts.account_export(user=leader)
        assert export["account"]["email"] == leader.email and export["requests"][0]["tracking_code"]
        accounts.account_close(user=leader)
        leader.refresh_from_db()
        assert not leader.is_active and leader.first_name == "" and leader.phone == ""
        assert leader.email.endswith("@invalid.invalid")
        portal_request.service_request.refresh_from_db()
        assert portal_request.service_request.requester_name == "Account closed"
        assert ConsultationComment.objects.filter(consultation=consultation).count() == 1


@pytest.mark.django_db(transaction=True)
class TestRequests:
    def test_an_unverified_leader_cannot_file_for_the_community(self, community):
        pending = make_leader(status=LeaderStatus.PENDING, community=community)
        with pytest.raises(PermissionDenied):
            requests.portal_request_submit(
                requester=pending, kind="assistance", title="Water", details="A well."
            )

    def test_naming_a_catalog_service_makes_it_that_services_request_with_one_code(self, leader, service):
        portal_request = requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.CATALOG_SERVICE,
            title="Kits",
            details="For ten families.",
            service=service,
        )
        service_request = portal_request.service_request
        assert portal_request.tracking_code == service_request.tracking_code
        assert service_request.barangay == leader.community.barangay
        assert service_request.sla_due_on is not None

    def test_an_obc_request_gets_a_catalog_format_code_and_staff_route_it_to_a_mao(self, leader, staff, mao):
        portal_request = requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.ASSISTANCE,
            title="Water system",
            details="Our sitio has no water.",
            sector="infrastructure",
        )
        assert portal_request.tracking_code.startswith("SR-") and len(portal_request.tracking_code) == 12
        requests.portal_request_transition(
            portal_request=portal_request, acting_user=staff, to_status="under_review"
        )
        requests.portal_request_route(portal_request=portal_request, acting_user=staff, mao=mao)
        portal_request.refresh_from_db()
        assert portal_request.status == ObcRequestStatus.ENDORSED
        entry = portal_request.register_entry
        assert entry.category == "obc_request" and entry.implementing_mao == mao
        assert entry.requesting_community == leader.community and entry.request_status == "endorsed"

    def test_the_requester_answers_through_the_private_link_and_the_clock_resumes(
        self, leader, service, staff
    ):
        portal_request = requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.CATALOG_SERVICE,
            title="Kits",
            details="For ten families.",
            service=service,
        )
        move(
            portal_request.service_request,
            staff,
            "under_review",
            "needs_info",
            public_note="Send the barangay certificate.",
        )
        # No relay call here: the catalog's change itself queued it (see TestCatalogRelay).
        reply_mail = [message for message in mail.outbox if "waiting for information" in message.subject][-1]
        token = (
            next(word for word in reply_mail.body.split() if "/portal/reply/" in word)
            .rstrip("/")
            .rsplit("/", 1)[1]
        )
        opened = requests.reply_link_request(token=token)
        assert opened == portal_request
        reply = requests.portal_request_reply(
            portal_request=opened,
            text="Here it is.",
            files=[
                SimpleUploadedFile("cert.png", PNG, "image/png"),
                SimpleUploadedFile("id.pdf", PDF, "application/pdf"),
            ],
        )
        assert [attachment.content_type for attachment in reply.attachments.all()] == [
            "image/png",
            "application/pdf",
        ]
        portal_request.service_request.refresh_from_db()
        assert portal_request.service_request.status == RequestStatus.UNDER_REVIEW
        assert portal_request.service_request.sla_paused_on is None
        with pytest.raises(ApplicationError):  # the link was for that one wait
            requests.reply_link_request(token=token)

    def test_attachments_are_checked_by_their_content(self, leader, staff):
        portal_request = requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.ASSISTANCE,
            title="Water",
            details="A well.",
            sector="infrastructure",
        )
        requests.portal_request_transition(
            portal_request=portal_request, acting_user=staff, to_status="under_review"
        )
        requests.portal_request_transition(
            portal_request=portal_request,
            acting_user=staff,
            to_status="clarification",
            public_note="How many households?",
        )
        disguised = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", "image/png")
        with pytest.raises(ApplicationError) as error:
            requests.portal_request_reply(
                portal_request=portal_request, text="40 households", files=[disguised]
            )
        assert error.value.field == "attachments"
        too_many = [SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf") for n in range(4)]
        with pytest.raises(ApplicationError):
            requests.portal_request_reply(portal_request=portal_request, text="40 households", files=too_many)
        requests.portal_request_reply(portal_request=portal_request, text="40 households")
        portal_request.refresh_from_db()
        assert portal_request.status == ObcRequestStatus.UNDER_REVIEW


def complete_obc_request(leader, staff, mao):
    portal_request = requests.portal_request_submit(
        requester=leader,
        kind=RequestKind.ASSISTANCE,
        title="Water",
        details="A well.",
        sector="infrastructure",
    )
    requests.portal_request_transition(
        portal_request=portal_request, acting_user=staff, to_status="under_review"
    )
    requests.portal_request_route(portal_request=portal_request, acting_user=staff, mao=mao)
    for status in ("approved", "in_progress", "completed"):
        requests.portal_request_transition(portal_request=portal_request, acting_user=staff, to_status=status)
    return portal_request


ANSWERS = {"cc1": "1", "cc2": "1", "cc3": "1", **{f"sqd{n}": "5" for n in range(9)}, "comment": "Salamat."}


@pytest.mark.django_db(transaction=True)
class TestFeedback:
    def invitation_token(self):
        message = [message for message in mail.outbox if "how did we do" in message.subject][-1]
        return (
            next(word for word in message.body.split() if "/portal/feedback/" in word)
            .rstrip("/")
            .rsplit("/", 1)[1]
        )

    def test_a_completed_request_invites_feedback_through_a_single_use_link(self, leader, staff, mao):
        portal_request = complete_obc_request(leader, staff, mao)
        token = self.invitation_token()
        response = feedback.feedback_submit(answers=ANSWERS, channel="invitation", invitation_token=token)
        assert response.request == portal_request and response.mao == mao and response.author == leader
        with pytest.raises(ApplicationError, match="already been used"):
            feedback.feedback_submit(answers=ANSWERS, channel="invitation", invitation_token=token)
        assert PortalFeedback.objects.count() == 1

    def test_the_link_expires_after_thirty_days(self, leader, staff, mao, monkeypatch):
        complete_obc_request(leader, staff, mao)
        token = self.invitation_token()
        later = timezone.now() + timedelta(days=30, seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        with pytest.raises(ApplicationError, match="expired"):
            feedback.feedback_submit(answers=ANSWERS, channel="invitation", invitation_token=token)

    def test_anonymous_feedback_keeps_no_author(self, leader, staff, mao):
        complete_obc_request(leader, staff, mao)
        response = feedback.feedback_submit(
            answers=ANSWERS, channel="invitation", invitation_token=self.invitation_token(), anonymous=True
        )
        assert response.author is None

    def test_answers_out_of_scale_are_refused_naming_the_question(self, service):
        with pytest.raises(ApplicationError) as error:
            feedback.feedback_submit(answers={**ANSWERS, "sqd3": "7"}, channel="portal", service=service)
        assert error.value.field == "sqd3"
        with pytest.raises(ApplicationError) as error:
            feedback.feedback_submit(answers={**ANSWERS, "cc1": ""}, channel="portal", service=service)
        assert error.value.field == "cc1"

    def test_csm_figures_equal_an_independent_computation(self, service):
        import random

        generator = random.Random(2022)
        given = []
        for _ in range(40):
            answers = {"cc1": str(generator.randint(1, 4))}
            for n in range(9):
                answers[f"sqd{n}"] = generator.choice(["1", "2", "3", "4", "5", "na"])
            if all(answers[f"sqd{n}"] == "na" for n in range(9)):
                answers["sqd0"] = "5"
            given.append(answers)
            feedback.feedback_submit(answers=answers, channel="portal", service=service)
        result = csm_results(service=service)
        assert result.responses == 40
        for n in range(9):
            answered = [a[f"sqd{n}"] for a in given if a[f"sqd{n}"] != "na"]
            expected = round(100 * sum(1 for a in answered if a in ("4", "5")) / len(answered), 1)
            assert result.share(f"sqd{n}") == expected
        pooled = [a[f"sqd{n}"] for a in given for n in range(1, 9) if a[f"sqd{n}"] != "na"]
        assert result.overall_score == round(100 * sum(1 for a in pooled if a in ("4", "5")) / len(pooled), 1)
        assert result.cc_aware == sum(1 for a in given if a["cc1"] != "4")


@pytest.mark.django_db(transaction=True)
class TestConsultations:
    def test_comments_are_refused_outside_the_comment_period(self, leader):
        upcoming = ConsultationFactory(
            opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=9)
        )
        closed = ConsultationFactory(
            opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1)
        )
        for consultation in (upcoming, closed):
            with pytest.raises(ApplicationError, match="comment period"):
                consultations.comment_post(
                    consultation=consultation, author=leader, body="Too early or too late."
                )
        assert not ConsultationComment.objects.exists()

    def test_pending_leaders_may_comment_only_when_the_consultation_is_open_to_all_accounts(self, community):
        pending = make_leader(status=LeaderStatus.PENDING, community=community)
        with pytest.raises(PermissionDenied):
            consultations.comment_post(consultation=ConsultationFactory(), author=pending, body="Hello")
        comment = consultations.comment_post(
            consultation=ConsultationFactory(open_to_all_accounts=True), author=pending, body="Hello"
        )
        assert comment.pk

    def test_support_counts_once_per_person_and_not_for_ones_own_comment(self, leader, community):
        other = make_leader(community=community)
        consultation = ConsultationFactory()
        comment = consultations.comment_post(consultation=consultation, author=leader, body="More teachers.")
        assert consultations.comment_support(comment=comment, user=other) is True
        assert consultations.comment_support(comment=comment, user=other) is False
        with pytest.raises(ApplicationError):
            consultations.comment_support(comment=comment, user=leader)

    def test_moderation_keeps_the_comment_with_its_reason(self, leader, staff):
        consultation = ConsultationFactory()
        comment = consultations.comment_post(
            consultation=consultation, author=leader, body="Name-calling text"
        )
        with pytest.raises(ApplicationError):
            consultations.comment_hide(comment=comment, acting_user=staff, reason="")
        consultations.comment_hide(comment=comment, acting_user=staff, reason="Insults another participant.")
        comment.refresh_from_db()
        assert comment.is_hidden and comment.hidden_reason == "Insults another participant."
        assert comment.body == "Name-calling text"

    def test_what_we_heard_is_published_after_closing_with_voices_per_theme(self, leader, staff, community):
        consultation = ConsultationFactory()
        first = consultations.comment_post(consultation=consultation, author=leader, body="More teachers.")
        second = consultations.comment_post(
            consultation=consultation, author=make_leader(community=community), body="Pay the teachers."
        )
        with pytest.raises(ApplicationError):
            consultations.what_we_heard_publish(
                consultation=consultation, acting_user=staff, intro="", themes=[{}]
            )
        consultation.closes_at = timezone.now() - timedelta(minutes=1)
        consultation.opens_at = timezone.now() - timedelta(days=5)
        consultation.save()
        consultations.what_we_heard_publish(
            consultation=consultation,
            acting_user=staff,
            intro="Thirty leaders took part.",
            themes=[
                {
                    "title": "Teachers",
                    "summary": "Too few.",
                    "oobc_response": "We ask MBHTE.",
                    "comments": [first.uid, second.uid],
                }
            ],
        )
        from community_portal.selectors import consultation_themes

        theme = consultation_themes(consultation).get()
        assert theme.voices == 2 and consultation.what_we_heard_published_at


@pytest.mark.django_db(transaction=True)
class TestCatalogRelay:
    """A catalog request filed from the portal changes in the catalog's triage; the change
    reaches its requester through the outbox row the change wrote, with no polling."""

    def file(self, leader, service):
        return requests.portal_request_submit(
            requester=leader,
            kind=RequestKind.CATALOG_SERVICE,
            title="Kits",
            details="For ten families.",
            service=service,
        )

    def test_a_triage_change_reaches_the_requester_in_app_through_the_outbox(self, leader, service, staff):
        portal_request = self.file(leader, service)
        move(portal_request.service_request, staff, "under_review", public_note="We are checking your list.")
        relay = OutboxMessage.objects.get(topic=requests.RELAY_TOPIC)
        assert relay.status == "sent"
        assert relay.payload == {"service_request_id": portal_request.service_request_id}
        notice = Notification.objects.get(recipient=leader, category="portal.request")
        assert "We are checking your list." in notice.body
        portal_request.refresh_from_db()
        assert portal_request.relayed_change_id == portal_request.service_request.history.latest("id").id

    def test_a_closed_request_invites_feedback_once(self, leader, service, staff):
        portal_request = self.file(leader, service)
        statuses = ("under_review", "approved", "in_progress", "fulfilled", "closed")
        move(portal_request.service_request, staff, *statuses)
        invitations = [message for message in mail.outbox if "how did we do" in message.subject]
        assert len(invitations) == 1 and portal_request.tracking_code in invitations[0].subject
        # A repeated relay (an outbox retry) finds nothing new to send.
        assert requests.catalog_changes_relay(service_request_id=portal_request.service_request_id) == 0
        assert len([message for message in mail.outbox if "how did we do" in message.subject]) == 1

    def test_requests_filed_elsewhere_queue_no_relay(self, service, staff):
        service_request = submit_request(entry=service)
        move(service_request, staff, "under_review", public_note="Checking.")
        assert not OutboxMessage.objects.filter(topic=requests.RELAY_TOPIC).exists()

    def test_an_internal_note_queues_no_relay(self, leader, service, staff):
        portal_request = self.file(leader, service)
        service_request_add_note(
            service_request=portal_request.service_request, acting_user=staff, internal_note="Call the MSWDO."
        )
        assert not OutboxMessage.objects.filter(topic=requests.RELAY_TOPIC).exists()
