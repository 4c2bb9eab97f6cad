"""A seeded generator of synthetic timelines in the project's own content format."""

from __future__ import annotations

import random
import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "minister",
    "agreement",
    "visit",
    "delegation",
    "trade",
    "export",
    "import",
    "cooperation",
    "technology",
    "defense",
    "cyber",
    "investment",
    "company",
    "embassy",
    "talks",
    "summit",
    "statement",
    "economy",
    "research",
    "security",
    "water",
    "energy",
    "health",
    "university",
    "startup",
    "port",
    "airline",
    "tourism",
    "culture",
    "exchange",
    "council",
    "vote",
    "resolution",
    "partnership",
    "program",
    "fund",
    "innovation",
    "industry",
    "market",
    "growth",
    "bilateral",
    "official",
    "meeting",
    "signed",
    "announced",
    "reported",
    "million",
    "billion",
    "percent",
    "first",
    "second",
    "new",
    "joint",
    "strategic",
    "regional",
    "global",
    "annual",
]

SITES = ["www.example.org", "news.example.com", "gov.example.net", "data.example.org", "archive.example.com"]


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _marked_up(rng: random.Random, length: int, citations: int) -> str:
    """One body sentence as a curator writes it: a few words in emphasis, bold or a link, and a claim
    marker naming one of the event's citations."""
    words = [rng.choice(WORDS) for _ in range(length)]
    words[0] = words[0].capitalize()
    # Spans start after the first word, so every sentence still opens with a capital, and never overlap.
    starts = sorted(rng.sample(range(1, length), k=rng.choice((0, 1, 1, 2))), reverse=True)
    end = length
    for start in starts:
        end = min(end, start + rng.randint(1, 3))
        span, kind = " ".join(words[start:end]), rng.random()
        if kind < 0.35:
            span = f"*{span}*"
        elif kind < 0.65:
            span = f"**{span}**"
        else:
            span = f"[{span}](https://{rng.choice(SITES)}/{rng.choice(WORDS)}/{rng.randint(1, 99999)})"
        words[start:end] = [span]
        end = start
    return " ".join(words) + f".[^{rng.randint(1, citations)}]"


def _body(rng: random.Random, words: int, citations: int) -> str:
    """A Markdown body of `words` words or a few more: paragraphs wrapped as an editor wraps them and,
    most often, a bulleted list after the first paragraph; every sentence and list item ends with a
    claim marker."""
    blocks: list[str] = []
    count = 0
    listed = rng.random() < 0.7
    while count < words:
        if listed and len(blocks) == 1:
            bullet, items = rng.choice("-*"), []
            for _ in range(rng.randint(3, 5)):
                length = rng.randint(5, 12)
                items.append(f"{bullet} {_marked_up(rng, length, citations)}")
                count += length
            blocks.append("\n".join(items))
            continue
        sentences = []
        for _ in range(rng.randint(2, 4)):
            length = rng.randint(8, 18)
            sentences.append(_marked_up(rng, length, citations))
            count += length
            if count >= words:
                break
        blocks.append(textwrap.fill(" ".join(sentences), 96, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(blocks)


def generate(root: Path, events: int, seed: int = 1) -> Path:
    """Write a project with `events` events, events/10 sources and ~40 tags under `root`."""
    rng = random.Random(seed)
    # Bodies draw from their own stream, so how they are written never moves the timeline's dates,
    # tags and citations.
    bodies = random.Random(f"{seed} bodies")
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "sources").mkdir(parents=True)
    (content / "events").mkdir(parents=True)
    for folder in ("templates", "static"):
        if not (root / folder).exists():
            shutil.copytree(REPO / folder, root / folder)

    tags = [f"topic-{i:02d}" for i in range(40)]
    site = ["title: Synthetic Timeline", "subtitle: Generated for benchmarks", "tags:"]
    site += [f"  {tag}:\n    label: Topic {tag[-2:]}\n    description: Events about topic {tag[-2:]}." for tag in tags]
    (content / "site.yaml").write_text("\n".join(site) + "\n", encoding="utf-8")

    sources = []
    for number in range(max(1, events // 10)):
        source_id = f"source-{number:05d}"
        sentences = [_sentence(rng, rng.randint(10, 20)) for _ in range(40)]
        (content / "sources" / f"{source_id}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")
        year = rng.randint(1990, 2025)
        (content / "sources" / f"{source_id}.yaml").write_text(
            f"title: Report number {number}\npublisher: Outlet {number % 50}\nauthor: Writer {number % 300}\n"
            f"published: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            f"url: https://news.example.org/{source_id}\narchive: {source_id}.txt\n",
            encoding="utf-8",
        )
        sources.append((source_id, sentences))

    for number in range(events):
        year, month, day = rng.randint(1950, 2025), rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        date = (
            f"{year}"
            if precision < 0.05
            else f"{year}-{month:02d}"
            if precision < 0.2
            else f"{year}-{month:02d}-{day:02d}"
        )
        citations = []
        for source_id, sentences in rng.sample(sources, k=min(len(sources), rng.randint(1, 2))):
            quote = rng.choice(sentences).rstrip(".")
            citations.append(f'  - source: {source_id}\n    quote: "{quote}"')
        body = _body(bodies, bodies.randint(150, 250), len(citations)).replace("\n", "\n  ")
        text = (
            f"title: {_sentence(rng, 6)[:-1]}\ndate: {date}\n"
            f"summary: {_sentence(rng, 20)}\n"
            f"body: |\n  {body}\n"
            f"tags: [{', '.join(rng.sample(tags, k=rng.randint(1, 4)))}]\n"
            f"people: [Person {rng.randint(1, 400)}]\nplaces: [Place {rng.randint(1, 150)}]\n"
            "sources:\n" + "\n".join(citations) + "\n"
        )
        (content / "events" / f"{year}-event-{number:05d}.yaml").write_text(text, encoding="utf-8")
    return root
