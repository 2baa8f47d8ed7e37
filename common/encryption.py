"""Secrets the application must read back, kept encrypted at rest.

A webhook signing secret cannot be hashed like a password: OBCMS needs it to sign every
delivery. Stored in clear, a copy of the database (a backup, a replica, a dump handed to a
developer) would let anyone sign events as OBCMS to every partner. `EncryptedTextField`
stores such values as Fernet tokens (AES-128-CBC with an HMAC-SHA256, from the
`cryptography` library) under the keys in FIELD_ENCRYPTION_KEYS, which live in the
environment, never in the database.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (the first encrypts, every one
decrypts), run `manage.py reencrypt_secrets`, then drop the old key."""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with its version byte 0x80, which is "gAAAAA" in base64.
TOKEN_PREFIX = "gAAAAA"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    # Any string of the setting is a key: its SHA-256 is the 32 bytes Fernet wants.
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())) for key in keys]
    )


def _keys() -> MultiFernet:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: encrypted fields cannot be read or written."
        )
    return _fernet(keys)


def encrypt(plaintext: str) -> str:
    return _keys().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    """The plaintext of a stored value. A value written before encryption (not a token) is
    returned as it is; `reencrypt_secrets` (and the migration that brought this field)
    encrypts those."""
    if not stored.startswith(TOKEN_PREFIX):
        return stored
    try:
        return _keys().decrypt(stored.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
            "the key it was written with is missing from the setting."
        ) from None


def reencrypt_all() -> int:
    """Write every encrypted value again under the first key (after a new key was put first,
    before the old one is dropped); values still in clear get encrypted. Returns the rows."""
    from django.apps import apps
    from django.db import transaction

    rows = 0
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if not names:
            continue
        with transaction.atomic():
            for row in model._base_manager.select_for_update().only("pk", *names).iterator():
                # Read decrypts with any key; the update encrypts with the first.
                model._base_manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in names})
                rows += 1
    return rows


class EncryptedTextField(models.TextField):
    """Text stored encrypted; Python code sees the plaintext. Never filter on it: each
    write encrypts afresh (a random IV), so equal values are different tokens."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
