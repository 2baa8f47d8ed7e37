"""urls of reporting (see STYLE.md for what belongs here)."""
