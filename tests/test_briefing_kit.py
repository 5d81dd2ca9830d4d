"""The briefing kit as a trainer uses it: briefing.pdf read back, the deck offline, print and phone layout.

Browser tests use the suite rendered once per session with ``pdf=True``
(``rendered_reports`` in tests/conftest.py), unredacted and at ``victims``.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

import cat_kz
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.publish import html as report_html
from cat_kz.publish import keyfacts, kit
from cat_kz.publish.notebooks import NOTEBOOKS, notebook_path
from cat_kz.publish.page_style import printable_width_px
from cat_kz.publish.pdf import CHROMIUM_ARGS
from tests.helpers.browser import ARTIFACTS, require_chromium
from tests.helpers.pdf import pdf_pages


def browser_test(test):
    """Marks a test that renders the suite and opens it in Chromium."""
    return pytest.mark.browser(pytest.mark.notebooks(pytest.mark.slow(test)))


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines anywhere."""
    return re.sub(r"\s+", "", text)


def title_of(name: str) -> str:
    return report_html.heading(nbformat.read(notebook_path(name), as_version=4))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# --- briefing.pdf, read back -----------------------------------------------------------


@browser_test
def test_briefing_pdf_reads_back(rendered_reports):
    out = rendered_reports["none"]
    pages = pdf_pages(out / "briefing.pdf")
    report_pages = sum(len(pdf_pages(out / f"{name}.pdf")) for name in NOTEBOOKS)
    assert len(pages) == 1 + 1 + report_pages, "cover, one page of key facts, every report's pages"
    text = "\n".join(pages)
    for name in NOTEBOOKS:
        assert squash(title_of(name)) in squash(text), f"{name}: title missing"
        assert squash(title_of(name)) in squash(pages[0]), f"{name}: not in the cover's contents"
    meta = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert meta["dataset_fingerprint"] in squash(pages[0]), "the fingerprint is on the cover"
    assert "Redaction" in pages[0] and "real names are shown" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page, f"page {number} has no page number"
        assert "Source: Human Rights Watch" in page, f"page {number} has no source footer"
    # every page citation of the refoulement table: on the key facts page, and in report 03
    cases = cat_kz.load_refoulement()
    assert squash("Key facts") in squash(pages[1])
    for case in cases.itertuples():
        assert squash(case.date_text) in squash(pages[1]), case.case_id
        assert squash(case.case_id) in squash(text), case.case_id
    for page_number, group in cases.groupby("page"):
        assert pages[1].count(f"(p. {page_number})") >= len(group), f"key facts cite p. {page_number} for each case"


@browser_test
def test_redacted_briefing_shows_no_victims_name(rendered_reports):
    out = rendered_reports["victims"]
    redactor = Redactor(cat_kz.load_people(), "victims")
    people = cat_kz.load_people().set_index("person_id")
    full_names = [people.at[pid, "name"] for pid in redactor.redacted if " " in people.at[pid, "name"]]
    assert full_names, "the victims level hides someone"
    for pdf in [out / "briefing.pdf", *(out / f"{name}.pdf" for name in NOTEBOOKS)]:
        pages = pdf_pages(pdf)
        text = "\n".join(pages)
        assert scan(text, redactor) == [], f"{pdf.name}: a name in the text"
        data = pdf.read_bytes().lower()
        for name in full_names:
            for spelling in (name, " ".join(reversed(name.split()))):
                assert spelling.lower().encode("latin-1", "ignore") not in data, f"{pdf.name}: a name in the bytes"
                assert spelling.lower().encode("utf-16-be") not in data, f"{pdf.name}: a name in the bytes (UTF-16)"
        assert "Redacted (level: victims)" in pages[0], f"{pdf.name}: no redaction banner on the first page"
    cover = pdf_pages(out / "briefing.pdf")
    assert "Redacted (level: victims)" in cover[1], "the key facts page carries the banner"


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
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"slides-{level}-{number}.png"))
        page.keyboard.press("ArrowRight")
    assert len(set(seen)) == total, "the right arrow reached every slide"
    assert seen[:2] == ["Torture and refoulement in Kazakhstan", "Content note"]
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
    for name in NOTEBOOKS:
        assert page.locator(f'a[href="{name}.pdf"]').count() == 1 and (out / f"{name}.pdf").exists()
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
    assert len(facts_html) == len(facts.figures) + len(facts.returns) + len(facts.methods) + len(facts.findings) + len(facts.recommendations)
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
    assert main(["slides", "-o", str(out), "--redact", "victims", "-p", "unit", "acts", "-p", "destinations", "China"]) == 0
    deck = out.read_text(encoding="utf-8")
    assert deck.count('<section class="slide') == 8 and "Alleged acts (records)" in deck
    assert "<script src" not in deck and "<link" not in deck, "nothing loaded from elsewhere"
    assert scan(re.sub(r"base64,[A-Za-z0-9+/=]+", "", deck), Redactor(cat_kz.load_people(), "victims")) == []
    assert main(["slides", "-o", str(out), "-p", "unit", "victims"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error == ["cat-kz slides: 02_abuse_methods: parameter unit = 'victims' is not allowed; allowed values: 'persons', 'acts'"]


@pytest.mark.notebooks
def test_no_chromium_keeps_the_reports_and_says_so_in_one_line(tmp_path, monkeypatch):
    from cat_kz.publish import pdf
    from cat_kz.publish.report import render

    out = tmp_path / "reports"
    render(out, notebooks=["03_refoulement"], echo=lambda _line: None)
    (out / "briefing.pdf").write_bytes(b"%PDF- an old briefing, with real names")
    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(kit.KitError, match=r"^no Chromium at .*no-chromium: install Debian's package") as caught:
        render(out, notebooks=["03_refoulement"], pdf=True, echo=lambda _line: None)
    assert "\n" not in str(caught.value)
    assert (out / "03_refoulement.html").exists() and (out / "index.html").exists()
    assert (out / "keyfacts.html").exists() and (out / "slides.html").exists()
    assert not (out / "briefing.pdf").exists(), "an earlier run's PDF is not left beside newer reports"
    assert "briefing.pdf" not in (out / "index.html").read_text(encoding="utf-8")
