"""DRF views and serializers of coordination (internal API)."""
