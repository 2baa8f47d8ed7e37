#!/usr/bin/env bash
# Finds (or starts, or installs) the PostgreSQL and Redis that `make test` runs against.
# Prints DATABASE_URL=... and REDIS_URL=... on stdout; everything else goes to stderr.
# Order for each: the variable when set; else the local server on its usual port; else start
# the installed server; else install Debian's package when run as root; else stop with the
# exact command to run.
set -euo pipefail

say() { echo "ensure_services: $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 30); do port_open "$1" && return 0; sleep 1; done; return 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null || return 1
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>&1 || true
  wait_port 5432
}

# A PostgreSQL we installed ourselves only allows passwords over TCP: give the test role one.
# (Local throwaway test server only; never used for anything else.)
local_test_role() {
  su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='obcms') THEN CREATE ROLE obcms LOGIN CREATEDB PASSWORD 'obcms-local-test'; END IF; END \\\$\\\$;\"" >&2
  echo "postgres://obcms:obcms-local-test@127.0.0.1:5432/obcms"
}

if [ -n "${DATABASE_URL:-}" ]; then
  say "PostgreSQL: using DATABASE_URL from the environment"
  database_url="$DATABASE_URL"
elif port_open 5432; then
  database_url="postgres://postgres@127.0.0.1:5432/obcms"
elif start_postgres; then
  say "PostgreSQL: started the installed cluster"
  database_url="postgres://postgres@127.0.0.1:5432/obcms"
elif is_root && command -v apt-get >/dev/null; then
  say "PostgreSQL: installing Debian's postgresql package"
  apt_install postgresql
  start_postgres || { say "PostgreSQL was installed but did not start"; exit 1; }
  database_url=$(local_test_role)
else
  say "PostgreSQL is not running on 127.0.0.1:5432 and cannot be installed without root. Run:"
  say "  sudo apt-get install -y postgresql && sudo pg_ctlcluster \$(ls /etc/postgresql) main start"
  say "then 'make test' again, or set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/obcms"
  exit 1
fi

if [ -n "${REDIS_URL:-}" ]; then
  say "Redis: using REDIS_URL from the environment"
  redis_url="$REDIS_URL"
else
  redis_url="redis://127.0.0.1:6379/15"
  if ! port_open 6379; then
    if ! command -v redis-server >/dev/null; then
      if is_root && command -v apt-get >/dev/null; then
        say "Redis: installing Debian's redis-server package"
        apt_install redis-server
      else
        say "Redis is not running on 127.0.0.1:6379 and cannot be installed without root. Run:"
        say "  sudo apt-get install -y redis-server && sudo systemctl start redis-server"
        say "then 'make test' again, or set REDIS_URL=redis://HOST:6379/15"
        exit 1
      fi
    fi
    say "Redis: starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >&2
    wait_port 6379 || { say "redis-server did not start"; exit 1; }
  fi
fi

# WeasyPrint (PDF reports) needs Pango from Debian.
if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
  if is_root && command -v apt-get >/dev/null; then
    say "Installing Pango for WeasyPrint"
    apt_install libpango-1.0-0 libpangoft2-1.0-0
  else
    say "WeasyPrint needs Pango. Run: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
    exit 1
  fi
fi

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
if ! command -v chromium >/dev/null; then
  if is_root && command -v apt-get >/dev/null; then
    say "Installing Debian's chromium for the browser tests"
    apt_install chromium
  else
    say "The browser tests need Chromium. Run: sudo apt-get install -y chromium"
    exit 1
  fi
fi

# Check that the database really accepts us, and say how to fix it when it does not.
if ! DATABASE_URL="$database_url" .venv/bin/python - >&2 <<'PY'
import os, sys
import environ, psycopg
cfg = environ.Env.db_url_config(os.environ["DATABASE_URL"])
try:
    psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=5).close()
except Exception as exc:
    print(f"ensure_services: cannot connect to PostgreSQL as {cfg['USER']!r}: {exc}".strip())
    sys.exit(1)
PY
then
  say "Set DATABASE_URL to a role that can create databases, e.g. postgres://USER:PASSWORD@127.0.0.1:5432/obcms"
  exit 1
fi

echo "DATABASE_URL=$database_url"
echo "REDIS_URL=$redis_url"
