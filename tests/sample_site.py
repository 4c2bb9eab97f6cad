"""A synthetic site richer than the tiny one, built with the project's templates and styles.

Two harbour towns over five years and one remembered date: four topics, three archived articles
(one without a web address, one with an archived copy, one with an inferred publisher and date, one
with an inferred author), twelve events with people and places, a date range that crosses a year,
a circa date and an approximate end, dates inferred from the article and dated from other reports,
major and minor events, two-source citations, Markdown bodies whose claims name their quotes, a
discrepancy, a correction, curator's and private notes, and a picture. The browser, validity and
publishing tests read this instead of content/, so a curator's edit never breaks them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from site_builder.project import Project

REPO = Path(__file__).resolve().parent.parent

TITLE = "Two Harbours"
MAJOR_EVENT = "2019-03-02-ferry-returns"  # two quotes, people, places, a Markdown list
FERRY_SOURCE = "courier-2019-03-02-ferry"
FERRY_PUBLISHER = "The Northport Courier"
INFERRED_DATE_EVENT = "2021-06-07-ferry-crews-strike"  # its day worked out from the article's "on Monday"
INFERRED_SOURCE = "gazette-2021-06-ferry-strike"  # its publisher and date inferred
# Private notes, which no output file may hold; in plain words, so no escaping could hide them from a search.
PRIVATE_NOTES = (
    "The last line of the archived Courier text is an advertisement.",
    "Ask the radio station for the running order of the bulletin before adding more from it.",
    "Check whether the storm also stopped the ferry that week.",
)

SITE_YAML = """\
title: Two Harbours
subtitle: Northport and Southvale, event by event, as their papers reported it
description: >-
  A sample timeline of two harbour towns, their ferry, their markets and their festival,
  each entry tied to a quoted article.
language: en
tags:
  ferry:
    label: Ferry
    description: The ferry between the two harbours, its boats, timetables and fares.
  market:
    label: Market
    description: Trade at the fish and produce markets.
  festival:
    label: Festival
    description: The lantern festival that both towns share.
  council:
    label: Council
    description: Decisions of the joint harbour council.
"""

SOURCES = {
    "courier-2019-03-02-ferry": (
        """\
        title: The ferry returns to the harbour
        publisher: The Northport Courier
        author: Ines Varga
        inferred: [author]
        published: 2019-03-02
        url: https://courier.example/2019/03/02/ferry-returns
        archived_url: https://web.archive.org/web/20190302120000/https://courier.example/2019/03/02/ferry-returns
        archive: courier-2019-03-02-ferry.txt
        note: The archived page has lost its byline; Ines Varga wrote the Courier's harbour reports that spring.
        private_note: The last line of the archived Courier text is an advertisement.
        """,
        """\
        The Northport Courier

        The ferry returns to the harbour

        The old ferry Marguerite made her first crossing in six years on Saturday, carrying 212
        passengers from Northport to Southvale. Mayor Ada Moreno cut a ribbon on the quay before the
        boat left. The harbour council voted last month to run the ferry twice a day from April.

        Fish traders from the Old Mill market said the crossing would let them sell in Southvale
        before noon. The lantern festival, first held around 1990, will this year be lit on both
        quays at once. Council chair Kenji Ito said the fares would stay at two crowns until the end
        of 2020.

        Subscribe to the Courier for a year and get a free umbrella.
        """,
    ),
    "gazette-2021-06-ferry-strike": (
        """\
        title: Ferry crews strike as council debates a new boat
        publisher: Southvale Gazette
        published: 2021-06
        inferred: [publisher, published]
        archive: gazette-2021-06-ferry-strike.txt
        note: The text is from a printed clipping without its masthead; the typeface is the Gazette's.
        date_note: The clipping bears no date; the strike it reports began in June 2021.
        """,
        """\
        Ferry crews strike as council debates a new boat

        Crews of the Marguerite stopped work on Monday, the first strike on the crossing since it
        reopened. The union's spokeswoman, Élodie Brun, said the crew had not been paid for overtime
        since the winter. The harbour council met in Southvale on Thursday and agreed to buy a
        second, larger boat. Council chair Kenji Ito promised that the new boat would be named by a
        vote of schoolchildren.

        The produce market in Southvale reported its busiest spring on record, with stalls from both
        towns.
        """,
    ),
    "bulletin-2023-09-12-festival": (
        """\
        title: Evening bulletin
        publisher: Harbour Radio
        author: Tomás Ortiz
        published: 2023-09-12
        url: https://radio.example/bulletins/2023-09-12
        archive: bulletin-2023-09-12-festival.txt
        private_note: Ask the radio station for the running order of the bulletin before adding more from it.
        """,
        """\
        Harbour Radio, evening bulletin, 12 September 2023

        Good evening. Tonight the lantern festival returns to both quays for the first time since
        2020, when it was called off because of the storm. The new ferry, named Little Heron by the
        schoolchildren's vote, entered service in May 2022. Market traders say the second boat
        doubled the number of stalls from Northport. Mayor Ada Moreno will light the first lantern
        at eight o'clock.
        """,
    ),
}

EVENTS = {  # in timeline order: a year before its months, a shorter span before a longer one
    "1990-first-lantern-festival": """\
        title: The first lantern festival
        date: 1990
        circa: true
        summary: The towns light lanterns on the water for the first time, a custom kept ever since.
        date_note: The Courier says only that the festival was "first held around 1990".
        tags: [festival]
        places: [Northport]
        sources:
          - source: courier-2019-03-02-ferry
            quote: "The lantern festival, first held around 1990"
        """,
    "2019-02-council-votes-to-restore-the-ferry": """\
        title: Council votes to restore the ferry
        date: 2019-02
        summary: The harbour council, pressed by Mayor Moreno, votes to run the ferry twice a day.
        tags: [council, ferry]
        people: [Kenji Ito]
        sources:
          - source: courier-2019-03-02-ferry
            quote: "The harbour council voted last month to run the ferry twice a day from April."
        """,
    "2019-03-02-ferry-returns": """\
        title: The ferry Marguerite returns to service
        date: 2019-03-02
        importance: major
        summary: After six years the Marguerite crosses again, carrying 212 passengers to Southvale.
        body: |
          The first crossing in six years was *full*:[^1]

          - 212 passengers made the trip;[^1]
          - the mayor opened the route from the quay.[^2]

          The boat left Northport for Southvale after the ribbon was cut.[^1][^2]
        note: Harbour Radio's archive holds no report of the crossing, so the Courier is the only source.
        images:
          - file: marguerite-at-the-quay.jpg
            alt: The ferry Marguerite, white with a red funnel, at the quay under an evening sky.
            credit: Drawn for the sample timeline
            license: CC0 1.0
            caption: The Marguerite at the Northport quay before her first crossing.
        tags: [ferry]
        people: [Ada Moreno]
        places: [Northport, Southvale]
        sources:
          - source: courier-2019-03-02-ferry
            quote: "The old ferry Marguerite made her first crossing in six years on Saturday,
              carrying 212 passengers from Northport to Southvale."
            discrepancy: 212 passengers here; the harbour master's log records 208.
          - source: courier-2019-03-02-ferry
            quote: "Mayor Ada Moreno cut a ribbon on the quay before the boat left."
        corrections:
          - date: 2019-03-09
            text: The summary gave 221 passengers; the Courier says 212.
          - date: 2019-03-16
            text: The body named the council chair as the one who cut the ribbon; it was the mayor.
        """,
    "2019-04-fish-traders-cross-the-water": """\
        title: Fish traders start selling across the water
        date: 2019-04
        importance: minor
        summary: Traders from the Old Mill market take the morning ferry to sell in Southvale.
        tags: [market, ferry]
        places: [Old Mill, Southvale]
        sources:
          - source: courier-2019-03-02-ferry
            quote: "Fish traders from the Old Mill market said the crossing would let them sell
              in Southvale before noon."
        """,
    "2019-04-fares-held-at-two-crowns": """\
        title: Ferry fares held at two crowns
        date: 2019-04
        end: 2020-12
        summary: The council keeps the fare at two crowns for the first two years of the new service.
        tags: [ferry, council]
        people: [Kenji Ito]
        sources:
          - source: courier-2019-03-02-ferry
            quote: "Council chair Kenji Ito said the fares would stay at two crowns until the end of 2020."
        """,
    "2020-storm-cancels-the-festival": """\
        title: A storm cancels the lantern festival
        date: 2020
        summary: For the only time in its history the festival is called off.
        private_note: Check whether the storm also stopped the ferry that week.
        tags: [festival]
        sources:
          - source: bulletin-2023-09-12-festival
            quote: "when it was called off because of the storm"
        """,
    "2021-03-southvale-market-busiest-spring": """\
        title: Southvale's market has its busiest spring
        date: 2021-03
        end: 2021-05
        end_circa: true
        summary: Stalls from both towns fill the produce market.
        tags: [market]
        places: [Southvale]
        sources:
          - source: gazette-2021-06-ferry-strike
            quote: "The produce market in Southvale reported its busiest spring on record, with stalls from both towns."
        """,
    "2021-06-07-ferry-crews-strike": """\
        title: Ferry crews strike
        date: 2021-06-07
        date_from: inference
        date_note: The Gazette says "on Monday"; the clipping's June 2021 issue puts that on the 7th.
        summary: The Marguerite's crew stop work over unpaid overtime.
        body: The union says overtime has gone **unpaid since the winter**.[^2]
        tags: [ferry]
        people: [Élodie Brun]
        sources:
          - source: gazette-2021-06-ferry-strike
            quote: "Crews of the Marguerite stopped work on Monday, the first strike on the crossing since it reopened."
          - source: gazette-2021-06-ferry-strike
            quote: "The union's spokeswoman, Élodie Brun, said the crew had not been paid for
              overtime since the winter."
        """,
    "2021-06-10-council-buys-a-second-boat": """\
        title: Council agrees to buy a second boat
        date: 2021-06-10
        date_from: inference
        date_note: The Gazette says "on Thursday", the Thursday after the strike began.
        summary: Meeting in Southvale, the council agrees to buy a larger ferry.
        tags: [council, ferry]
        people: [Kenji Ito]
        places: [Southvale]
        sources:
          - source: gazette-2021-06-ferry-strike
            quote: "The harbour council met in Southvale on Thursday and agreed to buy a second, larger boat."
        """,
    "2022-second-boat-doubles-northport-stalls": """\
        title: The second boat doubles Northport's stalls
        date: 2022
        date_from: other-reports
        date_note: The bulletin gives no year; the Northport market's 2022 report counts the stalls.
        importance: minor
        summary: With two boats crossing, twice as many Northport traders sell in Southvale.
        tags: [market]
        places: [Northport]
        sources:
          - source: bulletin-2023-09-12-festival
            quote: "Market traders say the second boat doubled the number of stalls from Northport."
        """,
    "2022-05-little-heron-enters-service": """\
        title: Little Heron enters service
        date: 2022-05
        importance: major
        summary: The second ferry, named by a vote of schoolchildren, starts crossing.
        body: |
          The name was chosen as the council had [promised](https://radio.example/bulletins/2023-09-12).[^1][^2]
        note: The bulletin does not say which schools took part in the vote.
        tags: [ferry]
        people: [Kenji Ito]
        sources:
          - source: gazette-2021-06-ferry-strike
            quote: "Council chair Kenji Ito promised that the new boat would be named by a vote of schoolchildren."
          - source: bulletin-2023-09-12-festival
            quote: "The new ferry, named Little Heron by the schoolchildren's vote, entered service in May 2022."
        """,
    "2023-09-12-lantern-festival-returns": """\
        title: The lantern festival returns to both quays
        date: 2023-09-12
        importance: major
        summary: Mayor Ada Moreno lights the first lantern as the festival returns after the storm.
        tags: [festival]
        people: [Ada Moreno]
        places: [Northport, Southvale]
        sources:
          - source: bulletin-2023-09-12-festival
            quote: "Tonight the lantern festival returns to both quays for the first time since 2020"
          - source: bulletin-2023-09-12-festival
            quote: "Mayor Ada Moreno will light the first lantern at eight o'clock."
        """,
}


PICTURE = "marguerite-at-the-quay.jpg"  # shown by MAJOR_EVENT; drawn by draw_picture, so no photograph is needed


def draw_picture(path: Path) -> None:
    """The ferry at the quay under an evening sky, 1800 × 900: large enough for every published size, and
    wide rather than tall, so the event page's first claim still shows on a desktop's first screen."""
    from PIL import Image, ImageDraw

    width, height, horizon = 1800, 900, 560
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(horizon):  # the sky, from dusk blue to a warm glow at the horizon
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(round(40 + 200 * t), round(60 + 110 * t), round(120 - 20 * t)))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(round(30 + 20 * t), round(70 + 30 * t), round(110 + 20 * t)))
    draw.ellipse((1240, 360, 1420, 540), fill=(250, 210, 150))
    draw.rectangle((0, 520, 560, 600), fill=(90, 80, 70))  # the quay
    draw.polygon([(520, 620), (1380, 620), (1300, 720), (600, 720)], fill=(245, 245, 240))  # the hull
    draw.rectangle((700, 530, 1180, 620), fill=(235, 235, 228))
    draw.rectangle((900, 440, 980, 530), fill=(170, 40, 30))  # the funnel
    image.save(path, quality=88)


def write_sample_site(root: Path) -> Project:
    """Lay the sample site out under `root`, with links to the project's templates and static files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "templates").symlink_to(REPO / "templates")
    (root / "static").symlink_to(REPO / "static")
    content = root / "content"
    files = {"site.yaml": SITE_YAML}
    for source_id, (yaml_text, archive) in SOURCES.items():
        files[f"sources/{source_id}.yaml"] = yaml_text
        files[f"sources/{source_id}.txt"] = archive
    files |= {f"events/{slug}.yaml": text for slug, text in EVENTS.items()}
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (content / "media").mkdir()
    draw_picture(content / "media" / PICTURE)
    return Project(root)
