"""Calendar subscriptions: secret, revocable feed URLs for a series or a MAO."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automation.models import CalendarFeedToken, FeedKind, QuarterlyMeetingSeries
from automation.selectors import token_hash
from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, has_access
from common.scoping import is_own_mao_scoped
from common.services.guards import validate
from coordination.models import Organization, OrganizationKind


@transaction.atomic
def calendar_feed_create(
    *,
    acting_user: User,
    series: QuarterlyMeetingSeries | None = None,
    organization: Organization | None = None,
) -> tuple[CalendarFeedToken, str]:
    """A new feed for a series the user can see, or for a MAO (a focal person: their own).
    Returns the feed and its token, which is shown once and stored only as a hash."""
    if not has_access(acting_user, Area.MEETINGS, Action.VIEW):
        raise PermissionDenied
    if (series is None) == (organization is None):
        raise ApplicationError(_("Choose either a series or a MAO."), field="series")
    if organization is not None:
        if organization.kind != OrganizationKind.MAO:
            raise ApplicationError(_("Choose a BARMM ministry, agency or office."), field="organization")
        if is_own_mao_scoped(acting_user, Area.MEETINGS) and organization.pk != acting_user.organization_id:
            raise ApplicationError(_("Choose your own MAO."), field="organization")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeedToken(
        owner=acting_user,
        kind=FeedKind.SERIES if series else FeedKind.MAO,
        series=series,
        organization=organization,
        token_hash=token_hash(token),
        token_hint=token[:6],
    )
    validate(feed)
    feed.save()
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeedToken, acting_user: User) -> CalendarFeedToken:
    """Stop a feed at once (its URL answers 404 from now on). Revoking twice is harmless."""
    if feed.owner_id != acting_user.pk and not has_access(acting_user, Area.MEETINGS, Action.MANAGE):
        raise PermissionDenied
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
    return feed


def calendar_feed_touch(*, feed: CalendarFeedToken) -> None:
    """Note when a calendar client last fetched the feed (at most once an hour: clients poll)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)


def calendar_feed_path(token: str) -> str:
    return reverse("automation:calendar-feed", kwargs={"token": token})
