"""`serve` writes a save's few changed files straight into the output it published, each replaced
whole, keeping the marker true at every moment: a process killed midway leaves nothing a later
build would trust wrongly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.hashing import digest
from site_builder.publishing.output import MARKER, Publication, read_manifest, update_in_place, verified_manifest

from conftest import TinySite
from liveserver import live_server


def hashed(out: Path) -> dict[str, str]:
    """Every file of a tree but its marker, by path, with the digest of its bytes."""
    return {
        path.relative_to(out).as_posix(): digest(path.read_bytes())
        for path in out.rglob("*")
        if path.is_file() and path.name != MARKER
    }


def published(tiny: TinySite) -> tuple[Path, Publication]:
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    publication = Publication(out)
    publication.finish(publication.current or {})
    return out, publication


def test_an_update_in_place_leaves_a_marker_true_to_every_file(tiny):
    out, publication = published(tiny)
    assert publication.published is not None
    manifest = dict(publication.published[0])
    changed = {"index.html": b"<p>new home</p>", "events/new/index.html": b"<p>a new page</p>"}
    manifest.update({path: digest(data) for path, data in changed.items()})
    del manifest["robots.txt"]
    tree = update_in_place(out, publication.published, changed, manifest)
    assert verified_manifest(out) == hashed(out) == manifest == tree[0]
    assert not (out / "robots.txt").exists()
    assert tree[1] == {path: (out / path).stat().st_size for path in manifest}


def test_a_process_killed_while_updating_in_place_leaves_no_false_digest(tiny, monkeypatch):
    out, publication = published(tiny)
    assert publication.published is not None
    before = dict(publication.published[0])
    same_size = bytes(reversed((out / "index.html").read_bytes()))  # new bytes, the old length
    changed = {"404.html": b"<p>gone</p>", "index.html": same_size}
    manifest = before | {path: digest(data) for path, data in changed.items()}
    replace = os.replace
    calls = []

    def killed_on_the_second_file(source, target):  # type: ignore[no-untyped-def]
        calls.append(target)
        if len(calls) == 3:  # the marker, one file, then the kill
            raise KeyboardInterrupt
        replace(source, target)

    monkeypatch.setattr(os, "replace", killed_on_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        update_in_place(out, publication.published, changed, manifest)
    monkeypatch.setattr(os, "replace", replace)
    found = verified_manifest(out)  # what a later build believes the output holds
    assert found is not None
    actual = hashed(out)
    assert all(found[path] in ("", actual[path]) for path in actual)  # every digest it trusts is true
    assert {path for path in changed if found[path] == ""} == set(changed)


def only_the_marker(replace):  # type: ignore[no-untyped-def]
    """`os.replace` failing for every file but the marker, as a disk that fills up would."""
    return lambda source, target: replace(source, target) if target.name == MARKER else 1 / 0


def test_a_build_after_an_interrupted_update_writes_what_a_cold_build_writes(tiny, tmp_path, monkeypatch):
    out, publication = published(tiny)
    assert publication.published is not None
    changed = {"index.html": bytes(reversed((out / "index.html").read_bytes()))}
    manifest = publication.published[0] | {"index.html": digest(changed["index.html"])}
    replace = os.replace
    monkeypatch.setattr(os, "replace", only_the_marker(replace))
    with pytest.raises(ZeroDivisionError):
        update_in_place(out, publication.published, changed, manifest)
    monkeypatch.setattr(os, "replace", replace)
    build(tiny.project, out, jobs=1)
    cold = tmp_path / "cold"
    build(tiny.project, cold, jobs=1)
    assert hashed(out) == hashed(cold)


def test_a_save_in_serve_writes_in_place_and_leaves_the_staging_tree_alone(tiny):
    out = tiny.root / "_site"
    with live_server(tiny.root) as server:
        staging = read_manifest(tiny.root / "._site.staging")
        meeting = tiny.root / "content/events/2014-11-03-meeting.yaml"
        meeting.write_text(meeting.read_text().replace("summary: ", "summary: Saved. ", 1))
        server.wait_for(lambda status: status["generation"] >= 1)
        assert read_manifest(tiny.root / "._site.staging") == staging  # no tree was swapped in
        assert "Saved." in (out / "events/2014-11-03-meeting/index.html").read_text()
        assert verified_manifest(out) == hashed(out)
