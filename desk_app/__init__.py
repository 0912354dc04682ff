"""Detainer Desk: the live ACTIVE ICE DETAINERS board for police booking desks."""

__version__ = "0.1.0"
