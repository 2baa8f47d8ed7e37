"""DRF views and serializers of automation."""
