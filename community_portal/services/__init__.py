"""Writes of the community portal, one module per topic: accounts, requests, feedback,
consultations."""
