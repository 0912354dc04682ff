"""Names match however they were written: case, accents, punctuation, word order."""

from __future__ import annotations

import pytest

from desk_app.domain.person_names import name_key, same_name


@pytest.mark.parametrize(("printed", "typed"), [
    ("GARCIA LOPEZ, JUAN CARLOS", "Juan Carlos García López"),
    ("NUNEZ, JOSE", "José Ñúñez"),
    ("O'BRIEN, MARY-KATE", "Mary Kate O Brien"),
    ("NGUYEN, THI LAN", "nguyen thi lan"),
])
def test_the_same_name_written_two_ways(printed: str, typed: str) -> None:
    assert same_name(printed, typed)


@pytest.mark.parametrize(("first", "second"), [
    ("GARCIA, JUAN", "GARCIA, JUANA"), ("GARCIA LOPEZ, JUAN", "GARCIA, JUAN"), ("", "")])
def test_different_names_do_not_match(first: str, second: str) -> None:
    assert not same_name(first, second)


def test_the_key_ignores_order_and_accents() -> None:
    assert name_key("ÑÚÑEZ, José") == ("jose", "nunez")
