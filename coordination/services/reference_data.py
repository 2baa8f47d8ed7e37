"""Load the real Bangsamoro ministries, agencies and offices (MAOs) from
coordination/data/barmm_ministries.yaml: 16 ministries and offices, the 14 agencies attached
to the Office of the Chief Minister, and 13 other entities, 43 in all."""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction

from coordination.models import Organization, OrganizationKind

MINISTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "barmm_ministries.yaml"


@dataclass(frozen=True)
class MaoReference:
    acronym: str
    name: str
    mandate: str
    parent_acronym: str | None = None


@dataclass
class MaoLoadReport:
    created: list[str] = field(default_factory=list)
    # Existing rows whose empty mandate or parent was filled in.
    completed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        total = len(self.created) + len(self.completed) + self.unchanged
        return [
            f"  MAOs from barmm_ministries.yaml: {total} ({len(self.created)} created, "
            f"{len(self.completed)} completed, {self.unchanged} unchanged)"
        ]


def yaml_read(path: Path):
    """A reference YAML file, read with the safe loader (libyaml's when PyYAML has it:
    seven times faster on the PPA files)."""
    with open(path, encoding="utf-8") as source:
        return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


@lru_cache(maxsize=1)
def mao_references() -> tuple[MaoReference, ...]:
    """Every MAO in the ministries file, parents before the agencies attached to them."""
    data = yaml_read(MINISTRIES_FILE)
    references = []
    for entry in [*data["ministries"], *data["other_entities"]]:
        references.append(MaoReference(entry["acronym"], _clean(entry["name"]), _clean(entry.get("mandate"))))
        references += [
            MaoReference(
                agency["acronym"], _clean(agency["name"]), _clean(agency.get("mandate")), entry["acronym"]
            )
            for agency in entry.get("attached_agencies") or ()
        ]
    return tuple(references)


def mao_reference_name(acronym: str) -> str | None:
    return next((ref.name for ref in mao_references() if ref.acronym == acronym), None)


def mao_get_or_create(*, acronym: str, name: str) -> tuple[Organization, bool]:
    """The MAO with this acronym; one registered earlier under the same name without an
    acronym is given it rather than duplicated."""
    mao = Organization.objects.maos().filter(acronym=acronym).first()
    if mao is None:
        mao = Organization.objects.maos().filter(name=name, acronym="").first()
        if mao is not None:
            mao.acronym = acronym
            mao.save(update_fields=["acronym", "updated_at"])
    if mao is not None:
        return mao, False
    mao = Organization(kind=OrganizationKind.MAO, acronym=acronym, name=name)
    mao.full_clean()
    mao.save()
    return mao, True


@transaction.atomic
def mao_reference_load() -> MaoLoadReport:
    """Create the MAOs that are missing; on existing ones fill in only an empty mandate or
    parent, so what staff edited stays. A second run changes nothing."""
    report = MaoLoadReport()
    by_acronym: dict[str, Organization] = {}
    for ref in mao_references():
        mao, created = mao_get_or_create(acronym=ref.acronym, name=ref.name)
        by_acronym[ref.acronym] = mao
        filled = []
        if not mao.mandate and ref.mandate:
            mao.mandate = ref.mandate
            filled.append("mandate")
        parent = by_acronym.get(ref.parent_acronym) if ref.parent_acronym else None
        if parent is not None and mao.parent_id is None:
            mao.parent = parent
            filled.append("parent")
        if filled:
            mao.save(update_fields=[*filled, "updated_at"])
        if created:
            report.created.append(ref.acronym)
        elif filled:
            report.completed.append(ref.acronym)
        else:
            report.unchanged += 1
    return report
