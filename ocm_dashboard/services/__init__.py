"""Services of ocm_dashboard: overlap detection and review, snapshots."""
