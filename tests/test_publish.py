"""Publishing: the built site crawled on a GitHub Pages stand-in, the feed, the sitemap, the workflows."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from lxml import etree

from site_builder.build import build

from conftest import REPO
from linkcheck import parse, parse_html
from pages_host import pages_host
from sample_site import EVENTS, MAJOR_EVENT, TITLE, write_sample_site

PROJECT_PAGE = ("https://example.github.io/some-repo/", "/some-repo/")
CUSTOM_DOMAIN = ("https://timeline.example.org/", "/")


def fetch(origin: str, path: str) -> tuple[int, str, bytes]:
    parts = urlsplit(origin)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type", ""), body


def crawl(origin: str, prefix: str, public: str) -> tuple[set[str], list[str]]:
    """Visit every page and asset reachable from the site root; return what was seen and what broke."""
    seen: set[str] = set()
    problems: list[str] = []
    queue = [prefix]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, content_type, body = fetch(origin, path)
        if status != 200:
            problems.append(f"{path}: status {status}")
            continue
        if not content_type.startswith("text/html"):
            continue
        for link in parse_html(body.decode("utf-8")).links:
            absolute = urljoin(origin + path, link)
            if absolute.startswith(public):  # canonical and og:url point at the public address
                absolute = origin + prefix + absolute[len(public) :]
            target = urlsplit(absolute)
            if f"{target.scheme}://{target.netloc}" != origin:
                continue  # an article on another site
            if not target.path.startswith(prefix):
                problems.append(f"{path}: {link} escapes {prefix}")
                continue
            queue.append(target.path)
    return seen, problems


@pytest.fixture(scope="module", params=[PROJECT_PAGE, CUSTOM_DOMAIN], ids=["project-page", "domain-root"])
def published(request, tmp_path_factory):
    public, prefix = request.param
    project = write_sample_site(tmp_path_factory.mktemp("pages"))
    out = project.root / "_site"
    build(project, out, base_url=public)
    with pages_host(out, prefix) as origin:
        yield out, origin, prefix, public


FILE_SUFFIXES = (".css", ".svg", ".xml", ".js", ".json", ".jpg", ".png", ".webp", ".avif", ".csv", ".ics")


def test_crawl_from_the_root_finds_every_page_and_no_broken_link(published):
    out, origin, prefix, public = published
    seen, problems = crawl(origin, prefix, public)
    assert problems == []
    built = {prefix + p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    built.discard(prefix + "404.html")  # reached only by a miss
    assert built <= seen
    assert any(path.endswith(".css") for path in seen) and any(path.endswith(".svg") for path in seen)


def test_every_page_is_a_folder_with_an_index_and_links_end_in_a_slash(published):
    out, origin, prefix, _ = published
    assert not [p for p in out.rglob("*.html") if p.name not in ("index.html", "404.html")]
    status, _, _ = fetch(origin, prefix + "sources")
    assert status == 301  # a link without the slash would cost a redirect, so none is written
    for page in out.rglob("*.html"):
        for link in parse(page).links:
            path = urlsplit(link).path
            if not urlsplit(link).scheme and path and not path.endswith(("/", *FILE_SUFFIXES)):
                pytest.fail(f"{page}: link {link} neither ends in / nor names a file")


def test_a_deep_missing_path_gets_the_404_page_with_working_links(published):
    _, origin, prefix, _ = published
    status, content_type, body = fetch(origin, prefix + "a/b/c/missing")
    assert status == 404 and content_type.startswith("text/html")
    assert b"Page not found" in body
    page = parse_html(body.decode("utf-8"))
    links = [link for link in page.links if not urlsplit(link).scheme and not link.startswith("#")]
    assert links
    for link in links:
        target = urljoin(origin + prefix + "a/b/c/missing", link)
        assert urlsplit(target).path.startswith(prefix)
        assert fetch(origin, urlsplit(target).path)[0] == 200, link


def test_paths_are_case_sensitive(published):
    _, origin, prefix, _ = published
    assert fetch(origin, prefix + "Sources/")[0] == 404


def test_sitemap_is_valid_and_lists_every_page(published):
    out, origin, prefix, public = published
    schema = etree.XMLSchema(etree.parse(str(REPO / "tests/schemas/sitemap-0.9.xsd")))
    sitemap = etree.parse(str(out / "sitemap.xml"))
    schema.assertValid(sitemap)
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = [p for p in out.rglob("index.html")]
    assert len(locs) == len(pages)
    for loc in locs:
        assert loc.startswith(public)
        assert fetch(origin, prefix + loc[len(public) :])[0] == 200


def test_robots_txt_points_to_the_sitemap(published):
    out, _, _, public = published
    assert f"Sitemap: {public}sitemap.xml" in (out / "robots.txt").read_text().splitlines()


def test_feed_is_valid_atom_with_an_entry_per_event(published):
    out, _, _, public = published
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == len(EVENTS)  # fewer than a feed's fifty
    newest = list(EVENTS)[-1]
    assert feed.entries[0].id == f"{public}events/{newest}/"
    assert all(entry.link.startswith(public) for entry in feed.entries)


def test_feed_ids_and_bytes_are_stable_across_builds(tmp_path):
    project = write_sample_site(tmp_path / "sample")
    first, second = tmp_path / "one", tmp_path / "two"
    build(project, first, base_url=PROJECT_PAGE[0])
    build(project, second, base_url=PROJECT_PAGE[0])
    assert (first / "feed.xml").read_bytes() == (second / "feed.xml").read_bytes()
    assert (first / "sitemap.xml").read_bytes() == (second / "sitemap.xml").read_bytes()


def test_absolute_urls_appear_only_where_a_standard_or_a_citation_needs_them(published):
    out, _, _, public = published
    page_url = f"{public}events/{MAJOR_EVENT}/"
    html = (out / f"events/{MAJOR_EVENT}/index.html").read_text()
    places = [
        f'<link rel="canonical" href="{page_url}">',
        f'<meta property="og:url" content="{page_url}">',
        f'"url":"{page_url}"',  # JSON-LD
        f"In <cite>{TITLE}</cite>, {page_url}.",  # the line a reader copies to cite the event
    ]
    for place in places:
        assert html.count(place) == 1, place
    images = ['<meta property="og:image" content="', '<meta name="twitter:image" content="', '"image":"']
    for place in images:
        assert html.count(place + public) == 1, place  # what a shared link or a search result shows
    assert html.count(public) == len(places) + len(images)
    assert public not in (out / "index.html").read_text().replace(f'"{public}"', "").split("</head>")[1]


def test_without_a_base_url_absolute_urls_are_left_out_with_one_warning(tiny):
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "build"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "base URL" in line]
    assert warnings == [
        "warning: no base URL: canonical links, the feed and the sitemap are left out "
        "(pass --base-url, set SITE_BASE_URL, or add base_url to content/site.yaml)"
    ]
    out = tiny.root / "_site"
    assert not (out / "feed.xml").exists() and not (out / "sitemap.xml").exists()
    assert "Sitemap:" not in (out / "robots.txt").read_text()
    assert "canonical" not in (out / "index.html").read_text()


@pytest.mark.parametrize(
    ("flag", "env", "site_yaml", "expected"),
    [
        ("https://flag.example/", "https://env.example/", "https://yaml.example/", "https://flag.example/"),
        (None, "https://env.example/", "https://yaml.example/", "https://env.example/"),
        (None, None, "https://yaml.example/", "https://yaml.example/"),
    ],
)
def test_base_url_comes_from_the_flag_then_the_environment_then_site_yaml(tiny, flag, env, site_yaml, expected):
    tiny.write("content/site.yaml", (tiny.root / "content/site.yaml").read_text() + f"base_url: {site_yaml}\n")
    command = [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "build"]
    environment = {"PATH": "/usr/bin:/bin", **({"SITE_BASE_URL": env} if env else {})}
    result = subprocess.run(
        command + (["--base-url", flag] if flag else []), capture_output=True, text=True, env=environment
    )
    assert result.returncode == 0, result.stderr
    assert f'<link rel="canonical" href="{expected}">' in (tiny.root / "_site/index.html").read_text()


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is installed with the test extras"
    workflows = sorted(str(p) for p in (REPO / ".github/workflows").glob("*.yml"))
    result = subprocess.run([actionlint, "-no-color", *workflows], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_builds_with_the_configured_base_url_and_deploys_separately():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}  # each job asks for its own
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses") for step in build_steps if "uses" in step]
    assert uses == [
        "actions/checkout@v6",
        "actions/setup-python@v6",
        "actions/cache@v5",  # the build cache, restored and saved across runs
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
    ]
    build_step = next(step for step in build_steps if step.get("name") == "Build")
    assert build_step["env"]["SITE_BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert any(step.get("run") == "make test" for step in build_steps)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}  # the right to deploy, only here
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@v5"


def test_pull_requests_run_the_tests():
    workflow = yaml.safe_load((REPO / ".github/workflows/test.yml").read_text())
    assert "pull_request" in workflow[True]
    assert any(step.get("run") == "make test" for step in workflow["jobs"]["test"]["steps"])
