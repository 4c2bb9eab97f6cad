"""content/media/: the pictures events show, each checked to be a real image the build can publish.

Whether a file is an image is decided by decoding it with Pillow, never by its name, and only
with the decoders of the web's photo formats: Pillow also reads formats (EPS, for one) whose
decoders run other programs, which no content file should reach. What decoding found is kept by
the file's digest, so an unchanged picture is decoded once.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import warnings
from pathlib import Path
from typing import IO

import yaml
from PIL import Image

from ..project import is_input_file
from .context import LoadContext
from .model import Picture
from .yamldoc import Fields, FileReader, Invalid, Located, text

MEDIA_FOLDER = "media"  # under content/
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A few kilobytes of PNG can decode to gigabytes; 50 megapixels is more than any camera makes.
MAX_IMAGE_PIXELS = 50_000_000
DECODERS = ("JPEG", "PNG", "WEBP")
# Names become part of the published URLs and of `srcset` lists, where a space or a comma would split them.
MEDIA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*")
_TURNED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter: width and height swap
_EXIF_ORIENTATION = 0x0112


def media_name(node: yaml.Node, reader: FileReader) -> str | Invalid:
    """A file name under content/media/, such as `harbour.jpg` or `2019/ferry.png`."""
    value = text(node, reader, 200)
    if not isinstance(value, str):
        return value
    if not MEDIA_NAME.fullmatch(value) or not all(is_input_file(Path(part)) for part in value.split("/")):
        return reader.error(
            node,
            f"'{value}' is not a usable file name: name a file inside content/media/ with letters, digits, "
            "'.', '-', '_' and '/' between folders (no spaces, no '..'), e.g. harbour-1952.jpg",
        )
    return value


def check_pictures(context: LoadContext, fields: Fields, reader: FileReader) -> tuple[Picture, ...]:
    """The event's pictures; a file that is missing, too large or not an image is a problem at its name."""
    pictures = []
    for item in fields.value("images", ()):
        image = item.value
        if not all(key in image for key in ("file", "alt", "credit", "license")):
            continue  # the missing key is already reported
        name: Located = image["file"]
        path = context.content / MEDIA_FOLDER / name.value
        problem = _file_problem(context, path)
        facts = problem if problem else _inspect(context, path)
        if isinstance(facts, str):
            reader.error(name, f"content/{MEDIA_FOLDER}/{name.value} {facts}")
            continue
        (width, height, transparent), file_digest = facts
        caption = image["caption"].value if "caption" in image else None
        pictures.append(
            Picture(
                name.value,
                image["alt"].value,
                image["credit"].value,
                image["license"].value,
                caption,
                width,
                height,
                transparent,
                file_digest,
            )
        )
    return tuple(pictures)


def picture_state(context: LoadContext, name: str) -> object:
    """All that checking the picture named `name` depends on: why it cannot be used, or what decoding
    found and the digest of its bytes."""
    path = context.content / MEDIA_FOLDER / name
    return _file_problem(context, path) or _inspect(context, path)


def _file_problem(context: LoadContext, path: Path) -> str | None:
    """Why `path` cannot be read as a picture, said of the file ("does not exist: …"), or None."""
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "is a link to a file that does not exist: restore the file or correct the name"
        return "does not exist: put the picture there or correct the name"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a link that loops back on itself: remove the link"
        return f"cannot be read: {exc.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return "is not a regular file: name a picture file"
    if not Path(os.path.realpath(path)).is_relative_to(context.real_content):
        return "is a link to a file outside content/, which is not read: copy the picture in instead"
    if status.st_size > MAX_IMAGE_BYTES:
        return (
            f"is {status.st_size:,} bytes; a picture may be at most 5 MiB: "
            "save it smaller (1600 pixels wide is the largest size published)"
        )
    return None


def _inspect(context: LoadContext, path: Path) -> tuple[tuple[int, int, bool], str] | str:
    """What decoding the file found and the digest of its bytes, or why it is not a usable picture."""
    facts, file_digest = context.cache.get("picture", path, lambda: _decoded_facts(path))
    if not file_digest:
        return "cannot be read"
    return facts if isinstance(facts, str) else (facts, file_digest)


def _decoded_facts(path: Path) -> tuple[int, int, bool] | str:
    """Width and height as displayed, and whether any of it is see-through; or why it is no picture."""
    try:
        with open_picture(path) as image:
            width, height = image.size
            turned = image.getexif().get(_EXIF_ORIENTATION) in _TURNED
            transparent = is_transparent(image)
    except PictureError as exc:
        return str(exc)
    return (height, width, transparent) if turned else (width, height, transparent)


def is_transparent(image: Image.Image) -> bool:
    """Whether any pixel is see-through: an alpha channel that is opaque throughout does not count."""
    if not image.has_transparency_data:
        return False
    return image.convert("RGBA").getchannel("A").getextrema() != (255, 255)


class PictureError(Exception):
    """A file under content/media/ that is not a picture the build can publish; the message says why,
    of the file ("is not a JPEG, …")."""


def open_picture(path: Path | IO[bytes]) -> Image.Image:
    """The file decoded whole, as stored (`ImageOps.exif_transpose` turns it upright); raises
    `PictureError` when it is not a picture the build can publish."""
    try:
        with warnings.catch_warnings():
            # Pillow warns past a pixel limit of its own, higher than ours: here that is an answer
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=DECODERS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise PictureError(f"has more than {MAX_IMAGE_PIXELS:,} pixels: scale it down") from exc
    except Image.UnidentifiedImageError as exc:
        raise PictureError(
            "is not a JPEG, PNG or WebP picture (judged by what it holds, not its name): save it as one"
        ) from exc
    except OSError as exc:
        raise PictureError(f"cannot be read: {exc.strerror or exc}") from exc
    with image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise PictureError(
                f"is {image.width:,} × {image.height:,} pixels; at most {MAX_IMAGE_PIXELS:,} are allowed: scale it down"
            )
        try:
            image.load()  # decode it all now: a damaged file fails here, not while publishing
        except Exception as exc:  # any decoder failure means the same to the curator
            raise PictureError(f"cannot be decoded ({exc}): save it again as JPEG, PNG or WebP") from exc
    return image
