"""Alembic environment: sees every model; batch mode so SQLite can alter tables."""

from alembic import context
from sqlalchemy import Engine

from desk_app.store import (
    contact_models,  # noqa: F401
    handoff_models,  # noqa: F401
    intake_models,  # noqa: F401
    models,
    outbox_models,  # noqa: F401
)

target_metadata = models.Base.metadata
config = context.config


def run_migrations_online() -> None:
    """Run against the engine the application handed over (or a URL for the CLI)."""
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        from desk_app.store.database import make_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("give Alembic the engine or a sqlalchemy.url")
        engine = make_engine(url)
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, compare_type=True)
        context.run_migrations()


run_migrations_online()
