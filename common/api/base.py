"""The internal and public API namespaces as mixins: each fixes authentication, permission
and throttle, so a view only declares its `access_rule`. The external namespace has its
own mixin in external_api.auth (partners are that app's concern)."""

from common.api.jwt import JWTAuthentication
from common.api.throttles import InternalThrottle, PublicThrottle
from common.permissions import PUBLIC, MatrixPermission


class InternalAPIMixin:
    """/api/v1/internal/: staff with a JWT access token."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [MatrixPermission]
    throttle_classes = [InternalThrottle]


class PublicAPIMixin:
    """/api/v1/public/: anyone, rate limited per client IP."""

    authentication_classes: list = []
    permission_classes = [MatrixPermission]
    throttle_classes = [PublicThrottle]
    access_rule = PUBLIC
