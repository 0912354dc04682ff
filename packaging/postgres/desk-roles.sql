-- Detainer Desk on a shared PostgreSQL server: two roles (docs/security.md).
--
--   desk_owner  owns the tables and runs the migrations: used only by whoever upgrades
--               the first workstation (docs/packaging.md, "Upgrading the workstations").
--   desk_app    what every workstation connects as, every day: reads and writes the
--               desk's rows, but may only INSERT and SELECT on audit_log. It owns
--               nothing, so it can neither change, delete nor truncate an audit entry,
--               nor disable the triggers that refuse it (migration 0007).
--
-- Run as a superuser, after the first migration, in the desk's database:
--   psql -d detainers -v app_password="'...'" -f desk-roles.sql
-- (or set the passwords in a password file, never in desk.toml; docs/security.md).

GRANT USAGE ON SCHEMA public TO desk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO desk_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM desk_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM desk_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO desk_app;
-- Tables and sequences a later migration creates get the same rights.
ALTER DEFAULT PRIVILEGES FOR ROLE desk_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO desk_app;
ALTER DEFAULT PRIVILEGES FOR ROLE desk_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO desk_app;
