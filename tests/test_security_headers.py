import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def test_cookies_are_http_only(client, settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"]


def test_pages_have_no_inline_scripts_or_styles(client, django_user_model):
    from common.tests.factories import UserFactory

    client.force_login(UserFactory())
    for url in ("/accounts/login/", "/", "/accounts/password-reset/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html, url
