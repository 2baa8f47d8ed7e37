"""DRF views and serializers of community_portal."""
