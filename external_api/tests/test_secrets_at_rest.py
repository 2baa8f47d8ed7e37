"""Webhook signing secrets are encrypted at rest (common.encryption): a copy of the database
cannot sign events as OBCMS, while deliveries still sign with the secret the partner saw."""

import io
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from standardwebhooks.webhooks import Webhook

from external_api.models import WebhookEndpoint
from external_api.signing import webhook_headers

pytestmark = pytest.mark.django_db

HOOKS = "/api/v1/external/webhooks/"
OLD_KEY, NEW_KEY = "old-field-key-" + "o" * 32, "new-field-key-" + "n" * 32


def _stored(endpoint: WebhookEndpoint) -> tuple[str, str]:
    """The columns as the database holds them, past the field's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret, previous_secret FROM external_api_webhookendpoint WHERE id = %s", [endpoint.pk]
        )
        return cursor.fetchone()


def _register(partner, sink) -> tuple[WebhookEndpoint, str]:
    body = partner.post(f"{HOOKS}register/", {"url": sink.url, "event_types": ["ppa.status_changed"]}).json()
    return WebhookEndpoint.objects.get(uid=body["endpoint"]["id"]), body["secret"]


def test_the_database_holds_a_token_and_deliveries_sign_with_the_secret_the_partner_saw(partner, sink):
    endpoint, shown = _register(partner, sink)
    stored, _ = _stored(endpoint)
    assert stored.startswith("gAAAAA") and shown not in stored and shown.removeprefix("whsec_") not in stored
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == shown
    # A delivery signs with the decrypted secret: the reference library, given what the
    # partner was shown, accepts the signature.
    body, now = b'{"type":"ppa.status_changed"}', int(time.time())
    headers = webhook_headers(
        WebhookEndpoint.objects.get(pk=endpoint.pk).signing_secrets(), "msg_1", now, body
    )
    assert Webhook(shown).verify(body, headers) == {"type": "ppa.status_changed"}


def test_a_rotated_secret_and_the_previous_one_are_both_encrypted(partner, sink):
    endpoint, first = _register(partner, sink)
    second = partner.post(f"{HOOKS}{endpoint.uid}/rotate/").json()["secret"]
    stored, previous = _stored(endpoint)
    assert first not in previous and second not in stored
    assert previous.startswith("gAAAAA") and stored.startswith("gAAAAA")
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (second, first)


def test_a_secret_written_in_clear_before_encryption_reads_and_is_encrypted_by_the_command(partner, sink):
    endpoint, shown = _register(partner, sink)
    with connection.cursor() as cursor:  # as the rows were before migration 0004
        cursor.execute(
            "UPDATE external_api_webhookendpoint SET secret = %s WHERE id = %s", [shown, endpoint.pk]
        )
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == shown
    call_command("reencrypt_secrets", stdout=io.StringIO())
    assert _stored(endpoint)[0].startswith("gAAAAA")
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == shown


def test_a_key_rotation_keeps_every_secret_readable_and_a_missing_key_is_refused(partner, sink):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        endpoint, shown = _register(partner, sink)
        under_old = _stored(endpoint)[0]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == shown  # read with the old key
        call_command("reencrypt_secrets", stdout=io.StringIO())
        assert _stored(endpoint)[0] != under_old
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key dropped
        assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == shown
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]),
        pytest.raises(ImproperlyConfigured, match="missing"),
    ):
        WebhookEndpoint.objects.get(pk=endpoint.pk)
