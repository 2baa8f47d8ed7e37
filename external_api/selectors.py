"""selectors of external_api (see STYLE.md for what belongs here)."""
