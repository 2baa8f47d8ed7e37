"""What every internal registry endpoint shares (communities, needs, organizations,
engagements, geography): the registry's access rule, and writes that go through the app's
service and answer with the object as its selector reads it."""

from typing import Any

from django.db.models import Model
from rest_framework import serializers

from common.api.base import InternalAPIMixin
from common.permissions import Action, Area, area_rule

# Reads need the registry VIEW grant, writes its CHANGE grant (MatrixPermission); the finer
# rules (communities are written by OOBC only, a MAO its own rows only) are the services'.
REGISTRY_VIEW = area_rule(Area.REGISTRY, Action.VIEW)
# Detail endpoints read and PATCH; nothing is replaced whole (PUT) or deleted here.
READ_AND_PATCH = ["get", "patch", "head", "options"]


class RegistryAPIMixin(InternalAPIMixin):
    access_rule = REGISTRY_VIEW


class ServiceWritesMixin:
    """For DRF generic views: `write_new` / `write_changes` call one service each."""

    def write_new(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def write_changes(self, instance: Model, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def read_again(self, instance: Model) -> Model:
        """The written object with the query shape its responses need."""
        return instance

    def perform_create(self, serializer: serializers.Serializer) -> None:
        serializer.instance = self.read_again(self.write_new(serializer.validated_data))

    def perform_update(self, serializer: serializers.Serializer) -> None:
        serializer.instance = self.read_again(
            self.write_changes(serializer.instance, serializer.validated_data)
        )


class UidField(serializers.SlugRelatedField):
    """A related object named by its uid (the API never shows database ids)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uid", **kwargs)


class PsgcField(serializers.SlugRelatedField):
    """A place named by its 10-digit PSGC code."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="psgc_code", **kwargs)
