"""What someone who owns the database file or the tables does before rewriting history.

The audit log refuses UPDATE and DELETE by itself (migration 0007); the owner of the
tables can still drop or disable those triggers. Tests that show `audit verify` catching
a rewrite do what such a person would do first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text


def lift_audit_guard(connection: Any) -> None:
    """Drop (SQLite) or disable (PostgreSQL) the append-only triggers, as an owner can.

    `connection` is a SQLAlchemy connection or a DB-API connection (sqlite3, psycopg).
    """
    dialect = getattr(getattr(connection, "dialect", None), "name", None)
    if dialect is None:  # a DB-API connection
        dialect = "sqlite" if type(connection).__module__.startswith("sqlite3") else "postgresql"
    statements = (["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
                  if dialect == "sqlite" else ["ALTER TABLE audit_log DISABLE TRIGGER USER"])
    for statement in statements:
        if hasattr(connection, "dialect"):
            connection.execute(text(statement))
        else:
            connection.execute(statement)
