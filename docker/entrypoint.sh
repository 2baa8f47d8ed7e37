#!/bin/sh
# OBCMS container entrypoint. The first argument picks the role:
#   web               apply migrations, install the periodic tasks, then serve with gunicorn
#   worker <queues>   a Celery worker for the given comma-separated queues (default: default)
#   beat              the Celery beat scheduler (run exactly one)
#   anything else     executed as given (e.g. python manage.py shell)
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: entrypoint.sh web | worker <queues> | beat | <command> [args...]" >&2
    exit 64
fi

case "$1" in
    web)
        shift
        python manage.py migrate --noinput
        # Idempotent: creates or updates the django-celery-beat rows of every periodic task.
        python manage.py install_periodic_tasks
        # Same gunicorn line as the image's default CMD (Dockerfile).
        exec gunicorn obc_management.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers "${WEB_CONCURRENCY:-3}" \
            --access-logfile - \
            --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}" \
            "$@"
        ;;
    worker)
        shift
        queues="${1:-default}"
        if [ "$#" -gt 0 ]; then shift; fi
        exec celery -A obc_management worker \
            -Q "$queues" \
            --loglevel INFO \
            --concurrency "${CELERY_CONCURRENCY:-2}" \
            "$@"
        ;;
    beat)
        shift
        exec celery -A obc_management beat \
            --scheduler django_celery_beat.schedulers:DatabaseScheduler \
            --loglevel INFO \
            "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
