"""Demo data of the community portal (synthetic people and texts, fixed random seed):
verified and pending leaders (the `leader` login verified among them), one open and one
closed consultation with comments and a published "what we heard", portal requests, and
ARTA feedback on completed catalog requests."""

import contextlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.errors import ApplicationError
from common.models import Community, DataSource, Role, User
from community_portal.models import (
    CommunityRole,
    ConsultationComment,
    DigitalConsultation,
    LeaderProfile,
    LeaderStatus,
    PortalFeedback,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services import consultations, feedback, requests
from service_catalog.models import EntryStatus, RequestStatus, ServiceCatalogEntry, ServiceRequest

SEED = 2026_16
LEADERS = [
    # username, first, last, role in community, status
    ("leader", "Bai", "Kalim", CommunityRole.WOMEN_LEADER, LeaderStatus.VERIFIED),
    ("leader_datu", "Datu", "Ampatuan", CommunityRole.TRADITIONAL_LEADER, LeaderStatus.VERIFIED),
    ("leader_ustadz", "Ustadz", "Macarambon", CommunityRole.RELIGIOUS_LEADER, LeaderStatus.VERIFIED),
    ("leader_youth", "Norhaya", "Dimaporo", CommunityRole.YOUTH_LEADER, LeaderStatus.PENDING),
    ("leader_new", "Abdul", "Sarip", CommunityRole.BARANGAY_OFFICIAL, LeaderStatus.PENDING),
]
OPEN_COMMENTS = [
    "Our madrasah has one teacher for 80 children. Please include teacher allowances.",
    "The programme should reach sitios far from the poblacion; many children walk two hours.",
    "Materials in Meranaw and Tausug would help parents follow what children learn.",
]
CLOSED_COMMENTS = [
    "The water system in our barangay broke after the flood; repairs first, please.",
    "Women should be part of the water committee.",
    "We need a second water point near the school.",
    "Please post the schedule of repairs at the barangay hall.",
]


def _leaders(communities: list[Community], staff: User | None) -> list[User]:
    made = []
    now = timezone.now()
    for number, (username, first, last, role, status) in enumerate(LEADERS):
        community = communities[number % len(communities)] if number else communities[0]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.obcms.invalid",
                "role": Role.COMMUNITY_LEADER,
                "first_name": first,
                "last_name": last,
                "email_verified_at": now,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if user.phone == "":
            user.phone = f"+63 917 555 {1600 + number:04d}"
        verified = status == LeaderStatus.VERIFIED
        # The core demo already gave `leader` a community with requests: keep it.
        community = user.community or community
        user.community = community if verified else None
        user.save(update_fields=["phone", "community"])
        LeaderProfile.objects.get_or_create(
            user=user,
            defaults={
                "community": community,
                "community_role": role,
                "status": status,
                "decided_by": staff if verified else None,
                "decided_at": now if verified else None,
                "privacy_notice_version": PORTAL_PRIVACY_NOTICE_VERSION,
                "consent_given_at": now - timedelta(days=30 - number),
                "source": DataSource.SYNTHETIC,
            },
        )
        made.append(user)
    return made


def _consultation(
    *, staff: User, title: str, summary: str, opens_at, closes_at, questions, regions
) -> DigitalConsultation:
    consultation = consultations.consultation_save(
        acting_user=staff,
        title=title,
        summary=summary,
        body=(
            f"{summary}\n\nOOBC will read every comment and publish what it heard, with its response, "
            "within 20 working days after the comment period closes. (Synthetic demo consultation.)"
        ),
        opens_at=opens_at,
        closes_at=closes_at,
        questions=questions,
        regions=regions,
        source=DataSource.SYNTHETIC,
    )
    return consultations.consultation_publish(consultation=consultation, acting_user=staff)


def _comment(consultation, author, body, question=None) -> ConsultationComment:
    # Demo comments are planted in the comment period's past, so the rule is kept by design.
    return ConsultationComment.objects.create(
        consultation=consultation,
        author=author,
        community=author.community,
        question=question,
        body=body,
        source=DataSource.SYNTHETIC,
    )


@transaction.atomic
def portal_demo_seed() -> list[str]:
    if LeaderProfile.objects.filter(source=DataSource.SYNTHETIC).exists():
        return ["Community portal: demo data already present."]
    communities = list(Community.objects.order_by("name")[:5])
    staff = User.objects.filter(role=Role.OOBC_STAFF, is_active=True).order_by("pk").first()
    if not communities or staff is None:
        return ["Community portal: no communities or OOBC staff yet; skipped."]
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    leaders = _leaders(communities, staff)
    verified = [user for user in leaders if user.community_id]
    now = timezone.now()
    regions = list({community.region for community in communities})

    open_one = _consultation(
        staff=staff,
        title="Madrasah support programme for OBC communities",
        summary="How should the Bangsamoro Government support madaris in Other Bangsamoro Communities?",
        opens_at=now - timedelta(days=4),
        closes_at=now + timedelta(days=10),
        questions=["Which needs come first?", "How should teachers be chosen?"],
        regions=regions,
    )
    first_question = open_one.questions.first()
    open_comments = [
        _comment(open_one, verified[number % len(verified)], text, first_question if number == 0 else None)
        for number, text in enumerate(OPEN_COMMENTS)
    ]
    consultations.comment_support(comment=open_comments[0], user=verified[1])
    rude = _comment(open_one, verified[2], "Everyone from the other barangay is a thief.")
    consultations.comment_hide(comment=rude, acting_user=staff, reason="Insults a whole community.")

    closed_one = _consultation(
        staff=staff,
        title="Safe water for OBC barangays, FY 2027 plan",
        summary="Which water projects should OOBC endorse to the MAOs for 2027?",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=1),
        questions=["Which water problems are most urgent?"],
        regions=regions,
    )
    closed_comments = [
        _comment(closed_one, verified[number % len(verified)], text)
        for number, text in enumerate(CLOSED_COMMENTS)
    ]
    ConsultationComment.objects.filter(consultation=closed_one).update(created_at=now - timedelta(days=20))
    consultations.what_we_heard_publish(
        consultation=closed_one,
        acting_user=staff,
        intro="Leaders of four communities took part. These are the themes we heard. (Synthetic.)",
        themes=[
            {
                "title": "Repair before building new",
                "summary": "Broken systems after floods should be repaired first.",
                "oobc_response": "OOBC will endorse repairs to the Ministry of Public Works first in 2027.",
                "comments": [closed_comments[0].uid, closed_comments[2].uid],
            },
            {
                "title": "Communities in the water committees",
                "summary": "Women and barangay officials want a say and a public schedule.",
                "oobc_response": "Each project will name a community water committee with women members.",
                "comments": [closed_comments[1].uid, closed_comments[3].uid],
            },
        ],
    )

    filed = [
        requests.portal_request_submit(
            requester=leaders[0],
            kind="assistance",
            title="Solar lights for the madrasah",
            details="Classes run into the evening and the barangay has no power line. (Synthetic.)",
            beneficiaries=85,
            sector="infrastructure",
        )
    ]
    service = (
        ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED, accepting_requests=True)
        .order_by("slug")
        .first()
    )
    if service is not None:
        # The first service may not be offered in the leader's area: the demo goes without it.
        with contextlib.suppress(ApplicationError):
            filed.append(
                requests.portal_request_submit(
                    requester=leaders[0],
                    kind="catalog_service",
                    title="Starter kits for ten families",
                    details="Families who lost their boats in the storm. (Synthetic.)",
                    beneficiaries=10,
                    service=service,
                )
            )
    requests.portal_request_transition(portal_request=filed[0], acting_user=staff, to_status="under_review")

    rated = 0
    completed = ServiceRequest.objects.filter(
        status__in=[RequestStatus.FULFILLED, RequestStatus.CLOSED], source=DataSource.SYNTHETIC
    ).select_related("service")[:6]
    for service_request in completed:
        answers = {"cc1": str(rng.choice([1, 1, 2, 3, 4])), "comment": ""}
        for number in range(9):
            answers[f"sqd{number}"] = str(rng.choice([5, 5, 4, 4, 4, 3, 2])) if number != 5 else "na"
        if rated == 0:
            answers["comment"] = "The staff were kind but we waited long for the release. (Synthetic.)"
        feedback.feedback_submit(
            answers=answers, channel="portal", service=service_request.service, anonymous=True
        )
        rated += 1
    first_feedback = PortalFeedback.objects.exclude(comment="").first()
    if first_feedback is not None:
        feedback.feedback_reply(
            feedback=first_feedback,
            acting_user=staff,
            text="Thank you. The office now releases kits every Friday. (Synthetic.)",
        )
    pending = sum(1 for user in leaders if not user.community_id)
    return [
        f"Community portal: {len(verified)} verified and {pending} pending leaders "
        "(login `leader` is verified), "
        f"2 consultations (one open, one closed with “what we heard”), {len(filed)} portal requests, "
        f"{rated} synthetic CSM responses."
    ]
