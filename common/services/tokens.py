"""JWT refresh tokens die with the password: revoked on password change, reset and deactivation."""

from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from common.models import User


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every outstanding refresh token of `user`; returns how many."""
    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    rows = [BlacklistedToken(token=token) for token in live]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
