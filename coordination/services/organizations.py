"""Writes of organizations and their focal persons.

OOBC executives and staff manage every organization. A MAO focal person may change only their
own organization's contact details, and its focal persons.
"""

import datetime
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.models import User
from common.permissions import Action, Area, ensure_can
from common.services.guards import (
    Broken,
    assign,
    validate,
)
from coordination.models import FocalPerson, FocalRole, Organization, OrganizationKind

# What the service writes, in the order the internal API shows them.
ORGANIZATION_FIELDS = (
    "name",
    "acronym",
    "kind",
    "parent",
    "mandate",
    "region",
    "email",
    "phone",
    "address",
    "website",
    "is_active",
)
# What a MAO focal person may change about their own organization.
CONTACT_FIELDS = frozenset({"email", "phone", "address", "website"})
FOCAL_PERSON_FIELDS = (
    "full_name",
    "position",
    "email",
    "phone",
    "role",
    "is_active",
    "active_from",
    "active_until",
)

STAFF_ADD_ORGANIZATIONS = gettext_lazy("Only OOBC executives and staff may add organizations.")
FOCAL_CONTACT_ONLY = gettext_lazy("A MAO focal person may change only their organization's contact details.")
NOT_YOUR_ORGANIZATION = gettext_lazy("You may not change this organization.")
OWN_FOCAL_PERSONS_ADD = gettext_lazy("You may add focal persons to your own organization only.")
OWN_FOCAL_PERSONS_CHANGE = gettext_lazy("You may change your own organization's focal persons only.")


def _broken_organization_rules(organization: Organization) -> Iterator[Broken]:
    others = Organization.objects.exclude(pk=organization.pk)
    if organization.name and others.filter(name__iexact=organization.name, kind=organization.kind).exists():
        yield "name", _("Another organization of this kind already has this name.")
    if (
        organization.kind == OrganizationKind.MAO
        and organization.acronym
        and others.maos().filter(acronym__iexact=organization.acronym).exists()
    ):
        yield "acronym", _("Another MAO already uses this acronym.")
    ancestor, seen = organization.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if organization.pk is not None and ancestor.pk == organization.pk:
            yield (
                "parent",
                _("An organization cannot be attached to itself or to one of its attached agencies."),
            )
            break
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


@transaction.atomic
def organization_create(*, acting_user: User, **fields) -> Organization:
    ensure_can(
        acting_user,
        Area.REGISTRY,
        Action.CHANGE,
        message=STAFF_ADD_ORGANIZATIONS,
    )
    organization = Organization()
    assign(organization, fields, ORGANIZATION_FIELDS)
    validate(organization, broken=_broken_organization_rules(organization))
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, acting_user: User, **fields) -> Organization:
    if not set(fields) <= CONTACT_FIELDS:
        ensure_can(
            acting_user,
            Area.REGISTRY,
            Action.CHANGE,
            message=FOCAL_CONTACT_ONLY,
        )
    ensure_can(
        acting_user,
        Area.REGISTRY,
        Action.CHANGE,
        organization_id=organization.pk,
        message=NOT_YOUR_ORGANIZATION,
    )
    changed = assign(organization, fields, ORGANIZATION_FIELDS)
    validate(organization, broken=_broken_organization_rules(organization))
    organization.save(update_fields=[*changed, "updated_at"])
    return organization


def _lock(organization: Organization) -> None:
    """Serialise focal person changes per organization, so two requests cannot both add the
    active primary (the database constraint stays as the last guard)."""
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()


def _broken_focal_person_rules(focal_person: FocalPerson) -> Iterator[Broken]:
    if focal_person.role == FocalRole.PRIMARY and focal_person.is_active:
        current = (
            FocalPerson.objects.filter(
                organization_id=focal_person.organization_id, role=FocalRole.PRIMARY, is_active=True
            )
            .exclude(pk=focal_person.pk)
            .first()
        )
        if current is not None:
            yield (
                "role",
                _(
                    "%(full_name)s is already the active primary focal person of this "
                    "organization. Deactivate them first, or add this person as an "
                    "alternate."
                )
                % {"full_name": current.full_name},
            )
    if (
        focal_person.active_from
        and focal_person.active_until
        and focal_person.active_until < focal_person.active_from
    ):
        yield "active_until", _("The end of the term cannot be before its start.")


@transaction.atomic
def focal_person_create(*, acting_user: User, organization: Organization, **fields) -> FocalPerson:
    ensure_can(
        acting_user,
        Area.REGISTRY,
        Action.CHANGE,
        organization_id=organization.pk,
        message=OWN_FOCAL_PERSONS_ADD,
    )
    _lock(organization)
    focal_person = FocalPerson(organization=organization, active_from=timezone.localdate())
    assign(focal_person, fields, FOCAL_PERSON_FIELDS)
    validate(focal_person, broken=_broken_focal_person_rules(focal_person))
    focal_person.save()
    return focal_person


@transaction.atomic
def focal_person_update(*, focal_person: FocalPerson, acting_user: User, **fields) -> FocalPerson:
    """Change a focal person. Deactivating ends their term today unless `active_until` says
    when; reactivating reopens it."""
    ensure_can(
        acting_user,
        Area.REGISTRY,
        Action.CHANGE,
        organization_id=focal_person.organization_id,
        message=OWN_FOCAL_PERSONS_CHANGE,
    )
    _lock(focal_person.organization)
    was_active = focal_person.is_active
    changed = assign(focal_person, fields, FOCAL_PERSON_FIELDS)
    if was_active and not focal_person.is_active and focal_person.active_until is None:
        focal_person.active_until = timezone.localdate()
        changed.append("active_until")
    elif not was_active and focal_person.is_active and "active_until" not in fields:
        focal_person.active_until = None
        changed.append("active_until")
    validate(focal_person, broken=_broken_focal_person_rules(focal_person))
    focal_person.save(update_fields=[*set(changed), "updated_at"])
    return focal_person


def focal_person_deactivate(
    *, focal_person: FocalPerson, acting_user: User, until: datetime.date
) -> FocalPerson:
    """End a focal person's term on `until`; their organization may then name a new primary."""
    return focal_person_update(
        focal_person=focal_person, acting_user=acting_user, is_active=False, active_until=until
    )
