"""Reads of ocm_dashboard: aggregation (scope, overview, coverage, gaps), overlaps, the dashboard payload."""
