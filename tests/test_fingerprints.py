"""Fingerprints of page contexts: equal content, equal fingerprints; any difference, a new one."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from markupsafe import Markup

from site_builder.hashing import SPELLED_OUT, Fingerprints, fingerprint


@dataclass(frozen=True)
class Item:
    name: str
    parts: tuple[object, ...] = ()


@dataclass(frozen=True)
class Vouched:
    """Like an event: it may carry a digest of what it was read from."""

    title: str
    fingerprint: str = field(default="", compare=False)


def long_list(last: object) -> list[object]:
    return [*range(SPELLED_OUT + 3), last]


def test_equal_content_in_different_objects_has_one_fingerprint():
    def make() -> dict[str, object]:
        return {"item": Item("a", (1, "two", None)), "many": long_list(Item("b")), "set": frozenset({"x", "y"})}

    assert fingerprint(make()) == fingerprint(make())


def test_a_string_made_at_run_time_has_the_fingerprint_of_the_same_literal():
    literal = "event"
    made = "".join(["ev", "ent"])  # not interned, unlike the literal
    assert made is not literal
    assert fingerprint({"event": made}) == fingerprint({"event": literal})


def test_any_difference_anywhere_gives_another_fingerprint():
    variants = [
        {"item": Item("a", (1,))},
        {"item": Item("a", (1.0,))},
        {"item": Item("a", (True,))},
        {"item": Item("a", ("1",))},
        {"item": Item("a", (Markup("1"),))},
        {"item": Item("a", ((1,),))},
        {"item": Item("a", (1, None))},
        {"item": Item("b", (1,))},
        {"item": ("a", (1,))},
        {"thing": Item("a", (1,))},
        {"item": long_list(1)},
        {"item": long_list(2)},
        {"item": long_list(1)[:-1]},
    ]
    assert len({fingerprint(variant) for variant in variants}) == len(variants)


def test_an_object_with_a_fingerprint_of_its_own_stands_for_itself_by_it():
    # what the loader vouches for is not looked into again
    assert fingerprint([Vouched("one", "f1")]) == fingerprint([Vouched("two", "f1")])
    assert fingerprint([Vouched("one", "f1")]) != fingerprint([Vouched("one", "f2")])


def test_an_object_without_a_fingerprint_of_its_own_is_known_by_its_fields():
    assert fingerprint([Vouched("one")]) != fingerprint([Vouched("two")])


def test_a_set_has_one_fingerprint_whatever_order_it_holds_its_members_in():
    members = [f"member {i}" for i in range(50)]
    assert fingerprint(set(members)) == fingerprint(set(reversed(members)))


def test_fingerprints_sharing_parts_are_those_made_apart():
    shared = Item("shared", tuple(long_list("end")))
    pages = [{"shared": shared, "own": i} for i in range(5)]
    together = Fingerprints()
    assert [together.of(page) for page in pages] == [fingerprint(page) for page in pages]


def test_what_cannot_be_told_apart_is_refused():
    with pytest.raises(TypeError, match="cannot fingerprint object"):
        fingerprint({"page": object()})
