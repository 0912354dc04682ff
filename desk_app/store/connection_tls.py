"""PostgreSQL connections are encrypted unless the server is on this machine.

Custody records and the passwords' hashes cross the network between the workstations
and the database server; CJIS 5.10.1.2 asks for encryption in transit. So a PostgreSQL
URL naming another host gets `sslmode=require` (libpq refuses to connect unencrypted),
unless the department said otherwise on purpose: an `sslmode` in the URL (e.g.
`verify-full` with a root certificate, or `disable` on a private link) or in the
`PGSSLMODE` environment variable. A local server (localhost, 127.0.0.1, ::1, or a Unix
socket) is left as it is: nothing crosses a network.
"""

from __future__ import annotations

import os

from sqlalchemy import URL

LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1", "[::1]"})


def is_local(url: URL) -> bool:
    """True when the URL's server is on this machine (a loopback name or a socket)."""
    hosts = [url.host or ""]
    query_host = url.query.get("host")
    if query_host:  # libpq's host parameter, e.g. ?host=/var/run/postgresql
        hosts = [query_host] if isinstance(query_host, str) else list(query_host)
    return all(h in LOCAL_HOSTS or h.startswith("/") for h in
               (part.strip() for host in hosts for part in host.split(",")))


def with_tls(url: URL) -> URL:
    """The URL to connect with: `sslmode=require` added for a PostgreSQL server on
    another host, unless an sslmode was chosen explicitly."""
    if url.get_backend_name() != "postgresql" or "sslmode" in url.query:
        return url
    if os.environ.get("PGSSLMODE") or is_local(url):
        return url
    return url.update_query_dict({"sslmode": "require"})
