"""Storage: the ORM, engine and sessions, and services that write the audit log."""
