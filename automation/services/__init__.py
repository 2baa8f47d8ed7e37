"""Writes of automation, one module per topic: series and generation, meetings (schedule,
minutes, action items, RSVP), reminders, pre-meeting reports, calendar feeds."""
