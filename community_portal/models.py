"""Models of community_portal."""
