"""The embedded default of `make run` still works: SQLite, no Redis, Celery eager.

A fresh SQLite database is migrated and seeded by the real commands, a real server serves
it, and the key pages answer 200 (after signing in through the real login form).
"""

import http.cookiejar
import re
import subprocess
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.processes import PYTHON, REPO, child_env, free_port, manage, wait_for_port

pytestmark = pytest.mark.slow


@pytest.fixture
def embedded_server(tmp_path):
    env = child_env(DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.sqlite3'}", LOG_FORMAT="text")
    for step in (("migrate", "--noinput"), ("install_periodic_tasks",), ("seed_demo", "--if-empty")):
        result = manage(*step, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", result.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_fresh_sqlite_database_is_seeded_and_serves_its_key_pages(embedded_server):
    base, seed_output = embedded_server
    assert "exec" in seed_output and "obcms-demo-2026" in seed_output

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for path in (
        "/healthz",
        "/readyz",
        "/accounts/login/",
        "/api/v1/public/",
        "/api/v1/public/docs/",
        "/static/css/app.css",
        "/static/vendor/htmx.min.js",
    ):
        assert opener.open(base + path, timeout=10).status == 200, path

    login_page = opener.open(base + "/accounts/login/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urlencode(
        {"username": "exec", "password": "obcms-demo-2026", "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form, headers={"Referer": base + "/"})
    home = opener.open(request, timeout=10)
    assert home.status == 200 and home.url == base + "/"
    assert "OOBC executive" in home.read().decode()
    assert opener.open(base + "/api/v1/internal/docs/", timeout=10).status == 200
