"""Passwords and PINs, stored only as salted, deliberately slow scrypt hashes.

A stored hash describes itself: ``scrypt$n$r$p$salt_b64$hash_b64``, so that the cost
can be raised later without losing the people who signed up before (their hash still
says how it was made). Comparison is constant-time. A new or changed password has at
least twelve characters (FBI CJIS Security Policy 5.6.2.1.1); a password set before that
rule still signs in, since the rule applies when a password is set. Standard library
only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from desk_app.domain.errors import FieldError

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 12  # CJIS Security Policy 5.6.2.1.1
# Bounds on what a stored hash may ask for, so that an edited row cannot make a sign-in
# use gigabytes of memory or minutes of CPU.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16


@dataclass(frozen=True)
class PasswordHash:
    """A parsed stored hash: the scrypt cost, the salt and the derived key."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def encode(self) -> str:
        """The self-describing text kept in the database."""
        return "$".join((SCHEME, str(self.n), str(self.r), str(self.p),
                         _b64(self.salt), _b64(self.key)))

    @classmethod
    def parse(cls, text: str) -> PasswordHash:
        """Read a stored hash; ValueError if it is not one this module wrote."""
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != SCHEME:
            raise ValueError("not a scrypt password hash")
        try:
            n, r, p = (int(part) for part in parts[1:4])
            salt = base64.b64decode(parts[4], validate=True)
            key = base64.b64decode(parts[5], validate=True)
        except (ValueError, binascii.Error) as error:
            raise ValueError("malformed scrypt password hash") from error
        if n < 2 or n & (n - 1) or n > MAX_N or not 0 < r <= MAX_R or not 0 < p <= MAX_P:
            raise ValueError("scrypt cost out of range")
        if not salt or not key:
            raise ValueError("scrypt hash without salt or key")
        return cls(n, r, p, salt, key)


def check_password_rules(password: str) -> None:
    """Refuse a new password too short to be one (FieldError on "password")."""
    if len(password) < MIN_LENGTH:
        raise FieldError("password", f"must be at least {MIN_LENGTH} characters; a few "
                                     "words strung together are easy to remember")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The stored form of a new password: a fresh random salt unless one is given."""
    check_password_rules(password)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = _derive(password, salt, N, R, P, KEY_BYTES)
    return PasswordHash(N, R, P, salt, key).encode()


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for anything malformed."""
    try:
        parsed = PasswordHash.parse(stored)
    except ValueError:
        burn_time(password)  # as slow as a real check, so a missing hash does not show
        return False
    candidate = _derive(password, parsed.salt, parsed.n, parsed.r, parsed.p,
                        len(parsed.key))
    return hmac.compare_digest(candidate, parsed.key)


def burn_time(password: str) -> None:
    """Do the work of one check and throw it away (a sign-in for an unknown name)."""
    _derive(password, b"\0" * SALT_BYTES, N, R, P, KEY_BYTES)


def needs_rehash(stored: str) -> bool:
    """True when a stored hash was made with another cost than today's."""
    try:
        parsed = PasswordHash.parse(stored)
    except ValueError:
        return True
    return (parsed.n, parsed.r, parsed.p, len(parsed.key)) != (N, R, P, KEY_BYTES)


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # scrypt needs about 128 * r * (n + p) bytes; leave room above that.
    maxmem = 128 * r * (n + p + 2) + 1024 * 1024
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=maxmem, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
