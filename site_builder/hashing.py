"""Digests of bytes, and fingerprints of the plain data that pages are rendered from."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """A digest of a value's content: equal values, equal fingerprints, across processes.

    Model objects that record an `origin` (a digest of everything they were built from) stand
    for themselves by it, so a page listing 10,000 events costs 10,000 short updates.
    """
    hasher = hashlib.blake2b(digest_size=16)
    _feed(hasher, value)
    return hasher.hexdigest()


def _feed(hasher: hashlib.blake2b, value: Any) -> None:
    origin = getattr(value, "origin", None)
    if origin:
        hasher.update(b"o" + origin.encode())
    elif isinstance(value, str):
        encoded = value.encode()
        hasher.update(b"s%d:" % len(encoded) + encoded)
    elif value is None or isinstance(value, (bool, int, float)):
        hasher.update(b"v" + repr(value).encode())
    elif isinstance(value, (tuple, list)):
        hasher.update(b"(")
        for item in value:
            _feed(hasher, item)
        hasher.update(b")")
    elif isinstance(value, dict):
        hasher.update(b"{")
        for key, item in value.items():
            _feed(hasher, key)
            _feed(hasher, item)
        hasher.update(b"}")
    elif dataclasses.is_dataclass(value):
        hasher.update(b"d" + type(value).__name__.encode())
        for field in dataclasses.fields(value):
            _feed(hasher, getattr(value, field.name))
    else:
        raise TypeError(f"cannot fingerprint {type(value).__name__}")
