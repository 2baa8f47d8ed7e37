"""Writes of coordination, one module per topic; import from the module that owns it."""
