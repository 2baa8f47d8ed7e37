"""tasks of monitoring (see STYLE.md for what belongs here)."""
