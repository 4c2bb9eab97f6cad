"""Pictures: event images published in every size and format without their metadata, share cards for
pages without one, each encoded once and cached, the same bytes every time, and no layout shift."""

from __future__ import annotations

import io
import posixpath
import re
from pathlib import Path

import pytest
from lxml import html
from PIL import ExifTags, Image

from site_builder.build import build
from site_builder.errors import ContentError
from site_builder.loading.content import load_site
from site_builder.loading.media import MAX_IMAGE_PIXELS
from site_builder.site import images

from browser import static_server
from conftest import TinySite
from sample_site import MAJOR_EVENT, write_sample_site

BASE_URL = "https://example.org/timeline/"
EVENT = "content/events/2014-11-03-meeting.yaml"
EVENT_PAGE = "events/2014-11-03-meeting/index.html"
ALT = "Boats moored in the harbour at dawn."
# The words of the picture a phone's camera leaves in its EXIF and XMP data; none may be published.
CAMERA, PRIVATE_XMP = "PhoneCo Model 7", "a private note in XMP"


def photo(size: tuple[int, int] = (1200, 800), mode: str = "RGB") -> Image.Image:
    """A picture whose top half is red and bottom half blue, so a turn shows."""
    image = Image.new(mode, size, "blue")
    image.paste("red", (0, 0, size[0], size[1] // 2))
    return image


def add_picture(site: TinySite, image: Image.Image, name: str = "harbour.jpg", fmt: str = "JPEG", **save) -> Path:
    """Save `image` under content/media/ and make it the meeting's only picture."""
    path = site.root / "content/media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt, **save)
    site.edit(
        EVENT,
        "sources:",
        f"images:\n  - file: {name}\n    alt: {ALT}\n    credit: The Daily Test\n"
        "    license: CC BY 4.0\n    caption: The harbour before the meeting.\nsources:",
    )
    return path


def published(site: TinySite, base_url: str | None = BASE_URL, **options) -> Path:
    out = site.root / "_site"
    build(site.project, out, base_url=base_url, **options)
    return out


def page(out: Path, path: str = EVENT_PAGE) -> html.HtmlElement:
    return html.fromstring((out / path).read_bytes())


def srcset(element: html.HtmlElement) -> list[tuple[str, int]]:
    """(URL, width) of each candidate, the URL relative to the event page."""
    return [(url, int(width[:-1])) for url, width in (item.split() for item in element.get("srcset").split(", "))]


def from_event_page(out: Path, url: str) -> Path:
    return (out / "events/2014-11-03-meeting" / url).resolve()


def test_a_picture_is_offered_in_each_size_up_to_its_own_in_modern_formats_and_a_fallback(tiny):
    add_picture(tiny, photo((1200, 800)))
    out = published(tiny)
    figure = page(out).xpath('//figure[@class="picture"]')[0]
    sources = figure.xpath(".//source")
    assert [source.get("type") for source in sources] == [encoding.mime for encoding in images.MODERN]
    img = figure.xpath(".//img")[0]
    for candidates in [srcset(source) for source in sources] + [srcset(img)]:
        assert [width for _, width in candidates] == [480, 960, 1200]  # never wider than the picture
        for url, width in candidates:
            with Image.open(from_event_page(out, url)) as file:
                assert file.size == (width, width * 2 // 3)
    assert all(source.get("sizes") == img.get("sizes") == images.SIZES for source in sources)
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("1200", "800", ALT)
    assert img.get("src") == srcset(img)[-1][0]
    with Image.open(from_event_page(out, img.get("src"))) as fallback:
        assert fallback.format == "JPEG"


def test_a_picture_narrower_than_the_smallest_size_is_published_at_its_own(tiny):
    add_picture(tiny, photo((300, 200)))
    img = page(published(tiny)).xpath('//figure[@class="picture"]//img')[0]
    assert srcset(img) == [(img.get("src"), 300)]
    assert (img.get("width"), img.get("height")) == ("300", "200")


def test_the_caption_credit_and_license_are_under_the_picture(tiny):
    add_picture(tiny, photo())
    caption = page(published(tiny)).xpath('//figure[@class="picture"]/figcaption')[0].text_content()
    assert caption == "The harbour before the meeting. Image: The Daily Test, CC BY 4.0"


def test_the_first_picture_is_fetched_at_once_and_the_others_when_scrolled_near(tiny):
    add_picture(tiny, photo())
    photo((600, 600)).save(tiny.root / "content/media/second.png")
    tiny.edit(
        EVENT, "sources:", "  - file: second.png\n    alt: A second view.\n    credit: X\n    license: CC0\nsources:"
    )
    first, second = page(published(tiny)).xpath('//figure[@class="picture"]//img')
    assert first.get("loading") is None
    assert second.get("loading") == "lazy"
    assert first.get("decoding") == second.get("decoding") == "async"


def test_a_see_through_picture_falls_back_to_png(tiny):
    see_through = photo((200, 100), "RGBA")
    see_through.paste((0, 0, 0, 0), (0, 0, 100, 100))
    add_picture(tiny, see_through, "see-through.png", "PNG")
    out = published(tiny)
    with Image.open(from_event_page(out, page(out).xpath('//figure[@class="picture"]//img')[0].get("src"))) as fallback:
        assert fallback.format == "PNG" and fallback.getpixel((0, 0))[3] == 0


def test_a_picture_whose_alpha_is_opaque_throughout_falls_back_to_jpeg(tiny):
    add_picture(tiny, photo((200, 100), "RGBA"), "opaque.png", "PNG")
    out = published(tiny)
    with Image.open(from_event_page(out, page(out).xpath('//figure[@class="picture"]//img')[0].get("src"))) as fallback:
        assert fallback.format == "JPEG"


def test_a_png_named_jpg_is_published_for_what_it_is(tiny):
    add_picture(tiny, photo((300, 200)), "named-wrongly.jpg", "PNG")
    assert load_site(tiny.root).events[0].images[0].width == 300


def test_published_pictures_carry_no_exif_or_xmp(tiny):
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = CAMERA
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (35.0, 41.0, 22.0)
    source = add_picture(tiny, photo(), exif=exif, xmp=PRIVATE_XMP.encode())
    assert CAMERA.encode() in source.read_bytes() and PRIVATE_XMP.encode() in source.read_bytes()
    out = published(tiny)
    files = sorted((out / "media").iterdir())
    assert len(files) == 3 * (len(images.MODERN) + 1)
    for file in files:
        data = file.read_bytes()
        assert CAMERA.encode() not in data and PRIVATE_XMP.encode() not in data, file.name
        with Image.open(file) as image:
            assert not image.getexif() and "xmp" not in image.info, file.name


def test_a_picture_turned_by_its_exif_orientation_is_published_upright(tiny):
    upright = photo((200, 400))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored turned a quarter left: shown after a quarter turn right
    add_picture(tiny, upright.rotate(90, expand=True), exif=exif)
    out = published(tiny)
    img = page(out).xpath('//figure[@class="picture"]//img')[0]
    assert (img.get("width"), img.get("height")) == ("200", "400")
    with Image.open(from_event_page(out, img.get("src"))) as fallback:
        assert fallback.size == (200, 400)
        top, bottom = fallback.convert("RGB").getpixel((100, 20)), fallback.convert("RGB").getpixel((100, 380))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]  # red above, blue below


def test_an_event_picture_is_what_a_shared_link_shows(tiny):
    add_picture(tiny, photo((1800, 1200)))
    event_page = page(published(tiny))
    meta = {m.get("property") or m.get("name"): m.get("content") for m in event_page.head.xpath(".//meta")}
    largest = srcset(event_page.xpath('//figure[@class="picture"]//img')[0])[-1][0]
    assert meta["og:image"] == BASE_URL + posixpath.normpath("events/2014-11-03-meeting/" + largest)
    assert meta["og:image"].endswith(".jpg") and re.search(r"-1600\.[0-9a-f]{10}\.jpg$", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1600", "1067", "image/jpeg")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == ALT
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]


def test_an_event_without_a_picture_shares_a_card_of_its_title_date_and_site(tiny):
    out = published(tiny)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page(out).head.xpath(".//meta")}
    assert meta["og:image"].startswith(BASE_URL + "cards/2014-11-03-meeting.")
    assert meta["og:image:alt"] == "Ministers meet in Tokyo, 3 November 2014, Test Timeline"
    assert meta["twitter:card"] == "summary_large_image"
    with Image.open(out / meta["og:image"].removeprefix(BASE_URL)) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")


def test_pages_other_than_events_share_the_site_card(tiny):
    out = published(tiny)
    pages = ("index.html", "sources/index.html", "tags/trade/index.html")
    (card,) = {page(out, path).xpath('//meta[@property="og:image"]')[0].get("content") for path in pages}
    assert card.startswith(BASE_URL + "cards/site.")
    with Image.open(out / card.removeprefix(BASE_URL)) as image:
        assert image.size == (1200, 630)


def test_without_a_base_url_no_page_names_a_share_image_and_no_card_is_drawn(tiny):
    add_picture(tiny, photo())
    out = published(tiny, base_url=None)
    for path in (EVENT_PAGE, "index.html"):
        assert not page(out, path).xpath('//meta[@property="og:image" or @name="twitter:image"]')
        assert page(out, path).xpath('//meta[@name="twitter:card"]')[0].get("content") == "summary"
    assert not (out / "cards").exists()


def test_a_card_without_dejavu_is_drawn_with_pillows_own_font(monkeypatch):
    monkeypatch.setattr(images, "FONT_FOLDERS", ())
    images.card_fonts.cache_clear()
    try:
        assert images.card_fonts().regular is None
        assert images.card_fonts().fold("Israel–Japan: Élodie") == "Israel-Japan: Elodie"
        with Image.open(io.BytesIO(images.draw_card(images.Card("Israel–Japan", kicker="3 – 7 May 2014")))) as card:
            assert card.size == (1200, 630)
    finally:
        images.card_fonts.cache_clear()


def counting_encodes(monkeypatch) -> list[str]:
    """Record the format of every picture and card encoded from now on."""
    calls: list[str] = []
    encode = images.encode

    def counted(image, encoding, icc_profile=None):
        calls.append(encoding.name)
        return encode(image, encoding, icc_profile)

    monkeypatch.setattr(images, "encode", counted)
    return calls


def test_a_rebuild_encodes_nothing_it_made_before_even_into_a_new_output_folder(tiny, monkeypatch):
    add_picture(tiny, photo())
    cache = tiny.root / ".cache"
    calls = counting_encodes(monkeypatch)
    build(tiny.project, tiny.root / "_site", base_url=BASE_URL, cache_dir=cache)
    assert len(calls) == 3 * (len(images.MODERN) + 1) + 1  # three sizes in each format, and the site's card
    calls.clear()
    tiny.edit(EVENT, "summary: The ministers met.", "summary: The ministers met at last.")
    build(tiny.project, tiny.root / "_site", base_url=BASE_URL, cache_dir=cache)
    build(tiny.project, tiny.root / "elsewhere", base_url=BASE_URL, cache_dir=cache)
    assert calls == []
    elsewhere = sorted(p.relative_to(tiny.root / "elsewhere") for p in (tiny.root / "elsewhere/media").iterdir())
    assert elsewhere == sorted(p.relative_to(tiny.root / "_site") for p in (tiny.root / "_site/media").iterdir())


def test_a_picture_replaced_under_the_same_name_is_republished_and_the_old_sizes_dropped(tiny):
    add_picture(tiny, photo((1200, 800)))
    cache = tiny.root / ".cache"
    out = published(tiny, cache_dir=cache)
    before = set((out / "media").iterdir())
    photo((900, 900)).save(tiny.root / "content/media/harbour.jpg")  # the event's file is untouched
    out = published(tiny, cache_dir=cache)
    img = page(out).xpath('//figure[@class="picture"]//img')[0]
    assert (img.get("width"), img.get("height")) == ("900", "900")
    assert not before & set((out / "media").iterdir())
    assert len(list((cache / "images").glob("picture-*"))) == 2 * (len(images.MODERN) + 1)  # the old ones pruned


def test_the_same_content_gives_byte_identical_pictures_and_cards(tiny):
    add_picture(tiny, photo((1700, 900)), exif=Image.Exif())
    first = published(tiny)
    made = {p.relative_to(first): p.read_bytes() for folder in ("media", "cards") for p in (first / folder).iterdir()}
    second = tiny.root / "again"
    build(tiny.project, second, base_url=BASE_URL)
    again = {
        p.relative_to(second): p.read_bytes() for folder in ("media", "cards") for p in (second / folder).iterdir()
    }
    assert len(made) == 3 * (len(images.MODERN) + 1) + 1 and again == made  # and the site's card


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(tiny):
    huge = Image.new("1", (10_000, 10_000))  # a few kilobytes of PNG, 100 million pixels once decoded
    assert huge.width * huge.height > MAX_IMAGE_PIXELS
    add_picture(tiny, huge, "huge.png", "PNG")
    with pytest.raises(ContentError) as raised:
        load_site(tiny.root)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == (EVENT, 6)
    assert f"more than {MAX_IMAGE_PIXELS:,} pixels" in problem.message


def test_a_picture_cut_short_is_refused_at_its_name(tiny):
    path = add_picture(tiny, photo())
    path.write_bytes(path.read_bytes()[:2_000])
    with pytest.raises(ContentError) as raised:
        load_site(tiny.root)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line, problem.column) == (EVENT, 6, 11)
    assert problem.message.startswith("content/media/harbour.jpg cannot be decoded")


@pytest.mark.browser
def test_a_picture_takes_its_final_size_before_it_loads_so_nothing_shifts(browser, tmp_path):
    project = write_sample_site(tmp_path / "sample")
    out = tmp_path / "_site"
    build(project, out)
    held = []
    with static_server(out) as url:
        for width in (375, 1280):
            # CSP bypassed for wait_for_function's predicates; the pictures' bytes wait until the box is measured
            tab = browser.new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
            tab.route("**/media/**", lambda route: held.append(route))
            tab.add_init_script(
                "window.shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) "
                "window.shifts += e.value; }).observe({type: 'layout-shift', buffered: true});"
            )
            tab.goto(url + f"events/{MAJOR_EVENT}/", wait_until="domcontentloaded")
            tab.wait_for_function("getComputedStyle(document.querySelector('.picture img')).maxWidth === '100%'")
            box = "(() => { const r = document.querySelector('.picture img').getBoundingClientRect(); "
            box += "return [r.width, r.height]; })()"
            waiting = tab.evaluate(box)
            assert held and not tab.evaluate("document.querySelector('.picture img').complete")
            assert waiting[1] == pytest.approx(waiting[0] / 2, abs=1)  # the picture is 1800 × 900
            for route in held:
                route.continue_()
            held.clear()
            tab.wait_for_function("document.querySelector('.picture img').complete")
            tab.wait_for_load_state("load")
            assert tab.evaluate("document.querySelector('.picture img').naturalWidth") > 0
            assert tab.evaluate(box) == pytest.approx(waiting, abs=0.5)
            assert tab.evaluate("window.shifts") == 0
            tab.close()
