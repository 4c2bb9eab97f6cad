"""Pictures out: each event's pictures in responsive sizes and formats, and share cards for the rest.

Every file is named by a digest of what it is made from (the picture's bytes or the card's words,
the size, the format, the encoder's settings and versions), so its URL is known before anything is
encoded, browsers may cache it forever, and a build encodes only what no build has made before: a
file the output already holds is kept, and one in the cache folder is copied from there. Encoders
are set to give the same bytes for the same input on every machine (one thread for AV1, whose
output depends on how many it is given) and never copy EXIF or XMP data (a phone's GPS position)
into what is published.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from ..errors import ContentError, Problem
from ..hashing import digest, fingerprint
from ..loading.media import MEDIA_FOLDER, PictureError, open_picture
from ..loading.model import Event, Picture, Site
from ..parallel import iterate_pages
from .plan import Page

if TYPE_CHECKING:  # the cache is the publishing stage's; this stage only reads and fills it
    from ..publishing.cache import ImageCache

Sink = Callable[[str, bytes, str], None]  # (output path, bytes, digest) of each changed file

WIDTHS = (480, 960, 1600)  # the sizes offered, each only if the picture is wider
# How wide a picture shows: the page column, the full width less its padding on a phone (style.css).
SIZES = "(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)"
PICTURES_URL = "media/"
CARDS_URL = "cards/"
CARD_WIDTH, CARD_HEIGHT = 1200, 630  # what Open Graph and X show as a large link preview
# The light palette of style.css: paper, ink and accent.
PAPER_RGB, INK_RGB, ACCENT_RGB = (0xFB, 0xFA, 0xF7), (0x1D, 0x1F, 0x23), (0x8A, 0x2B, 0x1D)
# Fonts looked for where Debian, Fedora and Arch put DejaVu; without them Pillow's own font is used,
# which has no accented letters or dashes, so those are written as plain letters and hyphens.
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


@dataclass(frozen=True)
class Encoding:
    """A published format: Pillow's name for it, its media type, the file suffix and the encoder's settings."""

    name: str
    mime: str
    suffix: str
    options: tuple[tuple[str, Any], ...]


JPEG = Encoding("JPEG", "image/jpeg", ".jpg", (("quality", 82), ("optimize", True), ("progressive", True)))
PNG = Encoding("PNG", "image/png", ".png", (("compress_level", 9),))
WEBP = Encoding("WEBP", "image/webp", ".webp", (("quality", 80), ("method", 4)))
AVIF = Encoding("AVIF", "image/avif", ".avif", (("quality", 60), ("speed", 8), ("max_threads", 1)))
CARD_PNG = Encoding("PNG", "image/png", ".png", (("compress_level", 3),))  # 6 is 20% smaller, 50% slower
MODERN = (AVIF, WEBP) if features.check("avif") else (WEBP,)  # offered first, best first


@functools.cache
def encoder_version() -> str:
    """Changes whenever the same picture could encode to other bytes: this module (its sizes, settings
    and drawing), Pillow's version and its codecs'."""
    codecs = ("jpg", "zlib", "webp", "avif")
    this_module = digest(Path(__file__).read_bytes())
    return fingerprint([this_module, PIL.__version__, *(str(features.version(codec)) for codec in codecs)])


@dataclass(frozen=True)
class Rendition:
    """One published file of a picture: its site-relative URL and its size in pixels."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Renditions:
    """One picture as its page offers it: each modern format, then a fallback every browser shows,
    each in every size, smallest first."""

    modern: tuple[tuple[str, tuple[Rendition, ...]], ...]  # (media type, sizes)
    fallback_type: str
    fallback: tuple[Rendition, ...]
    sizes: str = SIZES

    @property
    def largest(self) -> Rendition:
        return self.fallback[-1]


@dataclass(frozen=True)
class ShareImage:
    """The picture a shared link shows: the event's first picture, else a card drawn for the page."""

    url: str
    width: int
    height: int
    mime: str
    alt: str


@dataclass(frozen=True)
class Card:
    """The words a share card shows."""

    title: str
    kicker: str | None = None  # above the title, in the accent colour: an event's date
    note: str | None = None  # below it: the site's subtitle
    footer: str | None = None  # at the foot: the site's name

    @property
    def alt(self) -> str:
        return ", ".join(part for part in (self.title, self.kicker, self.note, self.footer) if part)


@dataclass(frozen=True)
class Media:
    """What the pictures step made: the URLs pages show, and every file written with its digest."""

    pictures: Mapping[tuple[str, str], Renditions]  # by the picture's file name and digest
    cards: Mapping[str, ShareImage]  # by event slug, for events without a picture
    site_card: ShareImage | None  # for every other page; no cards at all without a base URL
    outputs: Mapping[str, str]  # every file made, with the digest of its bytes
    changed: frozenset[str]  # those the output did not hold
    cached: frozenset[str]  # the cache entries this build used
    version: str  # changes whenever the same content would give other files or URLs

    def renditions(self, picture: Picture) -> Renditions:
        return self.pictures[(picture.file, picture.digest)]

    def share_image(self, page: Page) -> ShareImage | None:
        """An event's first picture, else its card; the site's card for other pages; None without a base URL."""
        event = page.context.get("event")
        if not isinstance(event, Event):
            return self.site_card
        if event.images and self.site_card:
            picture = event.images[0]
            shown = self.renditions(picture)
            largest = shown.largest
            return ShareImage(largest.url, largest.width, largest.height, shown.fallback_type, picture.alt)
        return self.cards.get(event.slug)


@dataclass(frozen=True)
class _Planned:
    """A file to publish: where, under which cache name, and how to make it if no build has."""

    path: str
    cache_name: str
    picture: Picture | None = None
    width: int = 0
    height: int = 0
    encoding: Encoding = JPEG
    card: Card | None = None


def make_media(
    site: Site,
    base_url: str | None,
    content: Path,
    cache: ImageCache | None,
    known: Mapping[str, str],
    sink: Sink,
    jobs: int,
) -> Media:
    """Every picture and card the site shows, sending each file the output lacks to `sink`.

    `known` maps what the output holds to its digest: a file found there is neither made nor read.
    """
    drawn_with = card_version()  # covers the encoders too
    planned: list[_Planned] = []
    pictures: dict[tuple[str, str], Renditions] = {}
    for event in site.events:
        for picture in event.images:
            if (picture.file, picture.digest) not in pictures:
                shown, files = _plan_picture(picture)
                pictures[(picture.file, picture.digest)] = shown
                planned += files
    cards: dict[str, ShareImage] = {}
    site_card = None
    if base_url:
        config = site.config
        site_card, file = _plan_card(Card(config.title, note=config.subtitle), "site", drawn_with)
        planned.append(file)
        for event in site.events:
            if not event.images:
                card = Card(event.title, kicker=event.when.human(), footer=config.title)
                cards[event.slug], file = _plan_card(card, event.slug, drawn_with)
                planned.append(file)

    outputs: dict[str, str] = {}
    changed: set[str] = set()

    def deliver(file: _Planned, data: bytes, *, made: bool) -> None:
        if made and cache is not None:
            cache.put(file.cache_name, data)
        outputs[file.path] = digest(data)
        sink(file.path, data, outputs[file.path])
        changed.add(file.path)

    missing: list[_Planned] = []
    for file in planned:
        if known.get(file.path):
            outputs[file.path] = known[file.path]
        elif cache is not None and (data := cache.get(file.cache_name)) is not None:
            deliver(file, data, made=False)
        elif file.path not in outputs:
            missing.append(file)
            outputs[file.path] = ""  # a path planned twice (two names for the same bytes) is made once
    for file, data in _encode_pictures([file for file in missing if file.picture], content):
        deliver(file, data, made=True)
    to_draw = [file for file in missing if file.card]
    for file, data in zip(to_draw, iterate_pages(_draw, to_draw, jobs), strict=True):
        deliver(file, data, made=True)
    return Media(
        pictures,
        cards,
        site_card,
        outputs,
        frozenset(changed),
        frozenset(file.cache_name for file in planned),
        drawn_with,
    )


def _plan_picture(picture: Picture) -> tuple[Renditions, list[_Planned]]:
    largest = min(picture.width, WIDTHS[-1])
    widths = [width for width in WIDTHS if width < largest] + [largest]
    stem = picture.file.rsplit(".", 1)[0] if "." in picture.file.rsplit("/", 1)[-1] else picture.file
    fallback = PNG if picture.transparent else JPEG
    files: list[_Planned] = []
    by_encoding: dict[Encoding, tuple[Rendition, ...]] = {}
    for encoding in (*MODERN, fallback):
        renditions = []
        for width in widths:
            height = max(1, round(picture.height * width / picture.width))
            key = digest(repr((picture.digest, width, height, encoding, encoder_version())).encode())
            url = f"{PICTURES_URL}{stem}-{width}.{key[:10]}{encoding.suffix}"
            renditions.append(Rendition(url, width, height))
            files.append(_Planned(url, f"picture-{key}{encoding.suffix}", picture, width, height, encoding))
        by_encoding[encoding] = tuple(renditions)
    modern = tuple((encoding.mime, by_encoding[encoding]) for encoding in MODERN)
    return Renditions(modern, fallback.mime, by_encoding[fallback]), files


@functools.lru_cache(maxsize=65_536)  # `serve` plans every card again after each save
def _plan_card(card: Card, name: str, drawn_with: str) -> tuple[ShareImage, _Planned]:
    key = digest(repr((card, drawn_with)).encode())
    url = f"{CARDS_URL}{name}.{key[:10]}.png"
    share = ShareImage(url, CARD_WIDTH, CARD_HEIGHT, CARD_PNG.mime, card.alt)
    return share, _Planned(url, f"card-{key}.png", card=card, encoding=CARD_PNG)


def _encode_pictures(files: list[_Planned], content: Path) -> Iterator[tuple[_Planned, bytes]]:
    """Each file's bytes, decoding each picture once and resizing it once per width."""
    by_picture: dict[Picture, list[_Planned]] = {}
    for file in files:
        assert file.picture is not None, "planned as a picture"
        by_picture.setdefault(file.picture, []).append(file)
    for picture, wanted in by_picture.items():
        image, icc_profile = _upright(content, picture)
        resized: dict[int, Image.Image] = {}
        for file in wanted:
            if file.width not in resized:
                size = (file.width, file.height)
                resized[file.width] = (
                    image if image.size == size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
                )
            yield file, encode(resized[file.width], file.encoding, icc_profile)


def _upright(content: Path, picture: Picture) -> tuple[Image.Image, bytes | None]:
    """The picture decoded, turned upright and made RGB (RGBA if see-through), with its colour
    profile when that applies to RGB."""
    where = f"content/{MEDIA_FOLDER}/{picture.file}"
    try:
        data = (content / MEDIA_FOLDER / picture.file).read_bytes()
    except OSError as exc:
        raise ContentError([Problem(where, 0, 0, f"the picture cannot be read: {exc.strerror}")]) from exc
    if digest(data) != picture.digest:
        message = "the picture changed while the site was being built: build again"
        raise ContentError([Problem(where, 0, 0, message)])
    try:
        image = open_picture(io.BytesIO(data))
    except PictureError as exc:
        raise ContentError([Problem(where, 0, 0, f"the picture {exc}")]) from exc
    icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    upright = ImageOps.exif_transpose(image)
    prepared = upright.convert("RGBA" if picture.transparent else "RGB")
    prepared.info = {}  # EXIF (with any GPS position), XMP and comments stay behind
    return prepared, icc_profile


def encode(image: Image.Image, encoding: Encoding, icc_profile: bytes | None = None) -> bytes:
    """The image in one format, with no metadata but its colour profile."""
    out = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    image.save(out, encoding.name, **dict(encoding.options), **extra)
    return out.getvalue()


# Share cards


@dataclass(frozen=True)
class CardFonts:
    """The fonts cards are drawn with, and what tells them apart from any others."""

    regular: str | None  # a font file; None for Pillow's own font
    bold: str | None
    identity: str

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _font(self.bold if bold else self.regular, size)

    def fold(self, text: str) -> str:
        """The text in characters the font has: all of them with DejaVu; Pillow's own lacks accents and dashes."""
        if self.regular:
            return text
        plain = unicodedata.normalize("NFKD", text.replace("–", "-").replace("—", "-"))
        return "".join(char for char in plain if " " <= char <= "~" or char in "‘’“”…")


@functools.cache
def card_fonts() -> CardFonts:
    """DejaVu Sans where the system has it, else Pillow's own font; never a font from the network."""
    for folder in map(Path, FONT_FOLDERS):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            identity = digest(regular.read_bytes() + bold.read_bytes())
            return CardFonts(str(regular), str(bold), identity)
    return CardFonts(None, None, "pillow")


@functools.cache
def _font(path: str | None, size: int) -> ImageFont.FreeTypeFont:
    loaded = ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
    assert isinstance(loaded, ImageFont.FreeTypeFont), "Pillow is built with FreeType"
    return loaded


def card_version() -> str:
    """Changes whenever the same card could be drawn otherwise: the encoders, the font engine, the fonts."""
    engines = [str(features.version(name)) for name in ("freetype2", "raqm")]
    return fingerprint([encoder_version(), *engines, card_fonts().identity])


MARGIN = 80
BAND = 16  # the accent band across the top
INK, MUTED, ACCENT = 127, 85, 255  # palette indices (see _CARD_PALETTE)
_TITLE_SIZES = ((68, 3), (58, 4), (50, 4))  # font size, most lines: a long title is drawn smaller


def _draw(file: _Planned) -> bytes:
    assert file.card is not None, "planned as a card"
    return draw_card(file.card)


def draw_card(card: Card) -> bytes:
    """A 1200 × 630 PNG on paper: the kicker in the accent colour, the title and a note in ink, centred
    between the accent band at the top and the footer.

    Drawn straight as a palette image: a PNG of 256 colours encodes in a third of the time of a
    full-colour one, which counts at thousands of events.
    """
    fonts = card_fonts()
    width = CARD_WIDTH - 2 * MARGIN
    rows: list[tuple[str, ImageFont.FreeTypeFont, int, int]] = []  # text, font, palette index, height
    if card.kicker:
        kicker = fonts.font(36)
        rows.append((_fit(fonts.fold(card.kicker), kicker, width), kicker, ACCENT, 72))
    for size, most in _TITLE_SIZES:
        title_font = fonts.font(size, bold=True)
        lines, cut = _wrap(fonts.fold(card.title), title_font, width, most)
        if not cut:
            break
    rows += [(line, title_font, INK, round(size * 1.22)) for line in lines]
    if card.note:
        note_font = fonts.font(34)
        rows.append(("", note_font, MUTED, 16))  # a gap between the title and the note
        rows += [(line, note_font, MUTED, 46) for line in _wrap(fonts.fold(card.note), note_font, width, 3)[0]]

    # One image of palette indices: text drawn on L blends from the background's index to the ink's,
    # so ink rows blend from paper (0) to ink (127) and accent rows, drawn over a strip of the accent
    # ramp's paper (128, the same colour as 0), from 128 to the accent (255).
    card_image = Image.new("L", (CARD_WIDTH, CARD_HEIGHT), 0)
    draw = ImageDraw.Draw(card_image)
    draw.rectangle((0, 0, CARD_WIDTH - 1, BAND - 1), fill=255)
    bottom = CARD_HEIGHT
    if card.footer:
        bottom = CARD_HEIGHT - 130
        footer_font = fonts.font(32)
        draw.rectangle((MARGIN, bottom + 12, CARD_WIDTH - MARGIN, bottom + 13), fill=MUTED // 3)
        draw.text(
            (MARGIN, bottom + 38), _fit(fonts.fold(card.footer), footer_font, width), font=footer_font, fill=MUTED
        )
    y = BAND + (bottom - BAND - sum(row[3] for row in rows)) // 2
    for text, font, shade, height in rows:
        if shade == ACCENT:
            draw.rectangle((0, y, CARD_WIDTH - 1, y + height - 1), fill=128)
        draw.text((MARGIN, y), text, font=font, fill=shade)
        y += height
    card_image.putpalette(_CARD_PALETTE)
    return encode(card_image, CARD_PNG)


def _ramp(start: tuple[int, int, int], end: tuple[int, int, int]) -> list[int]:
    return [round(a + (b - a) * step / 127) for step in range(128) for a, b in zip(start, end, strict=True)]


_CARD_PALETTE = _ramp(PAPER_RGB, INK_RGB) + _ramp(PAPER_RGB, ACCENT_RGB)  # 0-127 shade to ink, 128-255 to the accent


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> tuple[list[str], bool]:
    """The text in lines no wider than `width`, and whether it had to be cut: past `most` lines the
    last ends in an ellipsis."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # a word wider than the card is broken where it must be
            cut = max((n for n in range(1, len(word)) if font.getlength(word[:n]) <= width), default=1)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if len(lines) <= most:
        return lines, False
    return [*lines[: most - 1], _fit(" ".join(lines[most - 1 :]), font, width)], True


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text, cut at a word and ended with an ellipsis if it is wider than `width`."""
    if font.getlength(text) <= width:
        return text
    words = text.split()
    while len(words) > 1 and font.getlength(" ".join(words) + "…") > width:
        words.pop()
    shortened = " ".join(words)
    while shortened and font.getlength(shortened + "…") > width:
        shortened = shortened[:-1]
    return shortened + "…"
