"""Geography keyed by real PSGC 10-digit codes (Philippine Statistics Authority).

Region > Province > Municipality (city or municipality) > Barangay. Highly urbanised and
independent component cities (Zamboanga, Isabela, Iligan, Cagayan de Oro, Davao, General
Santos) belong to no province: they sit directly under their region.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models.base import BaseModel

PSGC_PATTERN = r"^[0-9]{10}$"


class GeoUnit(BaseModel):
    psgc_code = models.CharField(_("PSGC code"), max_length=10, unique=True)
    name = models.CharField(max_length=120, db_index=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    census_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _psgc_constraint(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(psgc_code__regex=PSGC_PATTERN), name=f"{model}_psgc_10_digits")


class Region(GeoUnit):
    short_name = models.CharField(max_length=16, help_text="Roman numeral, e.g. IX.")

    class Meta(GeoUnit.Meta):
        constraints = [_psgc_constraint("region")]


class Province(GeoUnit):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta(GeoUnit.Meta):
        constraints = [_psgc_constraint("province")]


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("City")
    MUNICIPALITY = "municipality", _("Municipality")


class Municipality(GeoUnit):
    """A city or municipality. `province` is empty for cities independent of a province."""

    kind = models.CharField(max_length=16, choices=MunicipalityKind.choices)
    is_huc = models.BooleanField(_("highly urbanised city"), default=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="municipalities"
    )

    class Meta(GeoUnit.Meta):
        verbose_name_plural = "municipalities"
        constraints = [
            _psgc_constraint("municipality"),
            models.CheckConstraint(
                condition=~Q(is_huc=True) | Q(province__isnull=True), name="huc_has_no_province"
            ),
            models.CheckConstraint(condition=~Q(is_huc=True) | Q(kind="city"), name="huc_is_a_city"),
        ]

    def __str__(self) -> str:
        parent = self.province.name if self.province_id else self.region.short_name
        return f"{self.name}, {parent}"


class Barangay(GeoUnit):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="barangays")

    class Meta(GeoUnit.Meta):
        constraints = [_psgc_constraint("barangay")]

    def __str__(self) -> str:
        return f"{self.name}, {self.municipality.name}"
