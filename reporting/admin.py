"""Django admin of reporting."""
