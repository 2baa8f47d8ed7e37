"""Writes of the common app, one module per topic; import from the module that owns it."""
