"""Detainer Desk: the live ACTIVE ICE DETAINERS board for police booking desks."""

from importlib.metadata import PackageNotFoundError, version

try:
    # One version, written once: the package metadata (pyproject.toml).
    __version__ = version("desk-app")
except PackageNotFoundError:  # a checkout run without installing it
    __version__ = "0+unknown"
