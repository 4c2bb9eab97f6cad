"""Web addresses: the one check of what counts as one, and the site's base URL."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_web_url(text: str) -> bool:
    """A full http:// or https:// address with a host and no whitespace."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def normalise_base_url(url: str | None) -> str | None:
    """The public URL of the site's root, ending in a slash so page URLs append to it."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def base_path_of(base_url: str | None) -> str:
    """The path part of the base URL, '/' or '/REPO/': what a page served at any depth links from."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"
