"""views of external_api: none yet (what belongs here: docs/architecture.md, "How to write here")."""
