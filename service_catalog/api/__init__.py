"""DRF views and serializers of service_catalog."""
