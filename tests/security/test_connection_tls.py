"""PostgreSQL connections to another host are encrypted (issue 13, finding 8: psycopg
connected without TLS, so custody records crossed the network in clear)."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from desk_app.store.connection_tls import with_tls
from desk_app.store.database import make_engine


@pytest.mark.parametrize(("url", "sslmode"), [
    ("postgresql+psycopg://desk@db.pittsfield.local/desk", "require"),
    ("postgresql+psycopg://desk@10.20.0.5:5432/desk", "require"),
    ("postgresql+psycopg://desk@db.example.org/desk?sslmode=verify-full", "verify-full"),
    ("postgresql+psycopg://desk@db.example.org/desk?sslmode=disable", "disable"),
    ("postgresql+psycopg://desk@localhost/desk", None),
    ("postgresql+psycopg://desk@127.0.0.1:5433/desk", None),
    ("postgresql+psycopg://desk@[::1]/desk", None),
    ("postgresql+psycopg://desk@/desk?host=/var/run/postgresql", None),
    ("postgresql+psycopg:///desk", None),
    ("sqlite:///desk.sqlite3", None),
])
def test_tls_unless_local_or_chosen(url: str, sslmode: str | None,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A server on another host must never be reached unencrypted by default."""
    monkeypatch.delenv("PGSSLMODE", raising=False)
    assert with_tls(make_url(url)).query.get("sslmode") == sslmode


def test_the_engine_connects_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine (and so the change listener, which reads its URL) asks for TLS."""
    monkeypatch.delenv("PGSSLMODE", raising=False)
    engine = make_engine("postgresql+psycopg://desk:secret@db.pittsfield.local/desk")
    try:
        _args, params = engine.dialect.create_connect_args(engine.url)
        assert params["sslmode"] == "require"
    finally:
        engine.dispose()


def test_pgsslmode_is_an_explicit_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A department that set PGSSLMODE (e.g. verify-full) keeps its own choice."""
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    assert "sslmode" not in with_tls(make_url("postgresql+psycopg://d@db.example.org/d")).query


@pytest.mark.postgresql
def test_the_local_test_server_still_connects(postgres_url: str) -> None:
    """The suite's own server is local: no TLS asked of it, and it still answers."""
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
        assert "sslmode" not in engine.url.query
    finally:
        engine.dispose()
