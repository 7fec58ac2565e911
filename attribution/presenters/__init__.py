"""Presenters: turn the read models' figures into the words people read, once for every page, export and API."""
