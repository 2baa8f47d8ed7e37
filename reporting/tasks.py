"""tasks of reporting (see STYLE.md for what belongs here)."""
