"""The rendered reports in a real browser (Debian's Chromium via Playwright), as a reader opens them.

Uses the suite rendered once per session (defaults, and redacted; tests/conftest.py), then opens the index and every
report: the page title, one visible described image per figure file the notebook
wrote, no staging folder or machine path, and an index that fits a phone.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from cat_kz.files import PROJECT_ROOT
from cat_kz.publish import html as report_html
from cat_kz.publish.notebooks import NOTEBOOKS, notebook_path
from tests.helpers.browser import ARTIFACTS, check_target

pytestmark = [pytest.mark.browser, pytest.mark.notebooks, pytest.mark.slow]


@pytest.fixture(scope="module")
def reports(rendered_reports):
    # rendered once per session, with the briefing kit (tests/conftest.py)
    return rendered_reports


def machine_paths(out: Path) -> list[str]:
    """Absolute paths of this machine a published page must not carry."""
    roots = {
        str(PROJECT_ROOT),
        str(out),
        str(out.resolve()),
        sys.prefix,
        tempfile.gettempdir() + "/",
        os.path.expanduser("~") + "/",
    }
    return sorted(root for root in roots if root not in ("/", ""))


def check_clean(text: str, out: Path, what: str) -> None:
    assert ".staging" not in text, f"{what}: a staging folder"
    for root in machine_paths(out):
        assert root not in text, f"{what}: machine path {root}"
    assert not re.search(r"(?<![\w.])/(home|root|tmp|work)/", text), f"{what}: an absolute path"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_report_page(reports, browser, name):
    out = reports["none"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / f"{name}.html").as_uri())
    assert page.title() == report_html.heading(nbformat.read(notebook_path(name), as_version=4))
    figures = sorted((out / name).glob("*.png"))
    images = page.locator("img")
    visible = [images.nth(i) for i in range(images.count()) if images.nth(i).is_visible()]
    assert len(visible) == len(figures), f"{name}: {len(figures)} figure files, {len(visible)} images shown"
    for image in visible:
        alt = image.get_attribute("alt") or ""
        assert alt and alt != report_html.DEFAULT_ALT and "Source: Human Rights Watch" in alt, alt
        assert image.evaluate("img => img.naturalWidth") > 0, "the image loads"
    check_clean(page.content(), out, f"{name}.html")
    check_clean((out / f"{name}.ipynb").read_text(encoding="utf-8"), out, f"{name}.ipynb")
    # a reader's link never opens raw notebook JSON (the folded section for researchers links the executed notebook)
    for link in page.locator("a[href]:not(details.cat-kz-researchers a)").all():
        href = link.get_attribute("href")
        assert not href.endswith(".ipynb"), f"{name}: a link opens raw notebook JSON ({href})"
    assert "Redacted" not in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"))
    page.close()


def test_index_on_a_phone(reports, browser):
    out = reports["none"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((out / "index.html").as_uri())
    assert page.title() == report_html.INDEX_TITLE and "cat-kz" not in page.title()  # the subject, not the tool
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"index.html scrolls sideways by {overflow} px at 390 px"
    for name in NOTEBOOKS:
        title = report_html.heading(nbformat.read(notebook_path(name), as_version=4))
        assert page.get_by_role("link", name=title).is_visible(), title
    thumbs = page.locator(".thumbs img")
    assert thumbs.count() == sum(len(list((out / n).glob("*.png"))) for n in NOTEBOOKS)
    assert all(thumbs.nth(i).get_attribute("alt") for i in range(thumbs.count()))
    assert "cat-kz dashboard" in page.content()
    check_clean(page.content(), out, "index.html")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index-390.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("name", [*NOTEBOOKS, "index"])
def test_redacted_pages_say_so_at_the_top(reports, browser, name):
    out = reports["victims"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((out / f"{name}.html").as_uri())
    note = page.get_by_text("Redacted (level: victims)").first
    assert note.is_visible()
    assert note.bounding_box()["y"] < 200, "the note heads the page"
    page.close()


def test_a_citation_in_a_rendered_report_opens_its_passage(reports, browser):
    """Issue 23: the page number in a report's table opens source.html at the record's words, highlighted."""

    out = reports["none"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route(re.compile(r"^(?!file:)"), lambda route: route.abort())
    page.goto((out / "02_abuse_methods.html").as_uri())
    cite = page.locator("a.cat-kz-cite").first
    record = cite.get_attribute("href").split("#", 1)[1]
    assert cite.inner_text().strip().isdigit(), "the page number stays visible as text"
    cite.click()
    page.wait_for_url(re.compile(rf"source\.html#{re.escape(record)}$"))
    check_target(page, record)
    page.close()
