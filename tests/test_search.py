"""Search finds what a reader remembers: every word of an event and its sources, folded for case,
accents and punctuation, at word starts; the filter form folds away on phones."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.build import build
from site_builder.loading.content import load_site
from site_builder.site.search import APOSTROPHE_LETTERS, SEPARATORS, fold, search_text

from browser import static_server
from conftest import REPO, TinySite

TIMELINE_JS = REPO / "static/timeline.js"

# Inputs where a careless fold goes wrong: apostrophes of every kind, accents, ligatures, dashes,
# dots inside words, special lowercasing, other scripts, invisible characters.
TRICKY = [
    "Sa’ar",
    "Sa'ar",
    "SA‘AR",
    "Saʼar",
    "Saʿar ʻOkina",
    "Gideon Sa’ar’s visit",
    "Élodie Brun",
    "naïve café",
    "Ça va? Oui!",
    "Israel–Japan",
    "Tel-Aviv/Yafo",
    "U.S.-Japan ties.",
    "a--b",
    "straße",
    "ΟΔΟΣ ΟΔΟΣ",
    "İstanbul",
    "snake_case",
    "10,000 people",
    "3.5%",
    "“trade pact” — the first",
    "'quoted' and \"double\"",
    "fund UN",
    "a\u00a0b",
    "x\u2002y",
    "a\u200bb",
    "a\ufeffb",
    "ﬁnance ﬀ ½",
    "ＴＯＫＹＯ",
    "Æsir Øresund Œuvre",
    "Hà Nội, Đà Nẵng",
    "ǄEMAL",
    "Ⅻ ²³",
    "rock’n’roll",
    "דוד בן־גוריון",
    "日本と イスラエル",
    "#hashtag @handle",
    "  lead  trail  ",
    "...",
    "—",
    "",
]


def test_fold_drops_case_accents_and_the_punctuation_inside_words():
    assert fold("Sa’ar") == fold("Sa'ar") == fold("SA‘AR") == fold("Saʼar") == fold("Saʿar") == fold("Saar") == "saar"
    assert fold("Élodie Brun, naïve café") == "elodie brun naive cafe"
    assert fold("U.S. envoy’s 10,000-strong visit.") == "us envoys 10000 strong visit"
    assert fold("straße ΟΔΟΣ İstanbul") == "strasse οδοσ istanbul"


def test_fold_parts_words_at_spaces_dashes_and_slashes():
    assert fold("Israel–Japan talks — Tel-Aviv/Yafo") == "israel japan talks tel aviv yafo"
    assert fold("“trade pact” (first)") == "trade pact first"


@given(st.lists(st.text(max_size=12), max_size=6))
def test_folding_space_parted_pieces_one_by_one_is_folding_the_whole(pieces):
    assert " ".join(filter(None, map(fold, pieces))) == fold(" ".join(pieces))


def test_the_character_classes_are_the_same_text_in_python_and_javascript():
    script = TIMELINE_JS.read_text(encoding="utf-8")
    assert f"SEPARATORS = String.raw`{SEPARATORS}`" in script
    assert f"APOSTROPHE_LETTERS = String.raw`{APOSTROPHE_LETTERS}`" in script


def random_texts(count: int) -> list[str]:
    """Texts drawn, the same each run, from the characters a fold treats specially, and from anywhere
    (but characters newer than Python's Unicode tables, which a browser may know better)."""
    special = "aZ9 '’‘ʼʿ.,-–—/_·&ß ς Σ İ é e\u0301 ﬁ ½ Ａ ² א ־ 日 \u00a0\u2009\u200b\ufeff\t\n"
    anywhere = [char for char in map(chr, range(0x20, 0x3000)) if unicodedata.category(char) != "Cn"]
    draw = random.Random(12)
    return ["".join(draw.choice(special if draw.random() < 0.8 else anywhere) for _ in range(12)) for _ in range(count)]


def fold_in_node(texts: list[str]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("node not found: the fold agreement test runs timeline.js in it")
        pytest.skip("node not found")
    # timeline.js stops at once on a page without the filter form, leaving its fold function behind.
    script = (
        "const vm = require('vm'), fs = require('fs');"
        "const source = fs.readFileSync(process.argv[1], 'utf8') + '\\n;foldSearchText';"
        "const fold = vm.runInNewContext(source, {document: {getElementById: () => null}, window: {}});"
        "console.log(JSON.stringify(JSON.parse(fs.readFileSync(0, 'utf8')).map(fold)));"
    )
    result = subprocess.run(
        [node, "-e", script, str(TIMELINE_JS)], input=json.dumps(texts), capture_output=True, text=True, timeout=20
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_python_and_javascript_fold_alike_in_node():
    texts = TRICKY + random_texts(2000)
    assert fold_in_node(texts) == [fold(text) for text in texts]


@pytest.mark.browser
def test_python_and_javascript_fold_alike_in_chromium(browser):
    page = browser.new_page()
    page.add_script_tag(content=TIMELINE_JS.read_text(encoding="utf-8"))
    texts = TRICKY + random_texts(2000)
    folded = page.evaluate("texts => texts.map(foldSearchText)", texts)
    page.close()
    assert folded == [fold(text) for text in texts]


# A tiny timeline: four events over four years, each findable by something only it has.
LEDGER_SOURCE = """\
title: Envoys weigh a shipping levy
publisher: The Harbour Ledger
author: Mira Quell
published: 2011-03-01
archive: ledger.txt
"""
LEDGER_ARCHIVE = "The envoys spoke about shipping for an hour. Nobody mentioned kelp.\n"
GUESSED_SOURCE = """\
title: Notes from the quay
publisher: Quayside Bulletin
inferred: [publisher]
published: 2012-05-02
archive: guessed.txt
"""
GUESSED_ARCHIVE = "A new fund for the port was set up on Wednesday.\n"
KELP_EVENT = """\
title: Envoys discuss shipping
date: 2011-03-01
summary: The envoys met for an hour.
tags: [diplomacy]
places: [Port Vell]
sources:
  - source: ledger
    quote: "Nobody mentioned kelp."
"""
FUND_EVENT = """\
title: A fund for the port
date: 2012-05-02
summary: A fund was set up.
tags: [trade]
people: [Ōtsuka Rin]
sources:
  - source: guessed
    quote: "A new fund for the port was set up"
"""
SAAR_EVENT = """\
title: Gideon Sa’ar meets UN envoys
date: 2013-07-04
summary: Talks in Geneva.
body: |
  Sa’ar met [the envoys](https://example.org/wharfside-report) in *Geneva*.[^1]
tags: [diplomacy]
sources:
  - source: ledger
    quote: "The envoys spoke about shipping for an hour."
"""
KELP, FUND, SAAR, MEETING = "2011-03-01-kelp", "2012-05-02-fund", "2013-07-04-saar", "2014-11-03-meeting"


def write_search_site(root: Path) -> TinySite:
    site = TinySite(root)
    site.write("content/sources/ledger.yaml", LEDGER_SOURCE)
    site.write("content/sources/ledger.txt", LEDGER_ARCHIVE)
    site.write("content/sources/guessed.yaml", GUESSED_SOURCE)
    site.write("content/sources/guessed.txt", GUESSED_ARCHIVE)
    site.event(KELP, KELP_EVENT)
    site.event(FUND, FUND_EVENT)
    site.event(SAAR, SAAR_EVENT)
    return site


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> TinySite:
    return write_search_site(tmp_path_factory.mktemp("search"))


@pytest.fixture(scope="module")
def indexed(search_site) -> dict[str, set[str]]:
    """Each event's indexed words, by slug."""
    return {event.slug: set(search_text(event).split()) for event in load_site(search_site.root).events}


def test_the_index_holds_the_publisher_title_and_author_of_every_cited_article(indexed):
    assert {"harbour", "ledger", "weigh", "levy", "mira", "quell"} <= indexed[KELP]


def test_an_inferred_publisher_is_indexed_as_the_page_shows_it(indexed):
    assert {"probably", "quayside", "bulletin"} <= indexed[FUND]


def test_the_index_holds_the_words_of_every_quote(indexed):
    assert "kelp" in indexed[KELP] and "wednesday" not in indexed[FUND]  # the quote, not the whole article
    assert "nobody" in indexed[KELP]


def test_the_index_holds_the_body_without_claim_markers_or_link_addresses(indexed):
    assert {"saar", "geneva", "envoys"} <= indexed[SAAR]
    assert not {"1", "example", "wharfside", "https"} & indexed[SAAR]


def test_the_index_holds_people_places_and_topics_folded(indexed):
    assert {"otsuka", "rin", "trade"} <= indexed[FUND]
    assert {"port", "vell", "diplomacy"} <= indexed[KELP]


def test_a_word_that_starts_another_is_left_out_for_the_longer_one(indexed):
    assert "envoys" in indexed[SAAR] and "envoy" not in indexed[SAAR]
    assert "un" in indexed[SAAR]  # nothing else of the event starts with it
    assert "fund" in indexed[FUND] and "un" not in indexed[FUND]


def test_each_timeline_index_lists_the_folded_words_of_its_events(search_site, tmp_path):
    build(search_site.project, tmp_path / "_site")
    index = json.loads((tmp_path / "_site/events.json").read_text(encoding="utf-8"))
    by_slug = {entry["slug"]: entry for entry in index["events"]}
    assert by_slug.keys() == {KELP, FUND, SAAR, MEETING}
    assert "saar" in by_slug[SAAR]["text"].split() and "kelp" in by_slug[KELP]["text"].split()
    assert by_slug[FUND]["tags"] == ["trade"] and by_slug[FUND]["start"] == by_slug[FUND]["end"] == 2012


# In Chromium.


@pytest.fixture(scope="module")
def site_url(search_site):
    out = search_site.root / "_site"
    build(search_site.project, out)
    with static_server(out) as url:
        yield url


def shown(page, item: str = ".event") -> list[str]:
    """The ids of the events the reader sees listed."""
    return page.eval_on_selector_all(item, "items => items.filter(i => i.checkVisibility()).map(i => i.id)")


def wait_until_shown(page, count: int) -> None:
    page.wait_for_function(
        "count => [...document.querySelectorAll('.event')].filter(e => e.checkVisibility()).length === count", arg=count
    )


def search(page, words: str) -> list[str]:
    """Type into the search box, opening the fold if need be; the events then shown."""
    if not page.evaluate("document.getElementById('filter-fold').open"):
        page.click("#filter-fold summary")
    page.wait_for_selector("#filters[data-ready]")  # the search index is in
    page.fill("#filter-q", words)
    return shown(page)


@pytest.mark.browser
def test_search_finds_an_event_by_the_publisher_of_an_article_it_cites(page, site_url):
    page.goto(site_url)
    assert search(page, "Harbour Ledger") == [KELP, SAAR]


@pytest.mark.browser
def test_search_finds_an_event_by_a_word_only_its_quote_holds(page, site_url):
    page.goto(site_url)
    assert search(page, "kelp") == [KELP]


@pytest.mark.browser
@pytest.mark.parametrize("words", ["Saar", "sa'ar", "SA’AR", "gideon saa"])
def test_search_finds_saar_however_the_apostrophe_is_typed(page, site_url, words):
    page.goto(site_url)
    assert search(page, words) == [SAAR]


@pytest.mark.browser
def test_search_matches_at_word_starts_only(page, site_url):
    page.goto(site_url)
    assert search(page, "un") == [SAAR]  # "UN", not "fund"
    assert search(page, "und") == []


@pytest.mark.browser
def test_every_word_of_a_search_must_match(page, site_url):
    page.goto(site_url)
    assert search(page, "envoys kelp") == [KELP]


def said_on_screen(page, pattern: str) -> list[str]:
    """The texts of the headings and paragraphs a sighted reader sees that match `pattern`."""
    return page.evaluate(
        """pattern => [...document.querySelectorAll('main p, main h1, main h2')]
            .filter(e => new RegExp(pattern).test(e.textContent) && e.checkVisibility()
                         && e.getBoundingClientRect().width > 1)
            .map(e => e.textContent.trim())""",
        pattern,
    )


@pytest.mark.browser
def test_the_compact_view_searches_the_same_way(page, site_url):
    page.goto(site_url + "events/?q=harbour")
    page.wait_for_selector("#filters[data-ready]")
    assert shown(page, "li[id]") == [KELP, SAAR]
    assert page.inner_text("main h1") == "“harbour” · 2 of 4 events"


@pytest.mark.browser
def test_a_filtered_view_says_so_in_the_heading_and_the_page_title_once(page, site_url):
    page.goto(site_url + "?tag=trade")
    page.wait_for_selector("#filters[data-ready]")
    assert page.inner_text("main h1") == "Trade · 2 of 4 events"
    assert page.title() == "Trade · 2 of 4 events · Test Timeline"
    assert shown(page) == [FUND, MEETING]
    assert said_on_screen(page, r"\b4 events") == ["Trade · 2 of 4 events"]
    search(page, "port")
    assert page.inner_text("main h1") == "Trade · “port” · 1 of 4 events"
    page.click("#filter-clear")
    page.wait_for_function("() => !document.querySelector('main h1').textContent.includes(' of ')")
    assert page.title() == "Test Timeline"


@pytest.mark.browser
def test_the_form_is_folded_until_opened_and_open_when_the_url_holds_a_filter(page, site_url):
    page.goto(site_url)
    assert page.is_visible("#filter-fold summary") and not page.is_visible("#filter-q")
    page.goto(site_url + "?q=kelp")
    assert page.is_visible("#filter-q") and page.input_value("#filter-q") == "kelp"
    page.wait_for_selector("#filters[data-ready]")
    assert shown(page) == [KELP]


@pytest.mark.browser
def test_the_search_index_loads_only_when_the_reader_reaches_for_the_form(page, site_url):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith(".json") else None)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.click("#filter-fold summary")
    page.wait_for_load_state("networkidle")
    assert fetched == [site_url + "events.json"]


@pytest.mark.browser
def test_the_back_button_restores_the_previous_search(page, site_url):
    page.goto(site_url)
    search(page, "kelp")
    page.keyboard.press("Tab")  # leaving the box ends a burst of typing: the next one is a new history entry
    search(page, "saar")
    page.go_back()
    page.wait_for_function("() => document.getElementById('filter-q').value === 'kelp'")
    assert shown(page) == [KELP]


@pytest.mark.browser
def test_the_keyboard_opens_the_form_searches_and_folds_it_away(page, site_url):
    page.goto(site_url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#filter-fold summary')"):
            break
    else:
        pytest.fail("Tab never reached the search control")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-q"
    page.keyboard.type("kelp")
    wait_until_shown(page, 1)
    page.keyboard.press("Escape")  # clears the box first
    wait_until_shown(page, 4)
    page.keyboard.press("Escape")  # then folds the form, back onto its control
    assert not page.evaluate("document.getElementById('filter-fold').open")
    assert page.evaluate("document.activeElement.matches('#filter-fold summary')")


@pytest.mark.browser
def test_a_phone_shows_the_first_event_on_its_first_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site_url)
    first_title = page.locator(".event .event-title").first.bounding_box()
    context.close()
    assert first_title is not None and first_title["y"] + first_title["height"] <= 800


@pytest.mark.browser
def test_without_javascript_the_form_is_hidden_and_its_choices_are_links(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    assert not page.is_visible("#filter-fold")
    assert page.locator(".event:visible").count() == 4
    topics = page.eval_on_selector_all("input[name=tag]", "boxes => boxes.map(box => box.value)")
    years = page.eval_on_selector_all("#filter-from option", "options => options.map(option => option.value)")
    linked = page.eval_on_selector_all(
        "main a[href]", "links => links.filter(link => link.checkVisibility()).map(link => link.getAttribute('href'))"
    )
    context.close()
    assert topics and years
    assert [topic for topic in topics if not any(href.endswith(f"tags/{topic}/") for href in linked)] == []
    year_link = re.compile(r"(#year-|#y|years/)(\d+)/?$")
    assert set(years) <= {match[2] for href in linked if (match := year_link.search(href))}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("view", ["folded", "filtered"])
def test_the_filters_fit_the_screen(browser, site_url, view, width, scheme):
    shots = os.environ.get("SEARCH_SHOTS")  # a folder to keep screenshots in, to look at
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    if view == "filtered":
        page.goto(site_url + "?tag=diplomacy&q=envoys")
        page.wait_for_selector("#filters[data-ready]")
    else:
        page.goto(site_url)
    if shots:
        page.screenshot(path=f"{shots}/search-{view}-{width}-{scheme}.png")
    width_used = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width_used <= width
