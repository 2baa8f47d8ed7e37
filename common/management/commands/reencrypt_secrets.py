"""`manage.py reencrypt_secrets`: rewrite the encrypted secrets under the first key of
FIELD_ENCRYPTION_KEYS, the middle step of a key rotation (common/encryption.py)."""

from django.core.management.base import BaseCommand

from common.encryption import reencrypt_all


class Command(BaseCommand):
    help = "Rewrite every encrypted secret under the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        rows = reencrypt_all()
        self.stdout.write(f"{rows} row(s) written under the first key of FIELD_ENCRYPTION_KEYS.")
