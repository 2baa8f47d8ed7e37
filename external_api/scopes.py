"""Partner scopes: each client gets only the scopes an OOBC executive granted it.

django-oauth-toolkit's default backend offers every scope to every client; this one offers
a client its own `allowed_scopes` and nothing else, so asking for more is `invalid_scope`
and asking for nothing gets exactly the granted set.
"""

from oauth2_provider.scopes import BaseScopes

# The scopes partners can be granted. Feature issues add the endpoints that need them.
SCOPES: dict[str, str] = {
    "ppas:read": "Read PPAs (programs, projects and activities) and their progress",
    "communities:read": "Read public profiles of OBC communities",
    "catalog:read": "Read the published service catalog",
    "organizations:read": "Read the register of MAOs (ministries, agencies and offices)",
    "meetings:read": "Read coordination meeting schedules",
    "dashboard:read": "Read aggregated oversight figures",
    "reports:read": "Receive report.generated events",
    "webhooks:manage": "Register and manage webhook endpoints",
}


def allowed_scopes_of(application) -> list[str]:
    profile = getattr(application, "partner_profile", None) if application is not None else None
    if profile is None or not profile.is_active:
        return []
    return [scope for scope in profile.allowed_scopes.split() if scope in SCOPES]


class ClientScopes(BaseScopes):
    def get_all_scopes(self):
        return dict(SCOPES)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return allowed_scopes_of(application)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return allowed_scopes_of(application)
