"""The corpus of bad content: every case in tests/bad_content/ and the exact lines it must produce.

A case is a text file: a comment saying what it shows, then sections. `--- PATH` starts a file laid
over a tiny valid site (see conftest.TinySite); a directive in brackets after the path changes how
it is written: `[delete]`, `[latin-1]`, `[bom]`, `[repeat-title N]`, `[pad-to BYTES]`,
`[link-outside]`. `--- expected` holds the exact problem lines, or `valid: DATE` for content that
must load, with the first event's date at the precision it shows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from site_builder.errors import ContentError
from site_builder.loading.content import load_site

CASES = sorted((Path(__file__).parent / "bad_content").glob("*.case"))
HEADER = re.compile(r"^--- (?P<path>\S[^\[]*?)(?: \[(?P<directive>[^\]]+)\])?$")


def parse_case(path: Path) -> tuple[list[tuple[str, str | None, str]], str]:
    sections: list[list] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        match = HEADER.match(line.rstrip("\n"))
        if match:
            sections.append([match["path"], match["directive"], ""])
        elif sections:
            sections[-1][2] += line
    files = [(name, directive, body) for name, directive, body in sections if name != "expected"]
    expected = next(body for name, _, body in sections if name == "expected")
    return files, expected.strip()


def lay_out(case: Path, root: Path) -> None:
    """Write a case's files over the tiny site in `root`."""
    files, _ = parse_case(case)
    for name, directive, body in files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        verb, _, argument = (directive or "").partition(" ")
        if verb == "delete":
            target.unlink()
        elif verb == "latin-1":
            target.write_bytes(body.encode("latin-1"))
        elif verb == "bom":
            target.write_bytes(b"\xef\xbb\xbf" + body.encode())
        elif verb == "repeat-title":
            target.write_text(body.replace("title: X", "title: " + "X" * int(argument)), encoding="utf-8")
        elif verb == "pad-to":
            target.write_text(body + "#" * int(argument) + "\n", encoding="utf-8")
        elif verb == "link-outside":
            outside = root.parent / f"{root.name}-outside.yaml"
            outside.write_text((root / "content/events/2014-11-03-meeting.yaml").read_text(), encoding="utf-8")
            target.symlink_to(outside)
        else:
            target.write_text(body, encoding="utf-8")


def outcome(root: Path) -> str:
    try:
        site = load_site(root)
    except ContentError as error:
        return "\n".join(str(problem) for problem in error.problems)
    return f"valid: {site.events[0].when.start.iso()}"


def test_the_corpus_is_large():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_content_gives_exactly_the_expected_lines(tiny, case):
    lay_out(case, tiny.root)
    assert outcome(tiny.root) == parse_case(case)[1]


if __name__ == "__main__":  # print what each case gives now, to write or review its expected lines
    import tempfile

    from conftest import TinySite

    for case in CASES if len(sys.argv) == 1 else [Path(arg) for arg in sys.argv[1:]]:
        with tempfile.TemporaryDirectory() as folder:
            site = TinySite(Path(folder) / "site")
            lay_out(case, site.root)
            print(f"== {case.stem}\n{outcome(site.root)}")
