"""Writes of the PPA register: create and edit PPAs and OBC requests, record progress reports.

Every rule the database enforces is checked here first and reported on the field to fix,
so a form or an API client never sees a bare constraint violation. MAO focal persons
write only their own MAO's PPAs; OCM executives and everyone without the registry's
CHANGE grant write nothing.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import FISCAL_YEAR_OUT_OF_RANGE, is_fiscal_year
from common.errors import PLEASE_CORRECT, ApplicationError
from common.models import Community, Need, User
from common.money import money_text
from common.permissions import Action, Area, ensure_can, has_access
from common.scoping import is_own_mao_scoped
from common.services.guards import validate
from common.services.outbox import domain_event_emit, outbox_enqueue
from common.services.tombstones import tombstone_record
from coordination.models import OrganizationKind
from monitoring.models import (
    ONLY_SPECIAL_PROVISIONS_EARMARK,
    SPECIAL_PROVISION_HAS_NO_BUDGET,
    EntryCategory,
    EntryKind,
    MonitoringEntry,
    MonitoringUpdate,
    PpaStatus,
)

MAX_AMOUNT = Decimal("999999999999.99")
# Announced (through the outbox, in the write's transaction) for every PPA write: the OCM
# dashboard marks the fiscal year dirty and snapshots it again within minutes.
PPA_CHANGED_TOPIC = "monitoring.ppa_changed"


def _announce_change(*fiscal_years: int | None) -> None:
    for fiscal_year in sorted({year for year in fiscal_years if year}):
        outbox_enqueue(
            topic=PPA_CHANGED_TOPIC, payload={"fiscal_year": fiscal_year}
        )  # DecimalField(max_digits=14, decimal_places=2)


# What **fields may set: the entry's own editable columns (not uid, timestamps or author).
WRITABLE_FIELDS = frozenset(
    field.name
    for field in MonitoringEntry._meta.concrete_fields
    if field.editable and not field.primary_key and field.name != "created_by"
)
COVERAGE_FIELDS = ("coverage_region", "coverage_province", "coverage_municipality")
MAO = OrganizationKind.MAO
NO_REGISTER_WRITES = gettext_lazy("You may not change the PPA register.")
NOT_YOURS = gettext_lazy("You may only change your own MAO's PPAs.")

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _may_write(acting_user: User, ppa: MonitoringEntry | None = None) -> bool:
    """Refuse users who may not write `ppa` (or, creating, any PPA); True when the user is
    limited to their own MAO's PPAs (what they may create is then checked field by field)."""
    if ppa is not None:
        ensure_can(
            acting_user,
            Area.REGISTRY,
            Action.CHANGE,
            organization_id=ppa.implementing_mao_id,
            message=NOT_YOURS,
        )
    elif not has_access(acting_user, Area.REGISTRY, Action.CHANGE):
        raise PermissionDenied(NO_REGISTER_WRITES)
    return is_own_mao_scoped(acting_user, Area.REGISTRY)


def _reject_unknown(fields: dict) -> None:
    unknown = set(fields) - WRITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not writable on a PPA: {', '.join(sorted(unknown))}")


def _resolve(model: type[models.Model], items: Iterable, field: str, errors: Errors) -> list:
    """Rows of `model` given as instances or uids; unknown uids are a field error."""
    items = list(items)
    instances = [item for item in items if isinstance(item, model)]
    wanted: set[UUID] = set()
    for item in items:
        if isinstance(item, model):
            continue
        try:
            wanted.add(item if isinstance(item, UUID) else UUID(str(item)))
        except ValueError:
            _add(errors, field, _("“%(item)s” is not a valid id.") % {"item": item})
    found = {row.uid: row for row in model.objects.filter(uid__in=wanted)} if wanted else {}
    missing = sorted(str(uid) for uid in wanted - found.keys())
    if missing:
        _add(
            errors,
            field,
            _("No %(verbose_name)s with id %(names)s.")
            % {"verbose_name": model._meta.verbose_name, "names": ", ".join(missing)},
        )
    return instances + list(found.values())


def _fill_coverage(entry: MonitoringEntry, given: set[str]) -> set[str]:
    """Coverage named at a lower level implies the levels above it, unless they were given.
    Returns the fields it set."""
    derived = set()
    municipality = entry.coverage_municipality
    if municipality is not None:
        if "coverage_province" not in given:
            entry.coverage_province_id = municipality.province_id
            derived.add("coverage_province")
        if "coverage_region" not in given:
            entry.coverage_region_id = municipality.region_id
            derived.add("coverage_region")
    province = entry.coverage_province
    if province is not None and "coverage_region" not in given | derived:
        entry.coverage_region_id = province.region_id
        derived.add("coverage_region")
    return derived


def _coverage_errors(entry: MonitoringEntry, errors: Errors) -> None:
    region, province, municipality = (getattr(entry, name) for name in COVERAGE_FIELDS)
    if municipality is not None:
        if province is not None and municipality.province_id != province.pk:
            _add(
                errors,
                "coverage_municipality",
                _("%(name)s is not in %(name2)s.") % {"name": municipality.name, "name2": province.name},
            )
        if region is not None and municipality.region_id != region.pk:
            _add(
                errors,
                "coverage_municipality",
                _("%(name)s is not in %(name2)s.") % {"name": municipality.name, "name2": region.name},
            )
    if province is not None and region is not None and province.region_id != region.pk:
        _add(
            errors,
            "coverage_province",
            _("%(name)s is not in %(name2)s.") % {"name": province.name, "name2": region.name},
        )


def _invariant_errors(entry: MonitoringEntry, errors: Errors) -> None:
    """The table's check constraints, as errors on the field to fix. A check is skipped when
    one of its fields already failed its own validation."""

    def valid(*names: str) -> bool:
        return not any(name in errors for name in names)

    is_request = entry.category == EntryCategory.OBC_REQUEST
    is_mao_ppa = entry.category == EntryCategory.MAO_PPA
    if valid("category", "implementing_mao") and is_mao_ppa and entry.implementing_mao_id is None:
        _add(errors, "implementing_mao", _("A MAO PPA needs its implementing MAO."))
    if valid("category", "request_status"):
        if is_request and not entry.request_status:
            _add(errors, "request_status", _("An OBC request needs a request status."))
        elif not is_request and entry.request_status:
            _add(errors, "request_status", _("Only OBC requests have a request status."))
    if valid("fiscal_year") and not is_fiscal_year(entry.fiscal_year):
        _add(errors, "fiscal_year", str(FISCAL_YEAR_OUT_OF_RANGE))
    for money in ("budget_allocated", "budget_utilized", "earmarked_amount"):
        if valid(money) and getattr(entry, money) < 0:
            _add(errors, money, _("An amount cannot be negative."))
    if entry.kind == EntryKind.SPECIAL_PROVISION:
        for money in ("budget_allocated", "budget_utilized"):
            if valid(money) and getattr(entry, money):
                _add(errors, money, str(SPECIAL_PROVISION_HAS_NO_BUDGET))
    elif valid("earmarked_amount") and entry.earmarked_amount:
        _add(errors, "earmarked_amount", str(ONLY_SPECIAL_PROVISIONS_EARMARK))
    dates = (entry.start_date, entry.end_date)
    if valid("start_date", "end_date") and all(dates) and dates[1] < dates[0]:
        _add(errors, "end_date", _("The end date is before the start date."))
    if valid("budget_allocated", "budget_utilized") and entry.budget_utilized > entry.budget_allocated:
        if not entry.over_utilization_approved:
            _add(
                errors,
                "budget_utilized",
                _(
                    "Utilised budget is above the allocation of %(budget_allocated)s; over-"
                    "utilisation must be approved, with a note."
                )
                % {"budget_allocated": f"{entry.budget_allocated:,.2f}"},
            )
        elif valid("over_utilization_note") and not (entry.over_utilization_note or "").strip():
            _add(errors, "over_utilization_note", _("Say why over-utilisation was approved."))


def _relation_errors(entry: MonitoringEntry, changed: set[str], errors: Errors) -> None:
    """Rules on related rows, checked only when the relation is being set (rows loaded
    before these rules existed stay editable)."""
    mao = entry.implementing_mao
    check_mao = "implementing_mao" in changed and "implementing_mao" not in errors
    if check_mao and mao is not None and entry.category == EntryCategory.MAO_PPA and mao.kind != MAO:
        _add(
            errors, "implementing_mao", _("%(mao)s is not a BARMM ministry, agency or office.") % {"mao": mao}
        )
    if changed & set(COVERAGE_FIELDS) and not errors.keys() & set(COVERAGE_FIELDS):
        _coverage_errors(entry, errors)


def _own_mao_errors(
    entry: MonitoringEntry, fields: dict, acting_user: User, errors: Errors, *, creating: bool
) -> None:
    """What a MAO focal person may not do even on their own MAO's PPAs."""
    if "implementing_mao" in fields or creating:
        mao = fields.get("implementing_mao")
        if mao is None or mao.pk != acting_user.organization_id:
            _add(errors, "implementing_mao", _("You may only record PPAs of your own MAO."))
    category = fields.get("category", entry.category)
    if (creating or category != entry.category) and category != EntryCategory.MAO_PPA:
        _add(errors, "category", _("MAO focal persons record MAO PPAs only."))
    approving = bool(fields.get("over_utilization_approved"))
    if approving and (creating or not entry.over_utilization_approved):
        _add(errors, "over_utilization_approved", _("Only OOBC may approve over-utilisation."))


def _validate(entry: MonitoringEntry, changed: set[str], errors: Errors) -> None:
    try:
        entry.clean_fields()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    _invariant_errors(entry, errors)
    _relation_errors(entry, changed, errors)
    if errors:
        raise ApplicationError(PLEASE_CORRECT, fields=_money_words(errors))
    validate(entry)  # the rest: uniqueness and the constraints themselves


# How far above the PPA's target (or the served communities' OBC population) a beneficiary
# count may go before someone has to confirm it: above that it is usually a typo (an extra 0).
IMPLAUSIBLE_FACTOR = 2
NOTE = gettext_lazy("Write a note in Accomplishments or Challenges")


def _money_words(errors: Errors) -> Errors:
    """Django's "no more than 14 digits in total" in a peso field, said as an amount."""
    return {
        field: [
            f"The amount is too large: at most {money_text(MAX_AMOUNT)}."
            if "digits" in str(message)
            else message
            for message in messages
        ]
        for field, messages in errors.items()
    }


def _plausibility_errors(
    entry: MonitoringEntry,
    report: MonitoringUpdate,
    errors: Errors,
    *,
    beneficiaries_confirmed: bool,
    cancellation_confirmed: bool,
) -> None:
    has_note = bool((report.accomplishments or "").strip() or (report.challenges or "").strip())
    reached = report.beneficiaries_reached
    if reached is not None and reached > 0:
        limits = []
        if entry.beneficiaries_individuals:
            limits.append(f"the target of {entry.beneficiaries_individuals:,}")
            too_many = reached > IMPLAUSIBLE_FACTOR * entry.beneficiaries_individuals
        else:
            too_many = False
        population = entry.communities.aggregate(total=models.Sum("estimated_obc_population"))["total"]
        if population:
            limits.append(f"the OBC population of the communities served ({population:,})")
            too_many = too_many or reached > population
        if too_many and not beneficiaries_confirmed:
            _add(
                errors,
                "beneficiaries_reached",
                _(
                    "%(reached)s is far above %(names)s. Check the number; if it is right, "
                    "confirm it and %(value)s explaining it."
                )
                % {"reached": f"{reached:,}", "names": " and ".join(limits), "value": NOTE.lower()},
            )
        elif too_many and not has_note:
            _add(
                errors,
                "accomplishments",
                _("%(NOTE)s explaining why %(reached)s people were reached.")
                % {"NOTE": NOTE, "reached": f"{reached:,}"},
            )
    if report.status == PpaStatus.COMPLETED and report.progress < 100 and not has_note:
        _add(
            errors,
            "progress",
            _("A completed PPA is at 100 %%. If it ended at %(progress)s %%, %(value)s saying why.")
            % {"progress": report.progress, "value": NOTE.lower()},
        )
    if (
        report.status == PpaStatus.CANCELLED
        and entry.status != PpaStatus.CANCELLED
        and not cancellation_confirmed
    ):
        _add(
            errors,
            "status",
            _(
                "Cancelling removes this PPA (%(value)s and %(value2)s communities) "
                "from the dashboard's figures. Confirm the cancellation to record it."
            )
            % {"value": money_text(entry.budget_allocated), "value2": f"{entry.communities.count():,}"},
        )
    unchanged = (
        report.progress == entry.progress
        and report.status == entry.status
        and report.budget_utilized in (None, entry.budget_utilized)
        and reached is None
        and not has_note
        and not (report.next_steps or "").strip()
    )
    if unchanged:
        _add(
            errors,
            "progress",
            _(
                "This report changes nothing and says nothing: give the new progress or figures, or "
                "write what happened."
            ),
        )


@transaction.atomic
def ppa_create(
    *, acting_user: User, communities: Iterable = (), needs_addressed: Iterable = (), **fields
) -> MonitoringEntry:
    """Record a PPA or OBC request. `communities` and `needs_addressed` are instances or
    uids. A MAO focal person's PPA belongs to their MAO unless they name another (refused)."""
    own_mao = _may_write(acting_user)
    _reject_unknown(fields)
    if own_mao:
        fields.setdefault("implementing_mao", acting_user.organization)
    fields.setdefault("category", EntryCategory.MAO_PPA)
    entry = MonitoringEntry(**fields, created_by=acting_user)
    errors: Errors = {}
    served = _resolve(Community, communities, "communities", errors)
    needs = _resolve(Need, needs_addressed, "needs_addressed", errors)
    if own_mao:
        _own_mao_errors(entry, fields, acting_user, errors, creating=True)
    _fill_coverage(entry, set(fields))
    _validate(entry, set(fields), errors)
    entry.save()
    entry.communities.set(served)
    entry.needs_addressed.set(needs)
    if entry.category != EntryCategory.OBC_REQUEST:
        domain_event_emit(event_type="ppa.created", data=ppa_event_data(entry))
    _announce_change(entry.fiscal_year)
    return entry


@transaction.atomic
def ppa_update(
    *,
    ppa: MonitoringEntry,
    acting_user: User,
    communities: Iterable | None = None,
    needs_addressed: Iterable | None = None,
    **fields,
) -> MonitoringEntry:
    """Change a PPA's fields; `communities` and `needs_addressed` replace the current sets
    when given."""
    own_mao = _may_write(acting_user, ppa)
    _reject_unknown(fields)
    year_before = ppa.fiscal_year
    errors: Errors = {}
    if own_mao:
        _own_mao_errors(ppa, fields, acting_user, errors, creating=False)
    previous_status = ppa.status
    for name, value in fields.items():
        setattr(ppa, name, value)
    served = None if communities is None else _resolve(Community, communities, "communities", errors)
    needs = None if needs_addressed is None else _resolve(Need, needs_addressed, "needs_addressed", errors)
    changed = set(fields)
    if changed & set(COVERAGE_FIELDS):
        changed |= _fill_coverage(ppa, set(fields))
    _validate(ppa, changed, errors)
    ppa.save(update_fields=[*sorted(changed), "updated_at"])
    if served is not None:
        ppa.communities.set(served)
    if needs is not None:
        ppa.needs_addressed.set(needs)
    _status_changed(ppa, previous_status)
    _announce_change(year_before, ppa.fiscal_year)
    return ppa


@transaction.atomic
def ppa_progress_report(
    *,
    ppa: MonitoringEntry,
    acting_user: User,
    reported_on: date,
    progress: int,
    status: str,
    budget_utilized: Decimal | None = None,
    beneficiaries_reached: int | None = None,
    accomplishments: str = "",
    challenges: str = "",
    next_steps: str = "",
    beneficiaries_confirmed: bool = False,
    cancellation_confirmed: bool = False,
) -> MonitoringUpdate:
    """Record a progress report. The PPA takes the report's progress, status and utilised
    budget when the report is its latest; an older report is kept as history only.

    Plausibility rules (DHIS2-style validation rules, in words a focal person understands):
    beneficiaries far above the target or the served communities' OBC population need
    `beneficiaries_confirmed` and a note; "completed" needs 100 % or a note on why not; a
    report that changes nothing and says nothing is refused; cancelling the PPA needs
    `cancellation_confirmed`, since it takes the PPA out of the dashboard's figures."""
    _may_write(acting_user, ppa)
    # Locked, so two reports arriving together cannot both think they are the latest.
    entry = MonitoringEntry.objects.select_for_update().get(pk=ppa.pk)
    report = MonitoringUpdate(
        entry=entry,
        reported_on=reported_on,
        progress=progress,
        status=status,
        budget_utilized=budget_utilized,
        beneficiaries_reached=beneficiaries_reached,
        accomplishments=accomplishments,
        challenges=challenges,
        next_steps=next_steps,
        reported_by=acting_user,
    )
    errors: Errors = {}
    try:
        report.clean_fields()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "reported_on" not in errors and report.reported_on > timezone.localdate():
        _add(errors, "reported_on", _("A progress report cannot be dated in the future."))
    if "budget_utilized" not in errors and report.budget_utilized is not None:
        if report.budget_utilized < 0:
            _add(errors, "budget_utilized", _("An amount cannot be negative."))
        elif entry.kind == EntryKind.SPECIAL_PROVISION and report.budget_utilized:
            _add(errors, "budget_utilized", str(SPECIAL_PROVISION_HAS_NO_BUDGET))
        elif report.budget_utilized > entry.budget_allocated and not entry.over_utilization_approved:
            _add(
                errors,
                "budget_utilized",
                _("Above the allocation of %(budget_allocated)s; over-utilisation must be approved first.")
                % {"budget_allocated": f"{entry.budget_allocated:,.2f}"},
            )
    if not errors:
        _plausibility_errors(
            entry,
            report,
            errors,
            beneficiaries_confirmed=beneficiaries_confirmed,
            cancellation_confirmed=cancellation_confirmed,
        )
    if errors:
        raise ApplicationError(PLEASE_CORRECT, fields=_money_words(errors))
    validate(report)
    report.save()

    if entry.last_reported_on is None or report.reported_on >= entry.last_reported_on:
        previous_status = entry.status
        moved = ["progress", "status", "last_reported_on"]
        entry.progress, entry.status = report.progress, report.status
        entry.last_reported_on = report.reported_on
        if report.budget_utilized is not None:
            entry.budget_utilized = report.budget_utilized
            moved.append("budget_utilized")
        entry.save(update_fields=[*moved, "updated_at"])
        for name in moved:
            setattr(ppa, name, getattr(entry, name))
        _status_changed(entry, previous_status)
        _announce_change(entry.fiscal_year)
    return report


def ppa_event_data(ppa: MonitoringEntry) -> dict:
    """What a PPA event says about the PPA; the partner API drops what an agreement does not cover."""
    mao = ppa.implementing_mao
    return {
        "uid": str(ppa.uid),
        "title": ppa.title,
        "category": ppa.category,
        "fiscal_year": ppa.fiscal_year,
        "sector": ppa.sector,
        "status": ppa.status,
        "implementing_mao": str(mao.uid) if mao else None,
        "implementing_mao_acronym": mao.acronym if mao else None,
        "budget_allocated": f"{ppa.budget_allocated:.2f}",
        "progress": ppa.progress,
        "updated_at": ppa.updated_at.isoformat(),
    }


def _status_changed(ppa: MonitoringEntry, previous_status: str) -> None:
    """A status change of a PPA (not an OBC request) is a domain event for partners, written
    in the transaction of the change (the outbox)."""
    if ppa.status != previous_status and ppa.category != EntryCategory.OBC_REQUEST:
        data = {**ppa_event_data(ppa), "previous_status": previous_status}
        domain_event_emit(event_type="ppa.status_changed", data=data)


@transaction.atomic
def ppa_delete(*, ppa: MonitoringEntry, acting_user: User) -> None:
    """Remove a PPA recorded by mistake (OOBC executives: the registry's MANAGE grant).
    Partners that copied it get a tombstone on their next incremental sync."""
    ensure_can(acting_user, Area.REGISTRY, Action.MANAGE, message=_("Only OOBC executives may delete PPAs."))
    if ppa.category != EntryCategory.OBC_REQUEST:
        tombstone_record(dataset="ppas", uid=ppa.uid)
    ppa.delete()
