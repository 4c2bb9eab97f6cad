"""Rendering on every core: results in order, and the pages that must stay in this process stay.

Each check runs in a fresh interpreter: pytest's process may hold other threads (the browser's),
and a process with threads never forks, so it would render everything in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

CHECK = """
import json, os
from site_builder.parallel import MIN_PARALLEL, iterate_pages
items = list(range(MIN_PARALLEL + 10))
where = lambda item: [item, os.getpid()]
results = [json.loads(line) for line in iterate_pages(lambda i: json.dumps(where(i)).encode(), items, 2, here=PICK)]
print(json.dumps({"order": [i for i, _ in results], "here": [i for i, pid in results if pid == os.getpid()]}))
"""


def run(pick: str) -> dict:
    script = CHECK.replace("PICK", pick)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_items_picked_here_are_done_in_this_process_and_the_rest_by_workers_in_order():
    seen = run("lambda item: item % 50 == 0")
    assert seen["order"] == list(range(len(seen["order"])))
    assert seen["here"] == [item for item in seen["order"] if item % 50 == 0]


def test_without_a_pick_no_item_is_done_in_this_process():
    assert run("lambda item: False")["here"] == []
