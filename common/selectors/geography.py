"""Reads of the PSGC geography. Parents are given by PSGC code (or the model instance)."""

from django.db.models import Model, QuerySet

from common.models import Barangay, Municipality, Province, Region


def _code(place: Model | str) -> str:
    return getattr(place, "psgc_code", place)


def region_list() -> QuerySet[Region]:
    # PSGC order: IX, X, XI, XII rather than the alphabet's.
    return Region.objects.order_by("psgc_code")


def province_list(*, region: Region | str | None = None) -> QuerySet[Province]:
    provinces = Province.objects.select_related("region")
    if region is not None:
        provinces = provinces.filter(region__psgc_code=_code(region))
    return provinces


def municipality_list(
    *, region: Region | str | None = None, province: Province | str | None = None
) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.select_related("region", "province")
    if region is not None:
        municipalities = municipalities.filter(region__psgc_code=_code(region))
    if province is not None:
        municipalities = municipalities.filter(province__psgc_code=_code(province))
    return municipalities


def barangay_list(*, municipality: Municipality | str) -> QuerySet[Barangay]:
    """The barangays of one city or municipality: there is no list of all 6,598 at once."""
    return Barangay.objects.select_related("municipality").filter(municipality__psgc_code=_code(municipality))


def barangay_find(*, psgc_code: str) -> Barangay | None:
    """One barangay by its PSGC code, with its municipality (what a request's area check
    reads), or None."""
    return Barangay.objects.select_related("municipality").filter(psgc_code=psgc_code).first()
