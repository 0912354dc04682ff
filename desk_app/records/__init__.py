"""Exports: the printed records (PDF), the tracking sheet and the records-folder sync."""
