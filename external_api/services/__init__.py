"""Writes of external_api: partner clients, agreements, the access log and webhooks."""

from external_api.services.clients import partner_client_create, partner_client_update

__all__ = ["partner_client_create", "partner_client_update"]
