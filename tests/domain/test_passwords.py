"""Passwords: salted scrypt, self-describing, compared in constant time, 12 characters."""

from __future__ import annotations

import base64
import hashlib

import pytest

from desk_app.domain.errors import FieldError
from desk_app.domain.passwords import (
    KEY_BYTES,
    MIN_LENGTH,
    SALT_BYTES,
    PasswordHash,
    hash_password,
    needs_rehash,
    verify_password,
)


def test_same_password_hashes_differently_each_time() -> None:
    """Two people with the same password would have the same hash, so cracking one cracks both."""
    first, second = hash_password("483920-at-the-desk"), hash_password("483920-at-the-desk")
    assert first != second
    assert PasswordHash.parse(first).salt != PasswordHash.parse(second).salt


def test_the_right_password_verifies() -> None:
    """Someone typing their own password would be told it is wrong."""
    stored = hash_password("correct horse battery")
    assert verify_password("correct horse battery", stored)


@pytest.mark.parametrize("attempt", ["correct horse batter", "Correct horse battery",
                                     "correct horse battery ", ""])
def test_a_wrong_password_fails(attempt: str) -> None:
    """A near miss (case, a space, one letter short) would open the desk."""
    assert not verify_password(attempt, hash_password("correct horse battery"))


def test_stored_form_describes_itself_and_holds_no_plaintext() -> None:
    """The database would hold the password itself, or a hash nobody can verify later."""
    stored = hash_password("493021-booking-desk", salt=b"s" * SALT_BYTES)
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert base64.b64decode(salt) == b"s" * SALT_BYTES
    assert len(base64.b64decode(key)) == KEY_BYTES
    assert "493021-booking-desk" not in stored
    assert PasswordHash.parse(stored).encode() == stored
    assert not needs_rehash(stored)


def test_a_given_salt_makes_the_hash_reproducible() -> None:
    """The same password and salt would give another hash, so no one could sign in."""
    salt = bytes(range(SALT_BYTES))
    assert hash_password("pin-123456-123456", salt) == hash_password("pin-123456-123456", salt)


@pytest.mark.parametrize("stored", [
    "", "plaintext", "bcrypt$12$abc", "scrypt$16384$8$1$!!!$abc=",
    "scrypt$1000$8$1$c2FsdA==$a2V5", "scrypt$16384$8$1$$a2V5",
    "scrypt$1073741824$8$1$c2FsdA==$a2V5",
])
def test_malformed_stored_hashes_never_verify(stored: str) -> None:
    """An empty or edited hash in the database would let any password in, or crash."""
    assert not verify_password("anything", stored)
    with pytest.raises(ValueError):
        PasswordHash.parse(stored)
    assert needs_rehash(stored)


def test_twelve_characters_are_enough() -> None:
    """An officer choosing a password of exactly twelve characters would be refused."""
    assert MIN_LENGTH == 12  # FBI CJIS Security Policy 5.6.2.1.1
    assert verify_password("204917204917", hash_password("204917204917"))


@pytest.mark.parametrize("short", ["", "1", "12345", "204917", "abcdefghijk"])
def test_too_short_is_refused(short: str) -> None:
    """A six-digit PIN or an eleven-character password would be accepted and guessed."""
    with pytest.raises(FieldError) as caught:
        hash_password(short)
    assert caught.value.field == "password"
    assert f"at least {MIN_LENGTH} characters" in str(caught.value)


def test_a_short_password_set_before_the_rule_still_signs_in() -> None:
    """Raising the minimum would lock out everyone whose older password is shorter."""
    stored = PasswordHash(2**14, 8, 1, b"\x02" * SALT_BYTES, hashlib.scrypt(
        b"204917", salt=b"\x02" * SALT_BYTES, n=2**14, r=8, p=1, dklen=32,
        maxmem=64 * 1024 * 1024)).encode()
    assert verify_password("204917", stored)


def test_a_hash_of_another_cost_still_verifies_and_asks_for_rehash() -> None:
    """Raising the cost later would lock out everyone who set a password before."""
    salt = b"\x01" * SALT_BYTES
    key = hashlib.scrypt(b"old-password", salt=salt, n=2**10, r=8, p=1, dklen=32)
    stored = PasswordHash(2**10, 8, 1, salt, key).encode()
    assert verify_password("old-password", stored)
    assert needs_rehash(stored)


def test_accented_passwords_verify() -> None:
    """A password with accents or another script would never match again."""
    assert verify_password("contraseña-Ñúñez", hash_password("contraseña-Ñúñez"))
    assert not verify_password("contrasena-Nunez", hash_password("contraseña-Ñúñez"))
