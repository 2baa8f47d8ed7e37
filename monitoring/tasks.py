"""tasks of monitoring: none yet (what belongs here: docs/architecture.md, "How to write here")."""
