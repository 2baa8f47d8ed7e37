import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from common.models import Role
from common.tests.factories import TEST_PASSWORD, UserFactory

LOGIN_URL = reverse("common:login")


def _login(client, username, password, ip="198.51.100.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _without_tokens(html: str) -> str:
    """The page minus its per-request CSRF tokens and the echoed username."""
    return re.sub(r"[A-Za-z0-9]{64}|value=\"[^\"]*\"", "", html)


@pytest.mark.django_db
def test_staff_member_signs_in_and_sees_their_home_page(client):
    user = UserFactory(role=Role.OOBC_STAFF, first_name="Jamal")
    response = _login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("common:home")
    home = client.get(reverse("common:home"))
    assert home.status_code == 200
    assert "Jamal" in home.content.decode()
    assert "OOBC staff" in home.content.decode()


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    UserFactory(username="known")
    wrong_password = _login(client, "known", "nope-nope-nope").content.decode()
    unknown_user = _login(client, "nobody-here", "nope-nope-nope").content.decode()
    assert _without_tokens(wrong_password) == _without_tokens(unknown_user)


@pytest.mark.django_db
def test_repeated_failures_lock_out_the_username_from_that_ip(client):
    user = UserFactory()
    for _ in range(4):
        assert _login(client, user.username, "wrong-password-x").status_code == 200
    _login(client, user.username, "wrong-password-x")
    locked = _login(client, user.username, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Retry-After" in locked


@pytest.mark.django_db
def test_lockout_does_not_reveal_whether_the_account_exists(client):
    UserFactory(username="real")
    for name in ("real", "ghost"):
        for _ in range(5):
            _login(client, name, "wrong-password-x")
    real, ghost = _login(client, "real", "x"), _login(client, "ghost", "x")
    assert real.status_code == ghost.status_code == 429
    assert _without_tokens(real.content.decode()) == _without_tokens(ghost.content.decode())


@pytest.mark.django_db
def test_lockout_is_per_username_and_ip(client):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.username, "wrong-password-x", ip="198.51.100.10")
    assert _login(client, user.username, TEST_PASSWORD, ip="198.51.100.99").status_code == 302


@pytest.mark.django_db
def test_password_reset_never_reveals_whether_an_account_exists(client):
    UserFactory(email="real@example.org")
    url = reverse("common:password_reset")
    real = client.post(url, {"email": "real@example.org"})
    ghost = client.post(url, {"email": "ghost@example.org"})
    assert real.status_code == ghost.status_code == 302
    assert real["Location"] == ghost["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["real@example.org"]


@pytest.mark.django_db
def test_twenty_reset_requests_for_one_address_send_three_emails(client):
    UserFactory(email="real@example.org")
    url = reverse("common:password_reset")
    answers = [
        client.post(url, {"email": "real@example.org"}, REMOTE_ADDR=f"198.51.100.{n}") for n in range(20)
    ]
    assert {answer.status_code for answer in answers} == {302}  # the same answer, sent or not
    assert len(mail.outbox) == 3  # THROTTLE_PASSWORD_RESET_ADDRESS: 3/hour


@pytest.mark.django_db
def test_reset_requests_from_one_ip_are_limited(client):
    url = reverse("common:password_reset")
    for n in range(10):  # THROTTLE_PASSWORD_RESET_IP: 10/hour
        UserFactory(email=f"user{n}@example.org")
        assert client.post(url, {"email": f"user{n}@example.org"}).status_code == 302
    UserFactory(email="one-more@example.org")
    refused = client.post(url, {"email": "one-more@example.org"})
    assert refused.status_code == 429 and "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == 10
    assert client.post(url, {"email": "one-more@example.org"}, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert len(mail.outbox) == 11


@pytest.mark.django_db
def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(email="reset@example.org")
    client.post(reverse("common:password_reset"), {"email": "reset@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name,data",
    [
        ("common:login", {"username": "x", "password": "y"}),
        ("common:logout", {}),
        ("common:password_reset", {"email": "a@example.org"}),
        ("common:password_change", {"old_password": "x", "new_password1": "y", "new_password2": "y"}),
    ],
)
def test_forms_refuse_a_post_without_csrf_token(url_name, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(reverse(url_name), data)
    assert response.status_code == 403
    assert "form expired" in response.content.decode()


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("common:logout")).status_code == 405
    assert client.post(reverse("common:logout")).status_code == 302
    assert client.get(reverse("common:password_change")).status_code == 302


@pytest.mark.django_db
def test_anonymous_visitor_gets_the_public_home_not_the_sign_in(client):
    response = client.get(reverse("common:home"))
    html = response.content.decode()
    assert response.status_code == 200
    for link in (
        reverse("service_catalog:home"),
        reverse("service_catalog:request_track"),
        reverse("monitoring:public_accountability_index"),
        LOGIN_URL,
    ):
        assert f'action="{link}"' in html or f'href="{link}"' in html, link


@pytest.mark.django_db
def test_unknown_page_is_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<main" in response.content.decode()


@pytest.mark.django_db
def test_home_lists_what_the_role_may_do(client):
    client.force_login(UserFactory(role=Role.OCM_EXECUTIVE))
    body = client.get(reverse("common:home")).content.decode()
    assert "OCM oversight dashboard" in body
    assert "Partner API" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["common:login", "community_portal:sign_in"])
@pytest.mark.parametrize(
    ("username", "password"), [("x" * 60_000, "secret"), ("[" * 20_000, "secret"), ("amina", "p" * 60_000)]
)
def test_sign_in_refuses_an_overlong_username_or_password_on_the_form(client, url_name, username, password):
    response = client.post(reverse(url_name), {"username": username, "password": password})
    assert response.status_code == 200
    assert response.context["form"].errors
