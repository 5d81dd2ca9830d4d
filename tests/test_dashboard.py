"""The Voila dashboard in a real browser: Debian's Chromium driven by Playwright.

Locally without Chromium these tests skip and say how to install it; under CI
(CI=true) a missing Chromium is a failure: .ci/run installs it.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest

import cat_kz
from cat_kz.analysis.tallies import person_label
from cat_kz.cli import dashboard_command, main
from cat_kz.files import PROJECT_ROOT
from cat_kz.publish.dashboard import stop_server
from tests.helpers.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, check_target, require_chromium


def test_dashboard_binds_to_localhost_by_default(capsys):
    assert main(["dashboard", "--print-command"]) == 0
    command = capsys.readouterr().out
    assert "-m cat_kz.publish.dashboard " in command and "04_explorer.ipynb" in command
    assert "--Voila.ip=127.0.0.1" in command and "--port=8866" in command and "--strip_sources=True" in command
    assert "--Voila.ip=0.0.0.0" in " ".join(dashboard_command(9000, "0.0.0.0"))
    assert main(["dashboard", "--redact", "victims", "--print-command"]) == 0
    assert capsys.readouterr().out.startswith("CAT_KZ_REDACT=victims ")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_url():
    require_chromium()
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "dashboard.log", "w")
    server = subprocess.Popen(
        dashboard_command(port), cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the dashboard did not start; see {ARTIFACTS / 'dashboard.log'}")
                time.sleep(0.5)
        yield url
    finally:
        stop_server(server)
        log.close()


@pytest.fixture(scope="module")
def page(dashboard_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(dashboard_url, timeout=180_000)
        page.wait_for_selector(".cat-kz-records table", timeout=180_000)
        yield page
        browser.close()


def shown_persons(page) -> set[str]:
    return set(page.locator(".cat-kz-records td.person").all_inner_texts())


def wait_for(condition, timeout=30.0, step=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.mark.browser
def test_method_filter_shows_exactly_the_persons_alleging_it(page):
    acts = cat_kz.load_acts()
    asphyxiation = acts[acts["method_category"] == "asphyxiation"]
    expected = set(person_label(asphyxiation))
    assert len(shown_persons(page)) > len(expected)  # everyone at first
    timeline = page.locator(".cat-kz-timeline").get_attribute("src")
    page.select_option(".cat-kz-method-category select", label="Asphyxiation")
    assert wait_for(lambda: shown_persons(page) == expected), sorted(shown_persons(page))
    assert "Rosa Tuletaeva" in expected and "Bazarbai Kenzhebaev" not in shown_persons(page)
    status = page.locator(".cat-kz-status").inner_text()
    assert f"{len(asphyxiation)} of {len(acts)} allegation records" in status
    # the README's picture (docs/dashboard.png is a copy of this file: cp test-artifacts/dashboard-asphyxiation.png docs/dashboard.png)
    assert wait_for(lambda: page.locator(".cat-kz-timeline").get_attribute("src") != timeline), (
        "the timeline did not follow"
    )
    page.screenshot(path=str(ARTIFACTS / "dashboard-asphyxiation.png"), full_page=False)


@pytest.mark.browser
def test_date_slider_changes_the_timeline(page):
    image = page.locator(".cat-kz-timeline")
    before = image.get_attribute("src")
    handle = page.locator(".cat-kz-date .noUi-handle-lower")
    box = handle.bounding_box()
    track = page.locator(".cat-kz-date .noUi-target").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.55, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()
    assert wait_for(lambda: image.get_attribute("src") != before), "the timeline did not change"
    status = page.locator(".cat-kz-status").inner_text()
    assert "of 51 events" in status and not status.startswith("51 of 51")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=False)
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 20_000


@pytest.mark.browser
def test_a_page_number_opens_its_passage_in_a_new_tab(page, dashboard_url):
    """Issue 23: the dashboard serves the source page; a record's page number opens its words, highlighted."""
    page = page.context.browser.new_page(
        viewport={"width": 1400, "height": 1800}
    )  # a new viewer: filters as they start
    page.goto(dashboard_url, timeout=180_000)
    page.wait_for_selector(".cat-kz-records table", timeout=180_000)
    cite = page.locator(".cat-kz-records a.cat-kz-cite").first
    assert wait_for(lambda: cite.count() == 1), "no linked page number in the records table"
    record = cite.get_attribute("href").split("#", 1)[1]
    assert cite.get_attribute("target") == "_blank" and cite.inner_text().strip().isdigit()
    with page.context.expect_page() as opened:
        cite.click()
    passage = opened.value
    passage.wait_for_load_state()
    assert passage.url.endswith(f"/voila/files/source.html#{record}")
    check_target(passage, record)
    passage.close()
    page.close()
