"""Reads of the community portal. Each selector owns its query shape (no query per row)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.dates import current_fiscal_year
from common.filters import search_text
from common.models import Community, Need, NeedStatus, User
from community_portal.csm import OVERALL_SQDS, SATISFIED_FROM, rating_for
from community_portal.models import (
    SQD_FIELDS,
    CommentSupport,
    ConsultationComment,
    ConsultationStatus,
    DigitalConsultation,
    LeaderProfile,
    LeaderStatus,
    PortalFeedback,
    PortalRequest,
    RequestUpdate,
)
from coordination.models import EngagementStatus, Organization, StakeholderEngagement
from monitoring.models import MonitoringEntry
from service_catalog.models import ServiceCatalogEntry, StatusChange

# --- ARTA client satisfaction results ---------------------------------------------------


@dataclass(frozen=True)
class CsmResult:
    """One group's CSM figures, computed as ARTA does: each SQD's share of agree/strongly
    agree among those who answered it (N/A left out), and the overall score over SQD1–SQD8."""

    responses: int
    sqd_answered: dict[str, int]
    sqd_satisfied: dict[str, int]
    label: str = ""
    service: ServiceCatalogEntry | None = None
    mao: Organization | None = None
    cc_aware: int = 0  # CC1 answers 1–3: aware of a Citizen's Charter

    def share(self, sqd: str) -> float | None:
        answered = self.sqd_answered[sqd]
        return round(100 * self.sqd_satisfied[sqd] / answered, 1) if answered else None

    @property
    def shares(self) -> dict[str, float | None]:
        return {sqd: self.share(sqd) for sqd in SQD_FIELDS}

    @property
    def overall_score(self) -> float | None:
        answered = sum(self.sqd_answered[sqd] for sqd in OVERALL_SQDS)
        satisfied = sum(self.sqd_satisfied[sqd] for sqd in OVERALL_SQDS)
        return round(100 * satisfied / answered, 1) if answered else None

    @property
    def rating(self) -> str:
        return rating_for(self.overall_score)

    @property
    def cc_awareness(self) -> float | None:
        return round(100 * self.cc_aware / self.responses, 1) if self.responses else None


def _csm_aggregates() -> dict:
    aggregates = {"responses": Count("id"), "cc_aware": Count("id", filter=Q(cc1__lte=3))}
    for sqd in SQD_FIELDS:
        aggregates[f"{sqd}_answered"] = Count(sqd)
        aggregates[f"{sqd}_satisfied"] = Count("id", filter=Q(**{f"{sqd}__gte": SATISFIED_FROM}))
    return aggregates


def _result(row: dict, **extra) -> CsmResult:
    return CsmResult(
        responses=row["responses"],
        cc_aware=row["cc_aware"],
        sqd_answered={sqd: row[f"{sqd}_answered"] for sqd in SQD_FIELDS},
        sqd_satisfied={sqd: row[f"{sqd}_satisfied"] for sqd in SQD_FIELDS},
        **extra,
    )


def _feedback(*, service=None, organization=None, fiscal_year=None) -> QuerySet[PortalFeedback]:
    feedback = PortalFeedback.objects.all()
    if service is not None:
        feedback = feedback.filter(service=service)
    if organization is not None:
        feedback = feedback.filter(mao=organization)
    if fiscal_year is not None:
        feedback = feedback.filter(fiscal_year=fiscal_year)
    return feedback


def csm_results(
    *,
    service: ServiceCatalogEntry | None = None,
    organization: Organization | None = None,
    fiscal_year: int | None = None,
) -> CsmResult:
    """The CSM figures of every response matching the filters, in one query. The reporting
    app's service performance report reads this."""
    return _result(
        _feedback(service=service, organization=organization, fiscal_year=fiscal_year).aggregate(
            **_csm_aggregates()
        )
    )


def csm_results_by_service(
    *, fiscal_year: int | None = None, organization: Organization | None = None
) -> list[CsmResult]:
    rows = (
        _feedback(organization=organization, fiscal_year=fiscal_year)
        .filter(service__isnull=False)
        .values("service")
        .annotate(**_csm_aggregates())
        .order_by()
    )
    rows = list(rows)
    services = ServiceCatalogEntry.objects.select_related("mao").in_bulk([row["service"] for row in rows])
    results = [
        _result(
            row,
            service=services[row["service"]],
            mao=services[row["service"]].mao,
            label=services[row["service"]].title,
        )
        for row in rows
    ]
    return sorted(results, key=lambda result: result.label)


def csm_results_by_mao(*, fiscal_year: int | None = None) -> list[CsmResult]:
    rows = list(
        _feedback(fiscal_year=fiscal_year)
        .filter(mao__isnull=False)
        .values("mao")
        .annotate(**_csm_aggregates())
        .order_by()
    )
    maos = Organization.objects.in_bulk([row["mao"] for row in rows])
    results = [_result(row, mao=maos[row["mao"]], label=maos[row["mao"]].label) for row in rows]
    return sorted(results, key=lambda result: result.label)


def feedback_comments(*, fiscal_year: int | None = None, limit: int = 50) -> QuerySet[PortalFeedback]:
    """Feedback with a comment, newest first, for staff to read and answer."""
    return (
        _feedback(fiscal_year=fiscal_year)
        .exclude(comment="")
        .select_related("service", "mao", "replied_by")
        .order_by("-created_at")[:limit]
    )


def feedback_of(*, user: User) -> QuerySet[PortalFeedback]:
    return PortalFeedback.objects.filter(author=user).select_related("service", "mao").order_by("-created_at")


# --- Leaders and their community ------------------------------------------------------


def leader_profile_of(user: User) -> LeaderProfile | None:
    if not user.is_authenticated:
        return None
    return (
        LeaderProfile.objects.filter(user=user)
        .select_related("community__municipality", "community__province")
        .first()
    )


def community_search(*, query: str, limit: int = 20) -> QuerySet[Community]:
    """OBC communities by community, barangay or municipality name (for registration)."""
    query = search_text(query)
    communities = Community.objects.select_related("barangay", "municipality", "province")
    if len(query) < 2:
        return communities.none()
    return communities.filter(
        Q(name__icontains=query) | Q(barangay__name__icontains=query) | Q(municipality__name__icontains=query)
    ).order_by("municipality__name", "name")[:limit]


@dataclass
class CommunityProfile:
    community: Community
    needs: list[Need]
    ppas: list[MonitoringEntry]
    meetings: list[StakeholderEngagement]
    consultations: list[DigitalConsultation]
    fiscal_year: int
    requests: list[PortalRequest] = field(default_factory=list)


def community_profile(*, community: Community, user: User) -> CommunityProfile:
    """The portal home's view of the leader's community: validated needs, the PPAs serving it
    this fiscal year with their MAO and progress, upcoming meetings and open consultations."""
    now = timezone.now()
    fiscal_year = current_fiscal_year()
    needs = list(
        Need.objects.filter(
            community=community, status__in=[NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED]
        ).order_by("urgency", "title")[:20]
    )
    ppas = list(
        MonitoringEntry.objects.ppas()
        .filter(fiscal_year=fiscal_year)
        .filter(Q(communities=community) | Q(coverage_municipality_id=community.municipality_id))
        .select_related("implementing_mao")
        .distinct()
        .order_by("title")[:30]
    )
    meetings = list(
        StakeholderEngagement.objects.filter(planned_start__gte=now, community=community)
        .exclude(status__in=[EngagementStatus.CANCELLED, EngagementStatus.COMPLETED])
        .order_by("planned_start")[:5]
    )
    return CommunityProfile(
        community=community,
        needs=needs,
        ppas=ppas,
        meetings=meetings,
        consultations=list(open_consultations()[:5]),
        fiscal_year=fiscal_year,
    )


# --- Requests -----------------------------------------------------------------------


def requests_of(*, user: User) -> QuerySet[PortalRequest]:
    """The person's own requests only."""
    return (
        PortalRequest.objects.filter(requester=user)
        .select_related("service_request__service__mao", "routed_to", "community")
        .order_by("-created_at")
    )


def own_request(*, user: User, code: str) -> PortalRequest:
    """A request of the signed-in person; anyone else's (or an unknown code) is a 404."""
    portal_request = (
        PortalRequest.objects.select_related(
            "service_request__service__mao", "routed_to", "community", "requester"
        )
        .filter(tracking_code=code, requester=user)
        .first()
    )
    if portal_request is None:
        raise Http404
    return portal_request


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    status_label: str
    note: str


def request_timeline(portal_request: PortalRequest) -> list[TimelineEntry]:
    """What the requester may see of the history: status changes and public notes."""
    if portal_request.is_catalog:
        changes = StatusChange.objects.filter(request_id=portal_request.service_request_id).order_by(
            "created_at", "id"
        )
        return [
            TimelineEntry(change.created_at, change.get_to_status_display(), change.public_note)
            for change in changes
            if change.is_public
        ]
    updates = RequestUpdate.objects.filter(request=portal_request).order_by("created_at", "id")
    return [
        TimelineEntry(update.created_at, update.get_to_status_display(), update.public_note)
        for update in updates
        if update.from_status != update.to_status or update.public_note
    ]


def request_status_label(portal_request: PortalRequest) -> str:
    if portal_request.is_catalog:
        return str(portal_request.service_request.get_status_display())
    return str(portal_request.get_status_display())


def request_by_code(code: str) -> PortalRequest | None:
    return (
        PortalRequest.objects.select_related(
            "service_request__service__mao", "routed_to", "community__municipality"
        )
        .filter(tracking_code=code)
        .first()
    )


def obc_request_queue(*, status: str = "") -> QuerySet[PortalRequest]:
    requests = PortalRequest.objects.exclude(kind="catalog_service").select_related(
        "community__municipality", "routed_to", "requester"
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("created_at")


# --- Staff queues -----------------------------------------------------------------------


def verification_queue(*, status: str = LeaderStatus.PENDING) -> QuerySet[LeaderProfile]:
    return (
        LeaderProfile.objects.filter(status=status)
        .select_related("user", "community__municipality", "community__province", "decided_by")
        .order_by("created_at")
    )


def moderation_queue() -> QuerySet[ConsultationComment]:
    """Comments of open or recently closed consultations, newest first, hidden ones included."""
    return (
        ConsultationComment.objects.select_related("consultation", "author", "community", "hidden_by")
        .annotate(support_count=Count("supports"))
        .order_by("-created_at")
    )


# --- Consultations --------------------------------------------------------------------


def published_consultations() -> QuerySet[DigitalConsultation]:
    return DigitalConsultation.objects.filter(status=ConsultationStatus.PUBLISHED).annotate(
        comment_count=Count("comments", distinct=True)
    )


def open_consultations() -> QuerySet[DigitalConsultation]:
    now = timezone.now()
    return published_consultations().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def consultation_for(*, slug: str, user: User) -> DigitalConsultation:
    """A published consultation (staff also see drafts); anything else is a 404."""
    from common.permissions import Action, Area, has_access

    consultations = DigitalConsultation.objects.prefetch_related(
        "questions", "documents", "regions", "communities"
    )
    if not has_access(user, Area.PORTAL, Action.MANAGE):
        consultations = consultations.filter(status=ConsultationStatus.PUBLISHED)
    consultation = consultations.filter(slug=slug).first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_comments(*, consultation: DigitalConsultation, user: User) -> QuerySet[ConsultationComment]:
    supported = CommentSupport.objects.filter(comment=OuterRef("pk"), user_id=getattr(user, "pk", None))
    return (
        consultation.comments.select_related("author", "community", "question", "theme")
        .annotate(support_count=Count("supports", distinct=True), supported_by_me=Exists(supported))
        .order_by("created_at", "id")
    )


def consultation_themes(consultation: DigitalConsultation):
    return consultation.themes.annotate(
        voices=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True)
    ).prefetch_related(Prefetch("comments", queryset=ConsultationComment.objects.only("uid", "theme_id")))


def comment_rows(consultation: DigitalConsultation) -> list[dict]:
    """The consultation's comments for the CSV export (hidden ones flagged with their reason)."""
    rows = []
    for comment in consultation_comments(consultation=consultation, user=None):
        rows.append(
            {
                "posted": timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
                "question": comment.question.text if comment.question else "",
                "author": (comment.author.first_name if comment.author else "") or "—",
                "community": comment.community.name if comment.community else "",
                "comment": comment.body,
                "supports": comment.support_count,
                "hidden_reason": comment.hidden_reason,
                "theme": comment.theme.title if comment.theme else "",
            }
        )
    return rows
