"""DRF views and serializers of reporting."""
