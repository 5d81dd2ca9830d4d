"""The briefing kit as a trainer uses it: briefing.pdf in the folder, the deck offline, print and phone layout.

Browser tests use the suite rendered once per session (``rendered_reports`` in
tests/conftest.py), unredacted and at ``victims``; briefing.pdf itself is tested in
tests/test_briefing_pdf.py.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import re

import pytest

import cat_kz
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.publish import html as report_html
from cat_kz.publish import keyfacts
from cat_kz.publish.notebooks import NOTEBOOKS
from cat_kz.publish.page_style import printable_width_px
from tests.helpers.browser import ARTIFACTS
from tests.helpers.pdf import pdf_pages


def browser_test(test):
    """Marks a test that renders the suite and opens it in Chromium."""
    return pytest.mark.browser(pytest.mark.notebooks(pytest.mark.slow(test)))


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines anywhere."""
    return re.sub(r"\s+", "", text)


# --- briefing.pdf, read back -----------------------------------------------------------


@browser_test
def test_briefing_pdf_in_the_folder(rendered_reports):
    """The rendered suite holds the Typst briefing (its content is tested in test_briefing_pdf.py)."""
    for level, out in rendered_reports.items():
        pages = pdf_pages(out / "briefing.pdf")
        assert 6 <= len(pages) <= 12, (level, len(pages))
        meta = json.loads((out / "index.json").read_text(encoding="utf-8"))
        assert meta["dataset_fingerprint"] in squash("".join(pages)), "the fingerprint is in the provenance"
        assert not any((out / f"{name}.pdf").exists() for name in NOTEBOOKS), "no per-report PDFs any more"
        if level == "victims":
            assert all("Redacted (level: victims)" in page for page in pages)
            assert scan("\n".join(pages), Redactor(cat_kz.load_people(), "victims")) == []


# --- print and phone layout ------------------------------------------------------------


@browser_test
@pytest.mark.parametrize("name", [*NOTEBOOKS, "keyfacts", "index"])
def test_nothing_wider_than_an_a4_page_in_print(rendered_reports, browser, name):
    out = rendered_reports["none"]
    width = printable_width_px("A4")
    page = browser.new_page(viewport={"width": width, "height": 1100})
    page.emulate_media(media="print")
    page.goto((out / f"{name}.html").as_uri())
    wide = page.evaluate(
        """limit => [...document.querySelectorAll('table, img, svg, pre, figure')]
            .filter(e => e.getClientRects().length)
            .map(e => ({tag: e.tagName, right: Math.ceil(e.getBoundingClientRect().right), scroll: e.scrollWidth, width: Math.ceil(e.getBoundingClientRect().width)}))
            .filter(e => e.right > limit + 1 || e.scroll > e.width + 1)""",
        width,
    )
    assert wide == [], f"{name}: wider than the printable width of A4 ({width} px): {wide}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("table").count() == 0 or page.evaluate(
        "[...document.querySelectorAll('thead')].every(h => getComputedStyle(h).display === 'table-header-group')"
    ), "header rows repeat on each printed page"
    page.close()


@browser_test
@pytest.mark.parametrize("name", ["02_abuse_methods", "03_refoulement"])
def test_page_and_quote_on_screen_on_a_phone(rendered_reports, browser, name):
    out = rendered_reports["none"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((out / f"{name}.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    cells = page.locator('td[data-label="Page"], td[data-label="Quote"]')
    assert cells.count() > 0
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, f"cell {i} off-screen: {box}"
    # a figure opens full size on tap
    image = page.locator(".jp-RenderedImage img").first
    natural = image.evaluate("img => img.naturalWidth")
    assert image.bounding_box()["width"] < natural
    image.click()
    overlay = page.locator(".cat-kz-zoom-overlay img")
    assert overlay.is_visible()
    assert overlay.evaluate("img => img.getBoundingClientRect().width") == pytest.approx(natural, abs=1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}-zoom.png"))
    page.keyboard.press("Escape")
    assert page.locator(".cat-kz-zoom-overlay").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    page.close()


# --- the slide deck --------------------------------------------------------------------


@browser_test
@pytest.mark.parametrize("level", ["none", "victims"])
def test_slides_work_offline_and_cite_pages(rendered_reports, browser, level):
    out = rendered_reports[level]
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    external = []

    def block(route):
        external.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:)"), block)
    page.goto((out / "slides.html").as_uri())
    total = page.locator("section.slide").count()
    assert total == 8
    seen = []
    for number in range(1, total + 1):
        active = page.locator("section.slide.active")
        assert active.count() == 1
        seen.append(active.get_attribute("aria-label"))
        cite = active.locator(".source .cite")
        assert cite.is_visible(), f"slide {number} shows no page citation"
        assert re.fullmatch(r"pp?\. \d+(–\d+)?(, \d+(–\d+)?)*", cite.inner_text()), cite.inner_text()
        assert page.locator("#counter").inner_text() == f"{number} / {total}"
        footer = active.locator("footer.source").inner_text()
        assert ("Redacted (level: victims)" in footer) == (level == "victims"), f"slide {number}: footer {footer!r}"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"slides-{level}-{number}.png"))
        page.keyboard.press("ArrowRight")
    assert len(set(seen)) == total, "the right arrow reached every slide"
    assert seen[0] == "Torture and refoulement in Kazakhstan" and seen[1].startswith("Content note")
    page.keyboard.press("n")
    assert page.locator("section.slide.active .notes").is_visible(), "speaker notes"
    page.keyboard.press("Home")
    assert page.locator("#counter").inner_text() == f"1 / {total}"
    assert external == [], f"requests left the machine: {external}"
    if level == "victims":
        assert "Redacted (level: victims)" in page.locator("section.slide").first.inner_text()
        shown = page.evaluate("document.body.textContent + [...document.images].map(i => i.alt).join(' ')")
        assert scan(shown, Redactor(cat_kz.load_people(), "victims")) == []
    page.close()


@browser_test
def test_index_links_the_kit(rendered_reports, browser):
    out = rendered_reports["none"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((out / "index.html").as_uri())
    for name, label, _ in report_html.KIT_FILES:
        link = page.get_by_role("link", name=label)
        assert link.is_visible(), label
        assert link.get_attribute("href") == name and (out / name).exists()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.close()


# --- without a browser ------------------------------------------------------------------


def test_key_facts_come_from_the_data():
    facts = keyfacts.key_facts()
    counts = cat_kz.load_counts()
    stated = counts[counts["measure"].isin(keyfacts.KEY_MEASURES)]
    assert sorted(facts.figures["page"]) == sorted(stated["page"])
    assert set(facts.figures["measure"]) == set(keyfacts.KEY_MEASURES)
    assert "at least 28" in facts.figures["figure"].tolist()
    # the persons tally of case allegations, as tallies counts it by default: no summary or general finding added
    from cat_kz.analysis.tallies import tally_methods

    acts = cat_kz.load_acts()
    assert facts.methods["n"].tolist() == tally_methods(acts)["n"].tolist()
    assert set(facts.methods["unit"]) == {"persons"}
    assert len(facts.recommendations) == len(cat_kz.load_recommendations())
    assert len(facts.findings) == len(cat_kz.load_findings())
    page = keyfacts.to_html(facts, {"dataset_fingerprint": "f" * 64, "rendered_at": "today"})
    facts_html = re.findall(r'<(li|tr) class="fact">(.*?)</\1>', page, flags=re.S)
    assert len(facts_html) == len(facts.figures) + len(facts.returns) + len(facts.methods) + len(facts.findings) + len(
        facts.recommendations
    )
    assert all('class="cite"' in body for _, body in facts_html), "every fact cites its page"
    assert "<script src" not in page and "<link" not in page, "nothing loaded from elsewhere"


def test_key_facts_hide_names_and_refuse_a_leak(monkeypatch):
    redactor = Redactor(cat_kz.load_people(), "victims")
    page = keyfacts.to_html(keyfacts.key_facts(redact="victims"))
    assert scan(page, redactor) == [] and "Redacted (level: victims)" in page
    leaky = keyfacts.key_facts(redact="victims")
    leaky.recommendations.loc[0, "recommendation"] = "Free Rosa Tuletaeva."
    with pytest.raises(keyfacts.RedactionLeak, match="1 name that redaction level 'victims' hides") as caught:
        keyfacts.to_html(leaky)
    assert "Tuletaeva" not in str(caught.value)


def test_slides_command(tmp_path, capsys):
    from cat_kz.cli import main

    out = tmp_path / "deck.html"
    assert (
        main(["slides", "-o", str(out), "--redact", "victims", "-p", "unit", "acts", "-p", "destinations", "China"])
        == 0
    )
    deck = out.read_text(encoding="utf-8")
    assert deck.count('<section class="slide') == 8
    headlines = re.findall(r"<h2>(.*?)</h2>", deck)
    assert any(h.endswith("alleged acts, in case allegations") for h in headlines), "-p unit acts reached the tally"
    assert any(h.startswith("Kazakhstan returned 1 person in 1 case,") for h in headlines), (
        "-p destinations China reached the returns"
    )
    assert deck.count("Redacted (level: victims)") >= 8, "every slide's footer names the level"
    assert "<script src" not in deck and "<link" not in deck, "nothing loaded from elsewhere"
    assert scan(re.sub(r"base64,[A-Za-z0-9+/=]+", "", deck), Redactor(cat_kz.load_people(), "victims")) == []
    assert main(["slides", "-o", str(out), "-p", "unit", "victims"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error == [
        "cat-kz slides: 02_abuse_methods: parameter unit = 'victims' is not allowed; allowed values: 'persons', 'acts'"
    ]


@pytest.mark.notebooks
@pytest.mark.slow
def test_report_makes_the_briefing_without_chromium(tmp_path, monkeypatch):
    """`cat-kz report` typesets briefing.pdf with no browser anywhere: Chromium pointing nowhere, PATH bare."""
    import os
    import shutil
    import sys

    from cat_kz.cli import main
    from cat_kz.publish import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # the venv's tools only
    assert shutil.which("chromium") is None
    out = tmp_path / "reports"
    assert main(["report", "--out", str(out), "--notebooks", "03_refoulement"]) == 0
    pages = pdf_pages(out / "briefing.pdf")
    assert 6 <= len(pages) <= 12
    assert "briefing.pdf" in (out / "index.html").read_text(encoding="utf-8")
    assert main(["report", "--out", str(out), "--no-pdf", "--notebooks", "03_refoulement"]) == 0
    assert not (out / "briefing.pdf").exists() and "briefing.pdf" not in (out / "index.html").read_text(
        encoding="utf-8"
    )
