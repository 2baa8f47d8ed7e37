"""Celery tasks of the community portal (thin: they call one service)."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=290, time_limit=300)
def relay_catalog_changes() -> int:
    """Tell portal requesters about their catalog requests' new history rows (in-app, the
    private reply link when information is asked for, the feedback invitation when it closes)."""
    from community_portal.services.requests import catalog_changes_relay

    return catalog_changes_relay()
