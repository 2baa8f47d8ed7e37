"""simplejwt, hardened: a token whose user id is not a number is a 401 (not a 500), tokens
minted before the password changed are refused (CHECK_REVOKE_TOKEN's claim, checked on every
call and on refresh), and a refresh for a missing or inactive user is refused."""

from django.contrib.auth import get_user_model
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import authentication, serializers
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

NO_USER = "Token contained no recognizable user identification"
PASSWORD_CHANGED = "The password has changed since this token was issued: sign in again."


def _user_for(token) -> object:
    """The active user a token names, or AuthenticationFailed/InvalidToken (never a 500)."""
    user_id = str(token.get(api_settings.USER_ID_CLAIM, ""))
    if not (user_id.isdigit() and len(user_id) <= 18):  # a bigint primary key
        raise InvalidToken(NO_USER)
    user = get_user_model().objects.filter(**{api_settings.USER_ID_FIELD: int(user_id)}).first()
    if user is None:
        raise AuthenticationFailed("User not found", code="user_not_found")
    if not user.is_active:
        raise AuthenticationFailed("User is inactive", code="user_inactive")
    if token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise AuthenticationFailed(PASSWORD_CHANGED, code="password_changed")
    return user


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token):
        return _user_for(validated_token)


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    def validate(self, attrs: dict) -> dict:
        try:
            refresh = RefreshToken(attrs["refresh"])
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        _user_for(refresh)
        return super().validate(attrs)


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of our subclass (drf-spectacular matches classes exactly)."""

    target_class = "common.api.jwt.JWTAuthentication"
