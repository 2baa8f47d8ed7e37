"""forms of coordination: none yet (the MAO and engagement filter bars are their FilterSets in
filters.py; what belongs here: docs/architecture.md, "How to write here")."""
