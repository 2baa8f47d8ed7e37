"""DRF views and serializers of ocm_dashboard."""
