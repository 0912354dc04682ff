"""append-only audit log: the database itself refuses to change or delete an entry

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-07 03:30:00

SQLite: BEFORE UPDATE and BEFORE DELETE triggers that abort. PostgreSQL: one trigger
function refusing UPDATE, DELETE (each row) and TRUNCATE (the statement), and no
UPDATE, DELETE or TRUNCATE right on audit_log for PUBLIC. Whoever owns the tables can
still drop a trigger; docs/security.md shows the owner role that migrates and the
application role (INSERT and SELECT on audit_log only) the workstations connect as, and
`desk-app audit verify` catches what an owner changes anyway.
"""
from alembic import op


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

REFUSAL = "the audit log is append-only: entries are never changed or deleted"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'insufficient_privilege';
            END $$""")
        op.execute("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
        return
    op.execute("DROP TRIGGER audit_log_no_update")
    op.execute("DROP TRIGGER audit_log_no_delete")
