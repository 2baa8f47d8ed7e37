"""Models of the common app: users and roles, geography, OBC communities and needs."""

from common.models.base import BaseModel, DataClassification, DataSource, Sector
from common.models.communities import (
    URGENCY_WEIGHT,
    Community,
    EthnolinguisticGroup,
    Need,
    NeedStatus,
    NeedUrgency,
    PovertyBand,
)
from common.models.geography import Barangay, Municipality, MunicipalityKind, Province, Region
from common.models.notifications import Notification
from common.models.outbox import OutboxMessage, OutboxStatus
from common.models.tombstones import Tombstone, TombstoneReason
from common.models.users import STAFF_ROLES, Language, Role, User

__all__ = [
    "STAFF_ROLES",
    "URGENCY_WEIGHT",
    "BaseModel",
    "Barangay",
    "Community",
    "DataClassification",
    "DataSource",
    "EthnolinguisticGroup",
    "Language",
    "Municipality",
    "MunicipalityKind",
    "Need",
    "Notification",
    "OutboxMessage",
    "OutboxStatus",
    "NeedStatus",
    "NeedUrgency",
    "PovertyBand",
    "Province",
    "Region",
    "Role",
    "Sector",
    "Tombstone",
    "TombstoneReason",
    "User",
]
