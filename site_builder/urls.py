"""Web addresses: the one check of what counts as one, and the site's base URL."""

from __future__ import annotations

from urllib.parse import urlsplit

# Characters a URL may never hold unescaped (RFC 3986); in a base URL they would reach HTML,
# XML and robots.txt as they are.
UNSAFE_IN_BASE_URL = frozenset('<>"\\^`{|}')


def is_web_url(text: str) -> bool:
    """A full http:// or https:// address with a host, and no whitespace, control or invisible characters."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and text.isprintable() and " " not in text


def is_base_url(text: str) -> bool:
    """A web address a site can live under: a host and a path, nothing a page URL could not append to.

    Refused beyond `is_web_url`: a query or a fragment (even empty), a user name or password, a
    port out of range and the characters a URL may not hold unescaped.
    """
    if not is_web_url(text) or "?" in text or "#" in text or not UNSAFE_IN_BASE_URL.isdisjoint(text):
        return False
    parts = urlsplit(text)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or beyond 65535
        return False
    return port_ok and bool(parts.hostname) and parts.username is None and parts.password is None


def normalise_base_url(url: str | None) -> str | None:
    """The public URL of the site's root, ending in a slash so page URLs append to it."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def base_path_of(base_url: str | None) -> str:
    """The path part of the base URL, '/' or '/REPO/': what a page served at any depth links from."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"
