"""Sign-in helpers shared by the pages and the token endpoints."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from common.api.errors import LOCKOUT_MESSAGE, json_error
from common.models import Role

# Longer than any passphrase, short enough that hashing it costs nothing unusual.
PASSWORD_MAX_LENGTH = 1024


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """What a locked-out username+IP sees. It says nothing about whether the account exists:
    unknown usernames are locked out exactly like real ones."""
    if request.path.startswith("/api/"):
        response = json_error(LOCKOUT_MESSAGE, 429)
    else:
        response = render(request, "registration/locked_out.html", status=429)
    response["Retry-After"] = "900"
    return response


class VerifiedEmailAuthenticationForm(AuthenticationForm):
    """Sign-in that refuses a community leader whose email address is not confirmed yet (the
    portal's flow: register → confirm the email → sign in). Staff accounts are made by admins
    and are unaffected."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "email_unverified": _(
            "Confirm your email address first: open the link we sent you when you registered."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so it is only an
        # HTML attribute: validate it, so a 60,000-character name is a field error before
        # it reaches authentication and the lockout records (whose columns are far shorter).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if user.role == Role.COMMUNITY_LEADER and not user.email_verified:
            raise ValidationError(self.error_messages["email_unverified"], code="email_unverified")
