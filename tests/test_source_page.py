"""source.html: every quote opens its passage, every passage lists its records; licences and CITATION.cff.

The page is built once per level for the module (about a second each). The browser test
(marked slow) opens it from a citing page with the network blocked and takes screenshots
(test-artifacts/source-*.png).
"""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
import yaml

import cat_kz
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.files import PROJECT_ROOT
from cat_kz.model import citation
from cat_kz.model.sources import normalise_whitespace
from cat_kz.publish import cite, reuse, source_page
from cat_kz.publish import html as report_html
from cat_kz.publish.source_passages import Mark, apply_edits, quoted_records, redaction_edits, snap
from tests.helpers.browser import ARTIFACTS, CHROMIUM_ARGS, check_target, require_chromium

META = {"version": cat_kz.__version__, "dataset_fingerprint": "f00d" * 16}
PASSAGE = re.compile(
    r'<span class="passage" id="(psg-\d+-\d+)" data-records="([^"]*)">(.*?)(<details class="recs">.*?</details>)</span>',
    flags=re.S,
)
MARKED = re.compile(r'<mark data-ids="([^"]*)"[^>]*>(.*?)</mark>', flags=re.S)


@pytest.fixture(scope="module")
def dataset():
    return cat_kz.load_dataset()


@pytest.fixture(scope="module")
def pages(dataset):
    return {level: source_page.source_html(dataset, redact=level, meta=META) for level in ("none", "victims")}


def passages_of(page: str) -> list[dict]:
    """Each passage: its id, the records it says it holds, its marked words by record, its anchors, its list."""
    found = []
    for match in PASSAGE.finditer(page):
        pid, records, body, listing = match.groups()
        words: dict[str, list[str]] = {}
        for ids, text in MARKED.findall(body):
            for record_id in ids.split():
                words.setdefault(record_id, []).append(html.unescape(text))
        found.append(
            {
                "id": pid,
                "records": records.split(),
                "words": words,
                "anchors": re.findall(r'<span class="anchor" id="([^"]+)"></span>', body),
                "listed": re.findall(r'<li data-record="([^"]+)">', listing),
                "listing": listing,
            }
        )
    return found


def test_every_quote_sits_in_exactly_one_anchored_passage_that_lists_it(dataset, pages):
    records = [record_id for _, record_id, _ in quoted_records(dataset)]
    assert len(records) > 150  # every quoted table: acts, events, people, counts, refoulement, findings, ...
    page = pages["none"]
    anchors = Counter(re.findall(r'<span class="anchor" id="([^"]+)"></span>', page))
    assert {r for r in records if anchors[r] != 1} == set(), "one anchor per record"
    holding = {}
    for passage in passages_of(page):
        for record_id in passage["anchors"]:
            assert record_id in passage["records"] and record_id in passage["listed"], (passage["id"], record_id)
        for record_id in passage["records"]:
            assert record_id not in holding, f"{record_id} in {holding.get(record_id)} and {passage['id']}"
            holding[record_id] = passage["id"]
    assert set(holding) == set(records)


def test_the_back_links_of_a_passage_are_the_records_whose_quotes_it_holds(dataset, pages):
    quotes = {record_id: row["quote"] for _, record_id, row in quoted_records(dataset)}
    shared = 0
    for passage in passages_of(pages["none"]):
        assert passage["listed"] == passage["records"], passage["id"]
        assert set(passage["words"]) == set(passage["records"]), passage["id"]
        for record_id, words in passage["words"].items():
            # the words highlighted for a record are its quote, exactly (whitespace aside)
            assert normalise_whitespace("".join(words)) == normalise_whitespace(quotes[record_id]), record_id
        shared += len(passage["records"]) > 1
    assert shared > 10, "overlapping quotes share passages"
    act = next(p for p in passages_of(pages["none"]) if "act-033" in p["records"])
    assert "02_abuse_methods.html" in act["listing"] and "Threat of rape" in act["listing"]


def test_exclusions_and_losses_are_marked(dataset, pages):
    from cat_kz.analysis.coverage import coverage

    cov = coverage(dataset)
    excluded = cov[cov["status"] == "excluded"]
    page = pages["none"]
    assert page.count('<p class="why">Not coded: the ') == len(excluded) > 0
    for reason in excluded["reason"]:
        assert html.escape(str(reason)) in page
    lost_records = {
        record_id
        for _, record_id, row in quoted_records(dataset)
        if isinstance(row.get("notes"), str) and re.search(r"\blost\b", row["notes"], re.I)
    }
    for passage in passages_of(page):
        for record_id in set(passage["listed"]) & lost_records:
            item = re.search(rf'<li data-record="{record_id}">(.*?)</li>', passage["listing"], flags=re.S).group(1)
            assert "Words lost:" in item, record_id
    # the words around the gap in act-039 ('trousers ... bottle in me') are marked lost
    assert re.search(r'class="lost">[^<]*trousers', page) and "Words are lost in transcription here" in page


@pytest.mark.parametrize("level", ["minors", "victims", "all"])
def test_the_redacted_page_shows_no_hidden_name(dataset, pages, level):
    page = pages.get(level) or source_page.source_html(dataset, redact=level, meta=META)
    redactor = Redactor(dataset.people, level)
    assert scan(html.unescape(page), redactor) == []
    assert "Redacted (level: " + level in page
    assert scan(html.unescape(pages["none"]), redactor), "the unredacted page shows the names this level hides"
    if level == "victims":
        assert "[Detainee A]" in html.unescape(page) and "Colonel Kadyrov" in page  # officials are kept at victims
        # the anchors and back-links do not depend on the level
        assert passages_of(page) and [p["records"] for p in passages_of(page)] == [
            p["records"] for p in passages_of(pages["none"])
        ]


def test_a_name_cut_by_a_quote_boundary_is_replaced_whole(dataset):
    redactor = Redactor(dataset.people, "victims")
    text = "On December 22, Bazarbai Kenzhebaev, 50, died."
    edits = redaction_edits(text, redactor)
    assert apply_edits(text, 0, len(text), edits) == redactor.quote(text) == "On December 22, [Detainee A], 50, died."
    # a quote starting at the surname is widened to the whole name
    start = text.index("Kenzhebaev")
    (widened,) = snap([Mark("quote", start, len(text), "p01")], edits)
    assert apply_edits(text, widened.start, widened.end, edits) == "[Detainee A], 50, died."


def test_the_page_loads_nothing_from_the_web(pages):
    for page in pages.values():
        assert not re.search(r"""<(script|img|link|iframe)[^>]+(src|href)=["']?(https?:)?//""", page, flags=re.I)
        assert not re.search(r"url\(|@import", page), "no style fetched"
        assert 'href="https://www.hrw.org/' in page, "links out to the original are fine"


def test_passage_links_and_the_kit_files():
    assert citation.passage_href("act-033") == "source.html#act-033"
    assert citation.SOURCE_PAGE in {name for name, _, _ in report_html.KIT_FILES}
    assert [p.name for p in reuse.kit_files(PROJECT_ROOT, [], pdf=False)] == [
        "keyfacts.html",
        "slides.html",
        "source.html",
    ]


def test_staging_takes_source_html_for_a_kit_page_not_a_report():
    from cat_kz.publish import staging

    assert citation.SOURCE_PAGE in staging.BRIEFING_KIT


def test_the_index_lists_the_source_page_and_how_to_cite(tmp_path):
    (tmp_path / citation.SOURCE_PAGE).write_text("<html></html>", encoding="utf-8")
    meta = {**META, "source": "Human Rights Watch, Submission", "source_sha256": "0" * 64, "rendered_at": "now"}
    page = report_html.index_page([], meta, tmp_path)
    assert '<a href="source.html"><strong>The source, page by page</strong></a>' in page
    assert html.escape(cite.how_to_cite(meta)) in page and META["dataset_fingerprint"] in page


def test_citation_file_and_licences(dataset, pages):
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "date-released", "license", "references"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0" and cff["version"] == cat_kz.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    assert normalise_whitespace(cff["title"]) == cite.TITLE and cff["authors"] == [{"name": cite.AUTHORS}]
    assert cff["license"] == "MIT" and (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    (hrw,) = cff["references"]
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    assert hrw["url"] == source["url"] and hrw["authors"] == [{"name": source["publisher"]}]
    assert source["sha256"] in hrw["notes"]
    assert html.escape(cite.how_to_cite(META)) in pages["none"]
    assert (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8").count("Human Rights Watch") >= 3


# --- in Chromium -------------------------------------------------------------------------------

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
RIGHTMOST = """(() => { const r = [...document.querySelectorAll('details.recs > summary')].map(s => s.getBoundingClientRect().right);
  return r.indexOf(Math.max(...r)); })()"""
CITING_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A report</title></head><body>
<table><tr><td>Threat of rape</td><td><a id="cite" href="source.html#act-033">p. 6</a></td></tr></table>
</body></html>"""


@pytest.mark.browser
@pytest.mark.slow
def test_a_citation_opens_its_passage_in_view_and_highlighted(pages, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    (tmp_path / "source.html").write_text(pages["none"], encoding="utf-8")
    (tmp_path / "report.html").write_text(CITING_PAGE, encoding="utf-8")
    external = []

    def block(route):
        external.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for width, height in ((1280, 900), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route(re.compile(r"^(?!file:)"), block)
                page.goto((tmp_path / "report.html").as_uri())
                page.click("#cite")
                page.wait_for_url(re.compile(r"source\.html#act-033$"))
                check_target(page, "act-033")
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"source-act-033-{width}.png"))
                marked = page.locator('mark[data-ids~="act-033"]').first
                marked.click()  # a tap on the words opens the list of the passage's records
                item = page.locator('li[data-record="act-033"]')
                assert item.is_visible() and "Threat of rape" in item.inner_text()
                assert page.locator("details.recs[open]").count() == 1
                page.screenshot(path=str(ARTIFACTS / f"source-records-{width}.png"))
                assert page.evaluate(SIDEWAYS) <= 0
                # the list of the passage whose number stands furthest right stays on the screen
                page.locator("details.recs > summary").nth(page.evaluate(RIGHTMOST)).click()
                page.wait_for_function("document.querySelectorAll('details.recs[open]').length === 1")
                pop = page.locator("details.recs[open] .pop").bounding_box()
                assert pop and pop["x"] >= 0 and pop["x"] + pop["width"] <= width and page.evaluate(SIDEWAYS) <= 0
                page.fill("#q", "cnt-01")  # the find box jumps to a record
                page.press("#q", "Enter")
                page.wait_for_url(re.compile(r"#cnt-01$"))
                check_target(page, "cnt-01")
                page.close()
        finally:
            browser.close()
    assert external == [], f"requests left the machine: {external}"
