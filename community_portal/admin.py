"""Django admin of community_portal."""
