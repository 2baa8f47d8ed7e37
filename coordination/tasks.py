"""tasks of coordination: none yet (what belongs here: docs/architecture.md, "How to write here")."""
