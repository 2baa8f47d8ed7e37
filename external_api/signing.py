"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The secret is `whsec_` + base64 of 32 random bytes; the signature is `v1,` + base64 of
HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}"), where key is the decoded
secret. During a rotation both secrets sign, space-separated, as the spec allows.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(_key(secret), f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(signing_secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(secret, msg_id, timestamp, body) for secret in signing_secrets),
        "content-type": "application/json",
        "user-agent": "OBCMS-Webhooks/1.0",
    }


def verify(
    secrets: list[str], headers: dict[str, str], body: bytes, *, now: int, tolerance: int = 300
) -> bool:
    """What a receiver does (used by the demo receiver): the timestamp is recent and one of
    the signatures matches one of the secrets."""
    headers = {key.lower(): value for key, value in headers.items()}
    msg_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    offered = headers.get("webhook-signature", "").split()
    expected = [sign(secret, msg_id, int(timestamp), body) for secret in secrets]
    return any(hmac.compare_digest(given, wanted) for given in offered for wanted in expected)
