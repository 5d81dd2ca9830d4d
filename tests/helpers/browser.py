"""Debian's Chromium for the browser tests: where it is, how it is started, where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cat_kz.files import PROJECT_ROOT


def require_chromium() -> str:
    """Debian's Chromium for the browser tests: skip without it locally, fail under CI (.ci/run installs it)."""

    from cat_kz.publish.pdf import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium is missing at {CHROMIUM} under CI: .ci/run installs it with apt-get install chromium"
            )
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's package (sudo apt-get install chromium) to run the browser tests"
        )
    return CHROMIUM


CHROMIUM = "/usr/bin/chromium"


ARTIFACTS = PROJECT_ROOT / "test-artifacts"


# as the machine's notes advise: no background traffic on a closed network, no sandbox as root
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def check_target(page, record_id: str) -> None:
    """The record's words are in the viewport, highlighted, inside an outlined passage."""
    marks = page.locator(f'mark[data-ids~="{record_id}"]')
    assert marks.count() >= 1
    box = marks.first.bounding_box()
    viewport = page.viewport_size
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], f"{record_id} not in view: {box}"
    for i in range(marks.count()):
        assert "current" in (marks.nth(i).get_attribute("class") or ""), f"{record_id}: not every word highlighted"
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 209, 102)"
    outline = page.locator(".passage:has(.anchor:target)").evaluate("p => getComputedStyle(p).outlineStyle")
    assert outline == "solid"
