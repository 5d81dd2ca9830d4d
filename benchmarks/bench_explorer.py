"""Speed target of the explorer: every filter change redraws within half a second.

Builds the explorer (no browser: the redraw work is the kernel's), applies a
sequence of changes a researcher would make, and times each redraw. Prints the
slowest and the mean, and the ratio slowest / 0.5 s; exits 1 above 1.0.
Run: ``make benchmark``.
"""

from __future__ import annotations

import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

import cat_kz
from cat_kz.show.explore import explore

TARGET_SECONDS = 0.5


def main() -> int:
    app = explore(cat_kz.load_dataset())
    last = len(app.months) - 1
    changes = [
        ("method category: asphyxiation", lambda: setattr(app.method_categories, "value", ("asphyxiation",))),
        ("dates: 2011-12 to 2012-06", lambda: setattr(app.date, "index", (47, 53))),
        ("event category: trial", lambda: setattr(app.event_categories, "value", ("trial",))),
        ("search: bag", lambda: setattr(app.search, "value", "bag")),
        ("person: Rosa Tuletaeva", lambda: setattr(app.people, "value", ("p09",))),
        ("article 3", lambda: setattr(app.articles, "value", (3,))),
        ("destination: China", lambda: setattr(app.destinations, "value", ("China",))),
        ("show everything", app.reset),
        ("dates: all of 2012", lambda: setattr(app.date, "index", (48, min(59, last)))),
        ("show everything", app.reset),
    ]
    times = []
    for label, change in changes:
        started = time.perf_counter()
        change()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        print(f"{elapsed:6.3f} s  {label}")
    worst = max(times)
    print(f"slowest {worst:.3f} s, mean {statistics.mean(times):.3f} s over {len(times)} changes")
    print(
        f"ratio slowest / {TARGET_SECONDS} s = {worst / TARGET_SECONDS:.2f} (target <= 1.0): {'met' if worst <= TARGET_SECONDS else 'MISSED'}"
    )
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
