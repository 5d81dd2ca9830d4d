"""Speed targets of ``cat-kz dashboard``, measured in Debian's Chromium (Playwright).

1. First page: from the moment the server answers HTTP to the explorer shown
   (its records table drawn) in a fresh browser page: at most 4 s.
2. Later pages: each further viewer (a new page, the previous one closed)
   until the explorer is shown: at most 2 s. A viewer arrives ``--gap``
   seconds after the previous one (default 10 s: the pool of preheated kernels
   refills in that time); ``--gap 0`` measures viewers arriving back to back.

Also prints the time from the command to the server answering. Exits 1 if a
target is missed. Run: ``make benchmark`` (not part of ``make test``).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from cat_kz.files import PROJECT_ROOT
from cat_kz.publish.dashboard import dashboard_command, stop_server

CHROMIUM = "/usr/bin/chromium"
TARGET_FIRST = 4.0
TARGET_LATER = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "voila/static/voila.js", timeout=5)  # noqa: S310 (this machine)
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def shown(browser, url: str) -> float:
    """Seconds from opening ``url`` in a new page to the explorer's records table drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    started = time.perf_counter()
    page.goto(url, timeout=180_000)
    page.wait_for_selector(".cat-kz-records table", timeout=180_000)
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--later", type=int, default=4, help="later pages to time (default 4)")
    parser.add_argument("--gap", type=float, default=10.0, help="seconds between viewers (default 10)")
    parser.add_argument("--pool-size", type=int, default=None, help="override the dashboard's pool size")
    options = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: dashboard targets not measured: NOT MET")
        return 1
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    extra = {} if options.pool_size is None else {"pool_size": options.pool_size}
    with tempfile.TemporaryDirectory(prefix="cat-kz-bench-") as tmp, open(Path(tmp) / "voila.log", "w") as log:
        env = dict(os.environ)
        launched = time.perf_counter()
        server = subprocess.Popen(
            dashboard_command(port, **extra),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while not answers(url):
                if server.poll() is not None or time.perf_counter() - launched > 180:
                    print(f"the dashboard did not start:\n{(Path(tmp) / 'voila.log').read_text()[-2000:]}")
                    return 1
                time.sleep(0.1)
            up = time.perf_counter() - launched
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
                first = shown(browser, url)
                later = []
                for _ in range(options.later):
                    time.sleep(options.gap)
                    later.append(shown(browser, url))
                browser.close()
        finally:
            stop_server(server)
    ok_first, ok_later = first <= TARGET_FIRST, max(later) <= TARGET_LATER
    print(f"dashboard: command to server answering {up:.1f} s (not a target)")
    print(
        f"first page after the server is up: {first:.2f} s (target <= {TARGET_FIRST:.0f} s): {'met' if ok_first else 'NOT MET'}"
    )
    print(
        f"later pages ({len(later)}, {options.gap:g} s apart): slowest {max(later):.2f} s, median {statistics.median(later):.2f} s "
        f"(target <= {TARGET_LATER:.0f} s): {'met' if ok_later else 'NOT MET'}"
    )
    return 0 if ok_first and ok_later else 1


if __name__ == "__main__":
    sys.exit(main())
