"""Digests of bytes, and fingerprints of the plain data that pages are rendered from."""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Callable, Iterable
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple, TypeAlias


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """A digest of a value's content: equal values, equal fingerprints, across processes."""
    return Fingerprints().of(value)


# A value as a fingerprint spells it: a plain value as itself, anything else as a tuple of its kind
# and its contents' tokens, or as bytes (an object's own fingerprint, a digest of a long content).
# Their serialisation tells every two different tokens apart, and turns a page's token into bytes in one C call.
Token: TypeAlias = str | int | float | bool | bytes | tuple["Token", ...] | None
_PLAIN = frozenset({str, int, float, bool, type(None)})
# Contents longer than this are digested apart, so a long list (every event, every year) that many
# pages hold is serialised once rather than once for each page.
SPELLED_OUT = 16


class Fingerprints:
    """Fingerprints of many values that share parts, each part spelt out once however often it is met.

    A page's context is mostly objects other pages hold too (the events a year lists, the overview
    every timeline page draws), so each object's token is made once and remembered by identity:
    fingerprinting every page costs about as much as the contexts are long, not as deep as they
    nest. Remembered objects are kept alive so an identity is never reused; they must not change
    while one `Fingerprints` is in use.

    An object with a `fingerprint` string of its own (events and sources, which the loader digests
    from what they were read from) stands for itself by it, so a list of 10,000 events costs 10,000
    short tokens.
    """

    def __init__(self) -> None:
        self._tokens: dict[int, Token] = {}
        self._kept: list[object] = []

    def of(self, value: Any) -> str:
        return digest(_serialised(self._spelt("", (value,))))

    def _new_token(self, kind: type, value: Any) -> Token:
        shape = _SHAPES.get(kind) or _shape_of(kind)
        own = getattr(value, "fingerprint", None) if shape.may_have_own else None
        if own and isinstance(own, str):
            token: Token = b"f" + own.encode()
        else:
            token = self._spelt(shape.name, shape.contents(value))
        self._tokens[id(value)] = token
        self._kept.append(value)
        return token

    def _spelt(self, kind: str, values: Iterable[Any]) -> Token:
        """A token of a kind and its contents' tokens, digested when they are long."""
        tokens, new_token = self._tokens.get, self._new_token
        spelt = (
            kind,
            *[
                value if type(value) in _PLAIN else tokens(id(value)) or new_token(type(value), value)
                for value in values
            ],
        )
        if len(spelt) > SPELLED_OUT:
            return b"h" + digest(_serialised(spelt)).encode()
        return spelt


def _serialised(token: Token) -> bytes:
    """A token's bytes, which differ for different tokens and only for them. Version 0 of marshal
    neither shares repeated objects by reference nor marks interned strings, so equal tokens are
    equal bytes, however their objects came about."""
    return marshal.dumps(token, 0)


class _Shape(NamedTuple):
    name: str  # what a token of the class starts with: a container's bracket, a class's module and name
    contents: Callable[[Any], Iterable[Any]]  # what a token of the class lists: items, fields' values
    may_have_own: bool  # whether its objects may carry a `fingerprint` of their own


def _items(value: Iterable[Any]) -> Iterable[Any]:
    return value


def _sorted_set(value: set[Any] | frozenset[Any]) -> Iterable[Any]:
    """A set's members in an order of their own: by their fingerprints."""
    return sorted(map(fingerprint, value))


def _cannot_fingerprint(value: Any) -> Iterable[Any]:
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


_CONTAINERS: dict[type, _Shape] = {
    tuple: _Shape("(", _items, False),
    list: _Shape("(", _items, False),
    dict: _Shape("{", lambda value: chain.from_iterable(value.items()), False),
    set: _Shape("<", _sorted_set, False),
    frozenset: _Shape("<", _sorted_set, False),
}
_SHAPES: dict[type, _Shape] = dict(_CONTAINERS)


def _shape_of(kind: type) -> _Shape:
    """How a class's objects are fingerprinted, worked out once per class."""
    name = f"{kind.__module__}.{kind.__qualname__}"
    base = next((base for base in (str, int, float, *_CONTAINERS) if issubclass(kind, base)), None)
    if base in (str, int, float):  # as Markup is of str: it may render unlike the plain value
        shape = _Shape(name, lambda value: (base(value),), False)
    elif base is not None:  # a container's subclass: a Counter, a named tuple
        shape = _Shape(name, _CONTAINERS[base].contents, False)
    elif dataclasses.is_dataclass(kind):
        names = tuple(field.name for field in dataclasses.fields(kind))
        fields = attrgetter(*names) if len(names) > 1 else lambda value: [getattr(value, n) for n in names]
        shape = _Shape(name, fields, "fingerprint" in names or hasattr(kind, "fingerprint"))
    else:
        shape = _Shape(name, _cannot_fingerprint, hasattr(kind, "fingerprint"))
    _SHAPES[kind] = shape
    return shape
