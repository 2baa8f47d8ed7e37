"""urls of community_portal (see STYLE.md for what belongs here)."""
