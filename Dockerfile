# syntax=docker/dockerfile:1
#
# OBCMS image: one image for every role (web, Celery workers, beat); the role is the
# command given to docker/entrypoint.sh. See docs/deployment.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the locked dependencies into /app/.venv -------------------------------------
FROM ${PYTHON_IMAGE} AS build

# uv comes from PyPI through pip, pinned; nothing else is downloaded outside a registry.
ARG UV_VERSION=0.13.9
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install "uv==${UV_VERSION}"

WORKDIR /app
# Only the project metadata: the virtualenv layer is rebuilt when the lock changes, not
# when the code does. `package = false`, so the project itself is not installed.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --- runtime ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# WeasyPrint (PDF reports) needs Pango and HarfBuzz, and at least one font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Fixed ids, so files on shared volumes keep one owner across hosts and rebuilds.
RUN groupadd --system --gid 10001 obcms \
    && useradd --system --uid 10001 --gid obcms --create-home --home-dir /home/obcms \
        --shell /usr/sbin/nologin obcms

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=obc_management.settings.production

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
# The code stays owned by root: the app user can read it, not change it.
COPY . .

# collectstatic imports the production settings, which refuse to start without secrets:
# the dummy values below exist for this one command only and are not kept in the image.
# Only the media directory is writable by the app user (a volume in docker-compose.yml).
RUN chmod 0755 docker/entrypoint.sh \
    && SECRET_KEY=build-only-collectstatic-key-not-a-secret-xxxxxxxxxxxxxxxx \
       JWT_SIGNING_KEY=build-only-collectstatic-jwt-signing-key-not-a-secret-xxxxx \
       FIELD_ENCRYPTION_KEYS=build-only-collectstatic-field-key-not-a-secret \
       ALLOWED_HOSTS=build \
       SITE_URL=https://build.invalid \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/var/media \
    && chown obcms:obcms /app/var/media

USER obcms:obcms
EXPOSE 8000

# Liveness of the web process. The Host header is the first of ALLOWED_HOSTS, so Django
# does not answer 400 for "127.0.0.1"; /healthz is exempt from the HTTPS redirect.
# Worker and beat containers override or disable this (docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
# Web process only, no migrations: what extra web replicas run. The `web` command of the
# entrypoint migrates first (docker-compose.yml uses it). Keep both gunicorn lines alike.
CMD ["sh", "-c", "exec gunicorn obc_management.wsgi:application --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-3}\" --access-logfile - --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}\""]
