"""Writes of catalog entries and their Citizen's Charter."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ApplicationError
from common.models import Province, Region, TombstoneReason, User
from common.permissions import Action, Area, ensure_can
from common.scoping import is_own_mao_scoped
from common.services.guards import validate
from common.services.tombstones import tombstone_record
from coordination.models import Organization
from service_catalog.cache import public_version_bump
from service_catalog.models import (
    WORKING_DAY_MINUTES,
    CharterRequirement,
    CharterStep,
    EntryStatus,
    ServiceCatalogEntry,
)

REQUIREMENT_FIELDS = ("requirement", "where_to_secure")
STEP_FIELDS = ("client_action", "agency_action", "fee", "duration_minutes", "responsible_office")
# Fields a caller may set through entry_create / entry_update (the form shows them in this order).
ENTRY_FIELDS = (
    "ppa",
    "title",
    "title_fil",
    "summary",
    "summary_fil",
    "keywords",
    "keywords_fil",
    "description",
    "sector",
    "who_may_avail",
    "eligibility_criteria",
    "classification",
    "fees_note",
    "complaint_procedure",
    "slots",
    "accepting_requests",
    "contact_office",
    "contact_email",
    "contact_phone",
)
EDITABLE_FIELDS = frozenset({*ENTRY_FIELDS, "source"})
OWN_MAO_ONLY = gettext_lazy("You may change your own MAO's services only.")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "service"
    slug, counter = base, 2
    while ServiceCatalogEntry.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _charter_rows(model, entry, rows: Sequence[Mapping[str, Any]], fields: tuple, label: str) -> list:
    """Model rows built from plain dicts, each validated; the dict shape is checked first so
    nothing a client sends reaches the database unvalidated."""
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise ApplicationError(_("Expected a list of rows."), field=label)
    built, errors = [], []
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            errors.append(f"Row {position}: expected an object with {', '.join(fields)}.")
            continue
        unknown = sorted(set(row) - set(fields))
        if unknown:
            errors.append(f"Row {position}: unknown field(s) {', '.join(unknown)}.")
            continue
        obj = model(entry=entry, order=position, **dict(row))
        try:
            obj.full_clean(exclude=["entry"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(f"Row {position}, {field}: {message}" for message in messages)
        built.append(obj)
    if errors:
        raise ApplicationError.for_fields({label: errors})
    return built


def _check_steps_within_ceiling(entry: ServiceCatalogEntry, steps: list[CharterStep]) -> None:
    total = sum(step.duration_minutes for step in steps)
    ceiling = entry.processing_ceiling_days
    if total > ceiling * WORKING_DAY_MINUTES:
        raise ApplicationError(
            _(
                "The steps take %(value)s working days, more than the %(ceiling)s working days "
                "allowed for a %(value2)s transaction."
            )
            % {
                "value": f"{total / WORKING_DAY_MINUTES:.1f}",
                "ceiling": ceiling,
                "value2": entry.get_classification_display().lower(),
            },
            field="steps",
        )


def _replace_charter(entry, requirements, steps) -> None:
    if requirements is not None:
        rows = _charter_rows(CharterRequirement, entry, requirements, REQUIREMENT_FIELDS, "requirements")
        entry.requirements.all().delete()
        CharterRequirement.objects.bulk_create(rows)
    if steps is not None:
        rows = _charter_rows(CharterStep, entry, steps, STEP_FIELDS, "steps")
        _check_steps_within_ceiling(entry, rows)
        entry.steps.all().delete()
        CharterStep.objects.bulk_create(rows)


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError.for_fields({name: ["This field cannot be set here."] for name in unknown})


def _check_ppa(entry: ServiceCatalogEntry) -> None:
    if entry.ppa_id and entry.ppa.implementing_mao_id != entry.mao_id:
        raise ApplicationError(_("Link a PPA of the same MAO."), field="ppa")


def _after_change() -> None:
    transaction.on_commit(public_version_bump)


@transaction.atomic
def entry_create(
    *,
    acting_user: User | None,
    mao: Organization | None = None,
    requirements: Sequence[Mapping[str, Any]] = (),
    steps: Sequence[Mapping[str, Any]] = (),
    coverage_regions: Iterable[Region] = (),
    coverage_provinces: Iterable[Province] = (),
    **fields: Any,
) -> ServiceCatalogEntry:
    """A new draft entry with its charter. A MAO focal person's entry is their own MAO's
    (naming another is refused); others name the MAO. `acting_user=None` is the demo seeder."""
    if acting_user is not None:
        if mao is None and is_own_mao_scoped(acting_user, Area.CATALOG):
            mao = acting_user.organization
        if mao is None:
            raise ApplicationError(_("Choose the MAO that offers the service."), field="mao")
        ensure_can(acting_user, Area.CATALOG, Action.CHANGE, organization_id=mao.pk, message=OWN_MAO_ONLY)
    _check_fields(fields)
    entry = ServiceCatalogEntry(mao=mao, created_by=acting_user, status=EntryStatus.DRAFT, **fields)
    entry.slug = _unique_slug(entry.title or "")
    validate(entry)
    _check_ppa(entry)
    entry.save()
    entry.coverage_regions.set(coverage_regions)
    entry.coverage_provinces.set(coverage_provinces)
    _replace_charter(entry, requirements, steps)
    _after_change()
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: ServiceCatalogEntry,
    acting_user: User,
    requirements: Sequence[Mapping[str, Any]] | None = None,
    steps: Sequence[Mapping[str, Any]] | None = None,
    coverage_regions: Iterable[Region] | None = None,
    coverage_provinces: Iterable[Province] | None = None,
    **fields: Any,
) -> ServiceCatalogEntry:
    ensure_can(acting_user, Area.CATALOG, Action.CHANGE, organization_id=entry.mao_id, message=OWN_MAO_ONLY)
    _check_fields(fields)
    for name, value in fields.items():
        setattr(entry, name, value)
    validate(entry)
    _check_ppa(entry)
    if entry.status == EntryStatus.PUBLISHED:
        _check_publishable(entry, steps_count=len(steps) if steps is not None else None)
    entry.save()
    if coverage_regions is not None:
        entry.coverage_regions.set(coverage_regions)
    if coverage_provinces is not None:
        entry.coverage_provinces.set(coverage_provinces)
    if steps is None and "classification" in fields:
        _check_steps_within_ceiling(entry, list(entry.steps.all()))
    _replace_charter(entry, requirements, steps)
    _after_change()
    return entry


def _check_publishable(entry: ServiceCatalogEntry, steps_count: int | None = None) -> None:
    errors = {}
    if not entry.eligibility_criteria.strip():
        errors["eligibility_criteria"] = ["A published service needs eligibility criteria."]
    if not entry.complaint_procedure.strip():
        errors["complaint_procedure"] = ["A published service says how to file a complaint."]
    if (steps_count if steps_count is not None else entry.steps.count()) == 0:
        errors["steps"] = ["A published service lists the steps of its Citizen's Charter."]
    if errors:
        raise ApplicationError.for_fields(errors)


@transaction.atomic
def entry_set_status(
    *, entry: ServiceCatalogEntry, acting_user: User | None, status: str
) -> ServiceCatalogEntry:
    """Publish, archive, or take back to draft."""
    if acting_user is not None:
        ensure_can(
            acting_user, Area.CATALOG, Action.CHANGE, organization_id=entry.mao_id, message=OWN_MAO_ONLY
        )
    if status not in EntryStatus.values:
        raise ApplicationError(_("Unknown status %(status)s.") % {"status": f"{status!r}"}, field="status")
    if status == EntryStatus.PUBLISHED:
        _check_publishable(entry)
        entry.published_at = entry.published_at or timezone.now()
    was_published = entry.status == EntryStatus.PUBLISHED
    entry.status = status
    validate(entry)
    entry.save(update_fields=["status", "published_at", "updated_at"])
    if was_published and status != EntryStatus.PUBLISHED:
        # Partners that copied the published service learn it was withdrawn.
        tombstone_record(dataset="services", uid=entry.uid, reason=TombstoneReason.WITHDRAWN)
    _after_change()
    return entry
