"""`new DIR`: a starter timeline that checks clean, and builds and serves with the installed package alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.schemas import MODELINE_PREFIX

from conftest import REPO
from liveserver import RunningServer, free_port

STARTER_FILES = [
    ".gitignore",
    "README.md",
    "content/events/1863-11-19-gettysburg-address.yaml",
    "content/site.yaml",
    "content/sources/lincoln-gettysburg-address.txt",
    "content/sources/lincoln-gettysburg-address.yaml",
    "schemas/event.schema.json",
    "schemas/site.schema.json",
    "schemas/source.schema.json",
]
EVENT_PAGE = "events/1863-11-19-gettysburg-address/"
WHERE = (  # where the package, its default templates and its default static files are
    "import site_builder; from site_builder.defaults import DEFAULT_TEMPLATES as t, DEFAULT_STATIC as s; "
    "print(site_builder.__file__, t, s)"
)


def files_under(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def test_new_writes_a_starter_project_and_says_what_to_run_next(tmp_path, capsys):
    root = tmp_path / "mysite"

    assert main(["new", str(root)]) == 0

    assert files_under(root) == STARTER_FILES
    printed = capsys.readouterr().out
    assert all(name in printed for name in STARTER_FILES)
    assert "site-builder serve" in printed


def test_every_starter_content_file_names_its_schema_on_its_first_line(tmp_path):
    root = tmp_path / "mysite"
    main(["new", str(root)])

    for path in (root / "content").rglob("*.yaml"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith(MODELINE_PREFIX + "../"), path


def test_the_starter_passes_check_strict(tmp_path, capsys):
    root = tmp_path / "mysite"
    main(["new", str(root)])
    capsys.readouterr()

    assert main(["--project", str(root), "check", "--strict"]) == 0
    assert capsys.readouterr().err == ""


def test_new_accepts_an_empty_folder(tmp_path):
    assert main(["new", str(tmp_path)]) == 0

    assert files_under(tmp_path) == STARTER_FILES


def test_new_refuses_a_folder_that_holds_anything(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n")

    assert main(["new", str(tmp_path)]) == 2

    assert f"{tmp_path} is not empty" in capsys.readouterr().err
    assert files_under(tmp_path) == ["notes.txt"]


def test_new_refuses_a_file(tmp_path, capsys):
    (tmp_path / "mysite").write_text("mine\n")

    assert main(["new", str(tmp_path / "mysite")]) == 2

    assert f"{tmp_path / 'mysite'} is not a folder" in capsys.readouterr().err


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """This repository built into a wheel and installed into a folder of its own, as pip installs it."""
    folder = tmp_path_factory.mktemp("installed")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]

    def run(*args: str) -> None:
        done = subprocess.run([*pip, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    run("wheel", "--no-deps", "--no-index", "--no-build-isolation", "-w", str(folder / "wheel"), str(REPO))
    [wheel] = (folder / "wheel").glob("*.whl")
    run("install", "--no-deps", "--no-index", "--target", str(folder / "lib"), str(wheel))
    return folder / "lib"


def test_a_new_project_builds_and_serves_with_the_installed_package_alone(installed, tmp_path):
    # Only the installed copy is importable: not the repository, not the folder the command runs in.
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"}
    command = [str(installed / "bin/site-builder")]

    def run(*args: str, cwd: Path) -> str:
        done = subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    where = subprocess.run(
        [sys.executable, "-c", WHERE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert all(Path(path).is_relative_to(installed / "site_builder") for path in where.stdout.split())

    run("new", "mysite", cwd=tmp_path)
    root = tmp_path / "mysite"
    run("build", cwd=root)
    assert (root / "_site" / EVENT_PAGE / "index.html").is_file()

    port = free_port()
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = RunningServer(root, f"http://127.0.0.1:{port}/", process)
    try:
        wait_until_serving(server)
        home, event = server.get(""), server.get(EVENT_PAGE)
    finally:
        server.stop()

    assert home[0] == 200 and "Lincoln gives the Gettysburg Address" in home[1]
    assert event[0] == 200 and "shall not perish from the earth" in event[1]


def wait_until_serving(server: RunningServer, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.status()
            return
        except OSError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start: {server.stop()}") from None
            time.sleep(0.05)
