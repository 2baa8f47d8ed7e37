"""Writes of service_catalog: entries (entries.py) and service requests (requests.py)."""
