"""DRF views and serializers of monitoring (internal API)."""
