"""An event is its file's name as well as its bytes: a copied or renamed file is an event of its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

from lxml import html

from site_builder.build import build
from site_builder.serve.server import LiveSite

from conftest import TinySite

ORIGINAL = "2014-11-03-meeting"
COPY = "2014-11-03-meeting-again"  # the usual start of a new event: a copy of an old one, not yet edited


def copy_event(tiny: TinySite, slug: str = COPY) -> Path:
    return Path(shutil.copy(tiny.root / f"content/events/{ORIGINAL}.yaml", tiny.root / f"content/events/{slug}.yaml"))


def links(site: Path, page: str, section: str) -> list[str]:
    """Every link on a page to a page of a section (`events/<slug>/`), site-relative, in page order."""
    base = "https://site.example/"
    document = html.fromstring((site / page).read_bytes())
    urls = (urljoin(base + page, href).removeprefix(base) for href in document.xpath("//a/@href"))
    return [url for url in urls if re.fullmatch(rf"{section}/[^/#?]+/", url)]


def assert_published_events(site: Path, *slugs: str) -> None:
    """The home page links to exactly these events, each once, and each has its page."""
    assert sorted(links(site, "index.html", "events")) == sorted(f"events/{slug}/" for slug in slugs)
    for slug in slugs:
        assert (site / f"events/{slug}/index.html").is_file(), slug


def test_a_copied_event_file_gets_its_own_card_and_page(tiny):
    copy_event(tiny)
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    assert_published_events(out, ORIGINAL, COPY)


def test_a_copied_event_file_gets_its_own_card_and_page_in_a_warm_build(tiny):
    out, cache = tiny.root / "_site", tiny.root / ".cache"
    build(tiny.project, out, jobs=1, cache_dir=cache)
    copy_event(tiny)
    build(tiny.project, out, jobs=1, cache_dir=cache)
    assert_published_events(out, ORIGINAL, COPY)


def test_a_copied_event_file_gets_its_own_card_and_page_while_serving(tiny):
    out = tiny.root / "_site"
    live = LiveSite(tiny.project, out, log=lambda line: None)
    live.first_build()
    assert live.rebuild({copy_event(tiny)}), live.problems
    assert_published_events(out, ORIGINAL, COPY)


def test_a_renamed_event_file_is_linked_at_its_new_page_in_a_warm_build(tiny):
    out, cache = tiny.root / "_site", tiny.root / ".cache"
    build(tiny.project, out, jobs=1, cache_dir=cache)
    copy_event(tiny, "2014-11-03-renamed")
    (tiny.root / f"content/events/{ORIGINAL}.yaml").unlink()
    build(tiny.project, out, jobs=1, cache_dir=cache)
    assert_published_events(out, "2014-11-03-renamed")
    assert not (out / f"events/{ORIGINAL}").exists()


def test_a_renamed_event_file_is_linked_at_its_new_page_while_serving(tiny):
    out = tiny.root / "_site"
    live = LiveSite(tiny.project, out, log=lambda line: None)
    live.first_build()
    renamed = copy_event(tiny, "2014-11-03-renamed")
    original = tiny.root / f"content/events/{ORIGINAL}.yaml"
    original.unlink()
    assert live.rebuild({renamed, original})
    assert_published_events(out, "2014-11-03-renamed")
    assert not (out / f"events/{ORIGINAL}").exists()


def test_a_copied_source_file_gets_its_own_entry_and_page_while_serving(tiny):
    out = tiny.root / "_site"
    live = LiveSite(tiny.project, out, log=lambda line: None)
    live.first_build()
    copy = Path(shutil.copy(tiny.root / "content/sources/daily.yaml", tiny.root / "content/sources/daily-again.yaml"))
    assert live.rebuild({copy})
    assert sorted(links(out, "sources/index.html", "sources")) == ["sources/daily-again/", "sources/daily/"]
    assert (out / "sources/daily-again/index.html").is_file()
