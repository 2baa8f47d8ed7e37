"""Writes of monitoring, one module per topic; import from the module that owns it."""
