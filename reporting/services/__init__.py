"""Writes of reporting: requesting and generating reports, schedules, deliveries."""
