"""Data sharing agreements: record, sign (activate) and revoke (OOBC executives).

RA 10173 and NPC Circular 2020-03: personal data is shared only under a written agreement
naming its purpose, the data, and its term. Access follows the agreement at once: the
partner API looks it up on every call, so an expiry or a revocation needs no token purge.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import User
from coordination.models import Organization
from external_api.models import (
    CLASSIFICATION_RANK,
    AgreementStatus,
    Dataset,
    DataSharingAgreement,
)
from external_api.services.clients import ensure_external_api_manager

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = (".pdf",)


def _errors_of(
    *, datasets: list[str], max_classification: str, start_date: dt.date, end_date: dt.date, purpose: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(datasets) - set(Dataset.values))
    if not datasets:
        errors["datasets"] = ["Name at least one dataset the agreement covers."]
    elif unknown:
        errors["datasets"] = [f"Unknown dataset(s): {', '.join(unknown)}."]
    if max_classification not in CLASSIFICATION_RANK:
        errors["max_classification"] = [
            "An agreement covers public, internal or confidential data; sensitive personal "
            "information is never shared through the API."
        ]
    if end_date < start_date:
        errors["end_date"] = ["The agreement ends before it starts."]
    if not purpose.strip():
        errors["purpose"] = ["State the purpose the data may be used for."]
    return errors


def _check_document(document: UploadedFile | None) -> None:
    if document is None:
        return
    if not document.name.lower().endswith(DOCUMENT_TYPES) or document.size > MAX_DOCUMENT_BYTES:
        raise ApplicationError(_("The signed agreement must be a PDF of at most 10 MB."), field="document")


@transaction.atomic
def agreement_create(
    *,
    acting_user: User,
    partner: Organization,
    purpose: str,
    datasets: Iterable[str],
    max_classification: str,
    start_date: dt.date,
    end_date: dt.date,
    reference: str = "",
    document: UploadedFile | None = None,
    signed_on: dt.date | None = None,
) -> DataSharingAgreement:
    """Record an agreement. With the signed document and its date it is active at once;
    otherwise it is a draft until `agreement_sign`."""
    ensure_external_api_manager(acting_user)
    datasets = sorted(set(datasets))
    errors = _errors_of(
        datasets=datasets,
        max_classification=max_classification,
        start_date=start_date,
        end_date=end_date,
        purpose=purpose,
    )
    if errors:
        field, messages = next(iter(errors.items()))
        raise ApplicationError(messages[0], field=field, extra={"fields": errors})
    _check_document(document)
    agreement = DataSharingAgreement(
        partner=partner,
        reference=reference,
        purpose=purpose.strip(),
        datasets=datasets,
        max_classification=max_classification,
        start_date=start_date,
        end_date=end_date,
        created_by=acting_user,
    )
    if document is not None and signed_on is not None:
        agreement.document = document
        agreement.signed_on = signed_on
        agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    return agreement


@transaction.atomic
def agreement_sign(
    *, agreement: DataSharingAgreement, acting_user: User, document: UploadedFile, signed_on: dt.date
) -> DataSharingAgreement:
    """Attach the signed document: the agreement is in force from its start date."""
    ensure_external_api_manager(acting_user)
    if agreement.status != AgreementStatus.DRAFT:
        raise ApplicationError(_("Only a draft agreement can be signed."), field="status")
    _check_document(document)
    agreement.document = document
    agreement.signed_on = signed_on
    agreement.status = AgreementStatus.ACTIVE
    agreement.save(update_fields=["document", "signed_on", "status", "updated_at"])
    return agreement


@transaction.atomic
def agreement_revoke(
    *, agreement: DataSharingAgreement, acting_user: User, reason: str
) -> DataSharingAgreement:
    """Stop sharing under this agreement, now: the partner's next call is refused."""
    ensure_external_api_manager(acting_user)
    if not reason.strip():
        raise ApplicationError(_("Say why the agreement is revoked."), field="reason")
    if agreement.status == AgreementStatus.REVOKED:
        return agreement
    agreement.status = AgreementStatus.REVOKED
    agreement.revoked_at = timezone.now()
    agreement.revocation_reason = reason.strip()[:300]
    agreement.save(update_fields=["status", "revoked_at", "revocation_reason", "updated_at"])
    return agreement
