"""tasks of coordination (see STYLE.md for what belongs here)."""
