"""Where the build cache lives: PROJECT/.cache by default, anywhere with --cache-dir or SITE_CACHE_DIR."""

from __future__ import annotations

import shutil

import pytest

from site_builder.cli import main


def build(tiny, *options: str) -> int:
    return main(["--project", str(tiny.root), "build", *options])


def files_under(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_cache_dir_moves_the_cache_and_the_next_build_finds_it(tiny, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere" / "cache"
    assert build(tiny, "--cache-dir", str(elsewhere)) == 0
    assert any(elsewhere.iterdir())
    assert not (tiny.root / ".cache").exists()
    capsys.readouterr()
    assert build(tiny, "--cache-dir", str(elsewhere)) == 0
    assert capsys.readouterr().out.startswith("Up to date")


def test_the_environment_variable_chooses_the_cache_folder_too(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "from-env"))
    assert build(tiny) == 0
    assert any((tmp_path / "from-env").iterdir())
    assert not (tiny.root / ".cache").exists()


def test_the_option_wins_over_the_environment_variable(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "from-env"))
    assert build(tiny, "--cache-dir", str(tmp_path / "from-option")) == 0
    assert any((tmp_path / "from-option").iterdir())
    assert not (tmp_path / "from-env").exists()


@pytest.mark.parametrize("inside", ["content/cache", "static/cache", "_site", "_site/cache"])
def test_a_cache_folder_the_build_would_read_or_replace_is_refused_and_nothing_is_written(tiny, capsys, inside):
    target = tiny.path(inside)  # static/ becomes this site's own copy first
    assert build(tiny, "--cache-dir", str(target)) == 2
    message = capsys.readouterr().err
    assert f"refusing to keep the cache in {target}" in message
    assert not (tiny.root / "_site" / "index.html").exists()
    assert not target.exists() or not any(target.iterdir())


def test_a_deleted_cache_costs_only_time(tiny, tmp_path):
    cache = tmp_path / "cache"
    assert build(tiny, "--cache-dir", str(cache)) == 0
    first = files_under(tiny.root / "_site")
    shutil.rmtree(cache)
    assert build(tiny, "--cache-dir", str(cache)) == 0
    assert files_under(tiny.root / "_site") == first


def test_cache_dir_and_no_cache_cannot_be_given_together(tiny, tmp_path):
    with pytest.raises(SystemExit) as exit:
        build(tiny, "--no-cache", "--cache-dir", str(tmp_path / "c"))
    assert exit.value.code == 2
