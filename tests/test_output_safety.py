"""The output folder and the cache: the build publishes only what it made, only where it may, one
build at a time, and says in one line why it cannot."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from site_builder import urls
from site_builder.build import build
from site_builder.cli import main
from site_builder.publishing.output import MARKER

from conftest import REPO, TinySite
from liveserver import free_port, live_server


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, hidden ones and the marker included, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold_build(tiny: TinySite, name: str = "cold") -> dict[str, bytes]:
    """What a first build of the project's current content, with no cache, publishes."""
    out = tiny.root.parent / f"{tiny.root.name}-{name}"
    shutil.rmtree(out, ignore_errors=True)
    build(tiny.project, out, jobs=1)
    return tree(out)


def resummarise(tiny: TinySite, summary: str) -> None:
    """Give the meeting a new summary, as a curator's save would."""
    path = tiny.root / "content/events/2014-11-03-meeting.yaml"
    path.write_text(re.sub(r"(?m)^summary: .*$", f"summary: {summary}.", path.read_text()))


def cli(tiny: TinySite, *args: str) -> int:
    return main(["--project", str(tiny.root), *args])


def build_py(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def tiny(tmp_path: Path) -> TinySite:
    """A tiny site in a folder of its own, so its outputs can also be put beside it."""
    return TinySite(tmp_path / "site")


# An output folder given as a link


def test_an_output_link_stays_a_link_and_the_folder_it_names_holds_the_site(tiny, tmp_path):
    target = tmp_path / "published"
    target.mkdir()
    link = tiny.root / "_site"
    link.symlink_to(target)
    for number in range(2):
        assert cli(tiny, "build", "--no-cache") == 0
        assert link.is_symlink() and link.resolve() == target.resolve()
        assert tree(target) == cold_build(tiny)
        resummarise(tiny, f"Edit {number}")


def test_files_put_into_an_output_link_target_survive_the_next_builds(tiny, tmp_path):
    target = tmp_path / "published"
    target.mkdir()
    (tiny.root / "_site").symlink_to(target)
    assert cli(tiny, "build", "--no-cache") == 0
    assert cli(tiny, "build", "--no-cache") == 0
    (target / "CNAME").write_text("timeline.example.org\n")
    assert cli(tiny, "build", "--no-cache") == 2
    assert (target / "CNAME").read_text() == "timeline.example.org\n"


# Files the build did not make: refused, named, never deleted


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "uncached"])
def test_a_file_put_into_the_output_by_hand_stops_the_build_and_is_kept(tiny, capsys, cache):
    out = tiny.root / "_site"
    assert cli(tiny, "build") == 0
    (out / "CNAME").write_text("timeline.example.org\n")
    (out / "events/google1234.html").write_text("google-site-verification: google1234.html")
    before = tree(out)
    resummarise(tiny, "Edited")
    capsys.readouterr()
    assert cli(tiny, "build", *([] if cache else ["--no-cache"])) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1, error
    assert "CNAME" in error and "events/google1234.html" in error
    assert "move them out" in error and "static/" in error
    assert tree(out) == before
    assert not (tiny.root / "._site.staging").exists()  # nothing was even started


def test_serve_refuses_to_publish_over_a_file_it_did_not_make_and_keeps_it(tiny):
    out = tiny.root / "_site"
    assert cli(tiny, "build", "--no-cache") == 0
    (out / "CNAME").write_text("timeline.example.org\n")
    before = tree(out)
    with live_server(tiny.root) as server:
        assert any("CNAME" in problem for problem in server.status()["problems"])
        resummarise(tiny, "Edited")
        time.sleep(1.5)  # a rebuild of a tiny site takes a few milliseconds
        printed = server.output()
    assert printed.count("holds files the build did not make: CNAME") == 2, printed  # the first build, the save
    assert tree(out) == before


def test_a_file_put_into_the_output_is_never_deleted_by_interrupted_builds(tiny, monkeypatch):
    """However a build is cut short, the user's file stays where it was put."""
    from site_builder.publishing import output

    out = tiny.root / "_site"
    tiny.add_events(30)
    build(tiny.project, out, jobs=1)
    (out / "CNAME").write_text("timeline.example.org\n")
    real_write = output.Publication._write
    for cut_after in (1, 5, 20, None):
        resummarise(tiny, f"Attempt {cut_after}")
        written = 0

        def interrupted(self, relative, fill, cut_after=cut_after):
            nonlocal written
            written += 1
            if cut_after is not None and written > cut_after:
                raise KeyboardInterrupt  # leaves the staging tree as a kill at this point would
            real_write(self, relative, fill)

        monkeypatch.setattr(output.Publication, "_write", interrupted)
        with pytest.raises((KeyboardInterrupt, output.OutputError)):
            build(tiny.project, out, jobs=1, cache_dir=tiny.root / ".cache")
        assert (out / "CNAME").read_text() == "timeline.example.org\n"


def test_a_file_put_into_the_output_during_a_build_is_named_by_the_next_one_and_kept(tiny, monkeypatch, capsys):
    from site_builder.publishing import output

    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    resummarise(tiny, "Edited")
    real_put = output.Publication.put

    def put_with_a_user_at_work(self, relative, data, data_digest):
        (out / "CNAME").write_text("timeline.example.org\n")  # after the output was checked
        real_put(self, relative, data, data_digest)

    monkeypatch.setattr(output.Publication, "put", put_with_a_user_at_work)
    build(tiny.project, out, jobs=1)
    monkeypatch.undo()
    for summary in ("Edited again", "Edited once more"):
        resummarise(tiny, summary)
        capsys.readouterr()
        assert cli(tiny, "build", "--no-cache") == 2
        assert "CNAME" in capsys.readouterr().err
        kept = [path for path in (out / "CNAME", tiny.root / "._site.staging/CNAME") if path.exists()]
        assert [path.read_text() for path in kept] == ["timeline.example.org\n"]


def test_a_folder_linked_into_the_output_by_hand_is_a_file_the_build_did_not_make(tiny, tmp_path, capsys):
    out = tiny.root / "_site"
    assert cli(tiny, "build", "--no-cache") == 0
    private = tmp_path / "private"
    private.mkdir()
    (private / "notes.txt").write_text("mine")
    (out / "private").symlink_to(private)
    capsys.readouterr()
    assert cli(tiny, "build", "--no-cache") == 2
    assert "private" in capsys.readouterr().err
    assert (out / "private").is_symlink() and (private / "notes.txt").read_text() == "mine"


def test_an_output_marked_by_an_older_version_still_has_its_users_files_refused(tiny, capsys):
    out = tiny.root / "_site"
    assert cli(tiny, "build", "--no-cache") == 0
    files = json.loads((out / MARKER).read_text())["files"]
    (out / MARKER).write_text(json.dumps({"version": 1, "files": files}))  # as the version before sizes wrote it
    (out / "CNAME").write_text("timeline.example.org\n")
    capsys.readouterr()
    assert cli(tiny, "build", "--no-cache") == 2
    assert "CNAME" in capsys.readouterr().err
    assert cli(tiny, "build", "--no-cache") == 2
    assert (out / "CNAME").read_text() == "timeline.example.org\n"


# An output inside an input folder


@pytest.mark.parametrize("inside", ["content/x", "content/events/x", "templates/x", "static/x", "static/css/x"])
def test_an_output_inside_an_input_folder_is_refused(tiny, capsys, inside):
    tiny.own("templates")
    tiny.own("static")
    before = [tree(folder) for folder in tiny.project.inputs]
    assert cli(tiny, "build", "--out", str(tiny.root / inside)) == 2
    assert "inside the input folder" in capsys.readouterr().err
    assert [tree(folder) for folder in tiny.project.inputs] == before


def test_an_output_linked_into_an_input_folder_is_refused(tiny, capsys):
    tiny.own("static")
    (tiny.root / "out").symlink_to(tiny.root / "static")
    assert cli(tiny, "build", "--out", str(tiny.root / "out/x")) == 2
    assert "inside the input folder" in capsys.readouterr().err
    assert not (tiny.root / "static/x").exists()


def test_serve_with_its_output_inside_static_stops_at_once(tiny):
    tiny.own("static")
    port = free_port()
    result = build_py(tiny.root, "serve", "--port", str(port), "--out", str(tiny.root / "static/x"), timeout=15)
    assert result.returncode == 2
    assert "inside the input folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tiny.root / "static/x").exists()


# Builds at once


def test_builds_started_together_publish_one_exact_site_and_leave_no_temporary_files(tiny):
    tiny.add_events(60)
    command = [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "build", "--jobs", "1"]
    for round_ in range(3):
        resummarise(tiny, f"Round {round_}")
        processes = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)
        ]
        outcomes = [(process.wait(timeout=60), process.stderr.read()) for process in processes]
        for process in processes:
            process.stdout.close()
            process.stderr.close()
        assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
        assert tree(tiny.root / "_site") == cold_build(tiny)
        assert [path.name for path in tiny.root.rglob("*") if path.name.startswith(".tmp-")] == []
        assert [path.name for path in (tiny.root / ".cache").iterdir() if path.name.startswith(".")] == []
    result = build_py(tiny.root, "build")
    assert result.returncode == 0 and "Up to date" in result.stdout


def test_a_build_waits_while_another_holds_the_output_then_publishes(tiny):
    from site_builder.publishing.output import output_lock

    out = tiny.root / "_site"
    command = [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "build", "--verbose"]
    with output_lock(out):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert process.stdout is not None
        first = process.stdout.readline()  # the output check runs before the lock is asked for
        while "waiting for another build" not in first:
            assert first, "the build ended without waiting"
            first = process.stdout.readline()
        time.sleep(0.5)
        assert process.poll() is None and not out.exists()
    assert process.wait(timeout=30) == 0
    process.stdout.close()
    assert tree(out) == cold_build(tiny)


# Files changed in the output by hand


@pytest.fixture
def built(tiny: TinySite) -> TinySite:
    """A site built twice, so that the output and its staging twin both hold a whole site."""
    tiny.add_events(10)
    assert cli(tiny, "build") == 0
    resummarise(tiny, "Built twice")
    assert cli(tiny, "build") == 0
    assert (tiny.root / "._site.staging" / MARKER).is_file()
    return tiny


def damage(out: Path, how: str) -> None:
    """Damage one page of a built site as a person at the keyboard might."""
    page = sorted(out.glob("events/*/index.html"))[3]
    if how == "deleted":
        page.unlink()
    elif how == "truncated":
        page.write_bytes(page.read_bytes()[:100])
    else:
        shutil.rmtree(page.parent)


@pytest.mark.parametrize("how", ["deleted", "truncated", "folder-deleted"])
def test_a_page_damaged_in_the_output_by_hand_is_rewritten_by_the_next_build(built, capsys, how):
    out = built.root / "_site"
    damage(out, how)
    capsys.readouterr()
    assert cli(built, "build") == 0
    assert "Up to date" not in capsys.readouterr().out
    assert tree(out) == cold_build(built)


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "uncached"])
@pytest.mark.parametrize("how", ["deleted", "truncated"])
def test_builds_after_a_page_was_damaged_by_hand_and_the_content_edited_succeed(built, cache, how):
    out = built.root / "_site"
    damage(out, how)
    for summary in ("Edited", "Edited again"):
        resummarise(built, summary)
        assert cli(built, "build", *([] if cache else ["--no-cache"])) == 0
        assert tree(out) == cold_build(built)


# The cache and the generator's own code


def test_a_change_to_the_generators_code_is_published_by_a_cached_build(tiny, tmp_path):
    """A fixed sanitiser reaches the site even when the cache and the output are restored."""
    tiny.add_events(5)
    generator = tmp_path / "generator"
    shutil.copytree(REPO / "site_builder", generator / "site_builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "build.py", generator)

    def run() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(generator / "build.py"), "--project", str(tiny.root), "build", "--jobs", "1"]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    assert run().returncode == 0
    assert "Up to date" in run().stdout  # the cache works: nothing changed, nothing done
    with (generator / "site_builder/site/markdown.py").open("a") as module:
        module.write(
            "\n_unfixed = convert_markdown\n\n\n"
            "def convert_markdown(text):\n"
            "    return _unfixed(text) + '<!-- fixed -->'\n"
        )
    result = run()
    assert result.returncode == 0 and "Up to date" not in result.stdout, result.stdout + result.stderr
    pages = (tiny.root / "_site/events").glob("*/index.html")
    bodies = [path for path in pages if "in <em>Markdown</em>" in path.read_text()]
    assert len(bodies) == 5
    assert all("<!-- fixed -->" in path.read_text() for path in bodies)


def workflow() -> dict:
    return yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())


def test_the_pages_workflow_keys_its_restored_cache_on_the_generators_code():
    steps = workflow()["jobs"]["build"]["steps"]
    [cache] = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert "'site_builder/**'" in cache["with"]["key"]


# Disk faults


def fail_under(monkeypatch, module, name: str, folder: Path, error: int) -> None:
    """Make `module.name(path, ...)` fail with `error` for any path under `folder`."""
    real = getattr(module, name)

    def failing(*args, **kwargs):
        if any(Path(os.fsdecode(arg)).is_relative_to(folder) for arg in args if isinstance(arg, (str, Path))):
            raise OSError(error, os.strerror(error), str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.parametrize(
    ("module", "name", "error"),
    [(os, "replace", errno.ENOSPC), (Path, "write_bytes", errno.ENOSPC), (Path, "mkdir", errno.EROFS)],
    ids=["full-disk-on-rename", "full-disk-on-write", "read-only"],
)
def test_a_failing_disk_while_publishing_is_one_line_and_exit_2_and_the_site_stays(
    built, monkeypatch, capsys, module, name, error
):
    out = built.root / "_site"
    before = tree(out)
    resummarise(built, "Edited")
    fail_under(monkeypatch, module, name, built.root / "._site.staging", error)
    capsys.readouterr()
    assert cli(built, "build") == 2
    message = capsys.readouterr().err
    assert message.startswith("error: ") and len(message.strip().splitlines()) == 1, message
    assert os.strerror(error) in message
    assert tree(out) == before
    monkeypatch.undo()
    assert cli(built, "build") == 0
    assert tree(out) == cold_build(built)


def test_an_output_whose_parent_cannot_be_made_is_one_line_and_exit_2(tiny, monkeypatch, capsys, tmp_path):
    fail_under(monkeypatch, Path, "mkdir", tmp_path / "locked", errno.EACCES)
    assert cli(tiny, "build", "--out", str(tmp_path / "locked/deeper/_site")) == 2
    message = capsys.readouterr().err
    assert len(message.strip().splitlines()) == 1 and "Permission denied" in message, message


def test_a_full_disk_while_saving_the_cache_is_one_line_and_exit_2_and_the_site_is_whole(built, monkeypatch, capsys):
    resummarise(built, "Edited")
    fail_under(monkeypatch, os, "replace", built.root / ".cache", errno.ENOSPC)
    capsys.readouterr()
    assert cli(built, "build") == 2
    message = capsys.readouterr().err
    assert len(message.strip().splitlines()) == 1 and "No space left on device" in message, message
    assert tree(built.root / "_site") == cold_build(built)
    assert [path for path in (built.root / ".cache").iterdir() if path.name.startswith(".")] == []


def test_serve_and_build_publish_byte_identical_sites_marker_included(tiny, tmp_path):
    tiny.add_events(10)
    served = tmp_path / "served"
    with live_server(tiny.root, "--out", str(served)) as server:
        resummarise(tiny, "Edited")
        server.wait_for(lambda status: status["generation"] >= 1)
    built = tmp_path / "built"
    assert cli(tiny, "build", "--no-cache", "--out", str(built)) == 0
    assert tree(served) == tree(built)


# Symbolic links in the inputs


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("AWS_SECRET_ACCESS_KEY=do-not-publish\n")
    return path


def published(tiny: TinySite, text: str) -> list[str]:
    """Files of the output, or of its staging twin, that hold `text`."""
    trees = (tiny.root / "_site", tiny.root / "._site.staging")
    return [name for folder in trees if folder.is_dir() for name, data in tree(folder).items() if text.encode() in data]


@pytest.mark.parametrize("folder", ["static", "templates"])
@pytest.mark.parametrize("link", ["leak.txt", "css/leak.css"])
def test_a_link_in_static_or_templates_to_a_file_outside_is_a_located_problem_and_never_published(
    tiny, secret, capsys, folder, link
):
    path = tiny.own(folder) / link
    path.parent.mkdir(exist_ok=True)
    path.symlink_to(secret)
    assert cli(tiny, "build") == 1
    error = capsys.readouterr().err
    assert f"{folder}/{link}: a link to a file outside {folder}/" in error and "copy the file in instead" in error
    assert "Traceback" not in error
    assert published(tiny, "do-not-publish") == []


def test_a_link_in_static_to_a_folder_outside_is_a_located_problem(tiny, secret, capsys):
    tiny.own("static")
    (tiny.root / "static/shared").symlink_to(secret.parent)
    assert cli(tiny, "build", "--no-cache") == 1
    assert "static/shared: a link to a folder outside static/" in capsys.readouterr().err
    assert published(tiny, "do-not-publish") == []


@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        ("gone.css", "missing.css", "static/gone.css: a link to missing.css, which does not exist"),
        ("loop.css", "loop.css", "static/loop.css: a link that loops"),
        ("ping.css", "pong.css", "static/ping.css: a link that loops"),
    ],
    ids=["dangling", "looping", "looping-pair"],
)
def test_a_broken_link_in_static_is_a_located_problem(tiny, capsys, name, target, expected):
    static = tiny.own("static")
    (static / name).symlink_to(target)
    if name == "ping.css":
        (static / "pong.css").symlink_to(name)
    assert cli(tiny, "build") == 1
    error = capsys.readouterr().err
    assert expected in error and "Traceback" not in error
    assert not (tiny.root / "_site").exists()


def test_a_link_within_static_is_published_with_the_bytes_it_names(tiny, capsys):
    static = tiny.own("static")
    (static / "extra").mkdir()
    (static / "extra/alias.css").symlink_to("../style.css")
    assert cli(tiny, "build") == 0
    [alias] = (tiny.root / "_site/static/extra").glob("alias.*.css")
    assert alias.read_bytes() == (static / "style.css").read_bytes()


def test_an_editors_lock_link_in_static_is_ignored(tiny, capsys):
    static = tiny.own("static")
    (static / ".#style.css").symlink_to("curator@laptop.4242:1700000000")
    assert cli(tiny, "build") == 0
    assert "style.css" not in capsys.readouterr().err


# The base URL


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/\nDisallow: /",
        "https://example.org/\r\nX: y",
        "https://example.org/site?x=1",
        "https://example.org/site?",
        "https://example.org/site#top",
        "https://example.org/\x00",
        "https://example.org/\x1b[31m",
        "https://example.org/\u202eevil",
        "https://user:pass@example.org/",
        "https://example.org:99999/",
        "https://example.org\\evil/",
        'https://example.org/"><script>',
    ],
)
def test_a_base_url_with_a_query_fragment_credentials_or_control_characters_is_refused(tiny, capsys, monkeypatch, url):
    assert not urls.is_base_url(url)
    assert cli(tiny, "build", "--base-url", url) == 2
    runs = 1
    if "\x00" not in url:  # no environment variable can hold one
        monkeypatch.setenv("SITE_BASE_URL", url)
        assert cli(tiny, "build") == 2
        runs += 1
    error = capsys.readouterr().err
    assert error.count("\n") == runs and "\x1b" not in error and "\x00" not in error  # one line each, shown escaped
    assert not (tiny.root / "_site").exists()


@pytest.mark.parametrize(
    "url", ["https://example.org/", "https://user.github.io/repo/", "http://localhost:8000/x", "https://例え.jp/年表/"]
)
def test_an_ordinary_base_url_is_accepted(url):
    assert urls.is_base_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/\x00", "https://example.org/\x7f", "https://example.org/a\u200bb"]
)
def test_a_web_address_holds_no_control_or_invisible_characters(url):
    assert not urls.is_web_url(url)


@pytest.mark.parametrize("escaped", ["\\e[31m", "\\u202e", "\\x00", "\\x7f"])
def test_a_base_url_in_site_yaml_with_control_characters_is_refused(tiny, capsys, escaped):
    tiny.write(
        "content/site.yaml",
        (tiny.root / "content/site.yaml").read_text() + f'base_url: "https://example.org/{escaped}x/"\n',
    )
    assert cli(tiny, "build") == 1
    assert "content/site.yaml:" in capsys.readouterr().err
    assert not (tiny.root / "_site").exists()


def test_a_good_base_url_reaches_robots_txt_on_one_line(tiny):
    assert cli(tiny, "build", "--base-url", "https://example.org/timeline") == 0
    robots = (tiny.root / "_site/robots.txt").read_text()
    assert "Sitemap: https://example.org/timeline/sitemap.xml" in robots
    assert "Disallow: /\n" not in robots


# The deploy rights


def test_only_the_deploy_job_may_deploy():
    document = workflow()
    default = document.get("permissions", {})
    for name, job in document["jobs"].items():
        granted = job.get("permissions", default)
        if granted in ("write-all", "read-all"):
            granted = {"pages": granted.split("-")[0], "id-token": granted.split("-")[0]}
        rights = {scope: granted.get(scope) for scope in ("pages", "id-token")}
        if name == "deploy":
            assert rights == {"pages": "write", "id-token": "write"}
        else:
            assert "write" not in rights.values(), f"job {name} holds {rights}"


def test_serve_rewrites_a_page_deleted_from_its_output_by_hand(tiny):
    first = tiny.add_events(5)[0]
    out = tiny.root / "_site"
    meeting = out / "events/2014-11-03-meeting/index.html"
    with live_server(tiny.root) as server:
        resummarise(tiny, "Edited")  # the page now differs from the one in the staging tree
        server.wait_for(lambda status: status["generation"] >= 1)
        meeting.unlink()
        tiny.edit(first.file, "summary: In short", "summary: Briefly")  # a change the meeting's page does not show
        status = server.wait_for(lambda status: status["generation"] >= 2 or status["problems"])
        assert status["problems"] == []
        assert "Edited." in meeting.read_text()
