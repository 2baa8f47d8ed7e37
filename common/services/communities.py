"""Writes of OBC communities and their needs.

Communities and needs belong to no MAO: every registry reader sees them, and only the
roles whose registry grant covers all MAOs with CHANGE (OOBC executives and staff) write them.
"""

from collections.abc import Iterator

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.models import Barangay, Community, Need, TombstoneReason, User
from common.permissions import Action, Area, ensure_can
from common.services.guards import Broken, assign, validate
from common.services.tombstones import is_raised, tombstone_record

# What the service writes, in the order the internal API shows them.
COMMUNITY_FIELDS = (
    "name",
    "other_names",
    "estimated_obc_population",
    "households",
    "ethnolinguistic_group",
    "latitude",
    "longitude",
    "poverty_band",
    "road_access",
    "water_access",
    "electricity_access",
    "health_access",
    "education_access",
    "classification",
    "source",
    "notes",
)
NEED_FIELDS = (
    "title",
    "description",
    "sector",
    "urgency",
    "status",
    "affected_population",
    "identified_on",
    "source",
)
WRITERS_ONLY = gettext_lazy("Only OOBC executives and staff may change communities and needs.")


def _place_in(community: Community, barangay: Barangay) -> None:
    """The community's region, province and municipality repeat its barangay's."""
    municipality = barangay.municipality
    community.barangay = barangay
    community.municipality = municipality
    community.province_id = municipality.province_id
    community.region_id = municipality.region_id


def _broken_community_rules(community: Community) -> Iterator[Broken]:
    population = community.estimated_obc_population
    if population is not None:
        barangay_population = community.barangay.population
        if barangay_population is not None and population > barangay_population:
            yield (
                "estimated_obc_population",
                _(
                    "The estimated OBC population cannot be above the barangay's population"
                    " (%(barangay_population)s)."
                )
                % {"barangay_population": f"{barangay_population:,}"},
            )
        largest_need = (
            community.needs.aggregate(largest=Max("affected_population"))["largest"] if community.pk else None
        )
        if largest_need is not None and population < largest_need:
            yield (
                "estimated_obc_population",
                _(
                    "A need of this community affects %(largest_need)s people: the "
                    "estimated OBC population cannot be lower."
                )
                % {"largest_need": f"{largest_need:,}"},
            )
        if community.households is not None and community.households > population:
            yield "households", _("There cannot be more households than people.")
    if community.latitude is not None and not -90 <= community.latitude <= 90:
        yield "latitude", _("Latitude is between -90 and 90.")
    if community.longitude is not None and not -180 <= community.longitude <= 180:
        yield "longitude", _("Longitude is between -180 and 180.")


@transaction.atomic
def community_create(*, acting_user: User, barangay: Barangay, **fields) -> Community:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=WRITERS_ONLY)
    community = Community()
    assign(community, fields, COMMUNITY_FIELDS)
    _place_in(community, barangay)
    validate(community, broken=_broken_community_rules(community))
    community.save()
    return community


@transaction.atomic
def community_update(*, community: Community, acting_user: User, **fields) -> Community:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=WRITERS_ONLY)
    barangay = fields.pop("barangay", None)
    classification_before = community.classification
    changed = assign(community, fields, COMMUNITY_FIELDS)
    if barangay is not None and barangay.pk != community.barangay_id:
        _place_in(community, barangay)
        changed += ["barangay", "municipality", "province", "region"]
    validate(community, broken=_broken_community_rules(community))
    community.save(update_fields=[*changed, "updated_at"])
    if is_raised(classification_before, community.classification):
        # Partners whose agreement covered it at the old classification drop their copy.
        tombstone_record(
            dataset="communities",
            uid=community.uid,
            reason=TombstoneReason.RECLASSIFIED,
            shared_up_to=classification_before,
        )
    return community


@transaction.atomic
def community_delete(*, community: Community, acting_user: User) -> None:
    """Remove a community recorded by mistake (OOBC executives: the registry's MANAGE grant).
    Partners that copied it get a tombstone on their next incremental sync."""
    ensure_can(
        acting_user, Area.REGISTRY, Action.MANAGE, message=_("Only OOBC executives may delete communities.")
    )
    tombstone_record(dataset="communities", uid=community.uid)
    community.delete()


def _broken_need_rules(need: Need) -> Iterator[Broken]:
    community_population = need.community.estimated_obc_population
    if need.affected_population is not None and need.affected_population > community_population:
        yield (
            "affected_population",
            _(
                "The affected population cannot be above the community's estimated OBC "
                "population (%(community_population)s)."
            )
            % {"community_population": f"{community_population:,}"},
        )


@transaction.atomic
def need_create(*, acting_user: User, community: Community, **fields) -> Need:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=WRITERS_ONLY)
    need = Need(community=community)
    assign(need, fields, NEED_FIELDS)
    validate(need, broken=_broken_need_rules(need))
    need.save()
    return need


@transaction.atomic
def need_update(*, need: Need, acting_user: User, **fields) -> Need:
    ensure_can(acting_user, Area.REGISTRY, Action.CHANGE, message=WRITERS_ONLY)
    changed = assign(need, fields, (*NEED_FIELDS, "community"))
    validate(need, broken=_broken_need_rules(need))
    need.save(update_fields=[*changed, "updated_at"])
    return need
