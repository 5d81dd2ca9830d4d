"""Synthetic datasets at scale, for benchmarks: N acts with proportional tables.

:func:`write_synthetic` writes a complete data directory that passes every
check of :func:`cat_kz.load_dataset`: ``N`` acts, ``N/5`` events, ``N/10``
people, ``N/20`` counts, ``N/1000`` refoulement cases, recommendations and
findings, plus a synthetic source text on which every quote stands on the
page its record cites (25 quotes per page, about the density of the real source). The methods, articles and the
HURIDOCS reference are copied from the real data. Every date form the
project uses (day, month, year, season, quadrimester, interval, approximate)
occurs among the events.

Nothing in it is real: names are "Synthetic person 12", places "Synthetic
town 3". It exists to measure how loading and validation scale
(``benchmarks/bench_scale.py``); never mix it with the evidence data.

Command line: ``python -m cat_kz.dataset.synthetic OUT_DIR --acts 100000``.

>>> import tempfile, cat_kz
>>> with tempfile.TemporaryDirectory() as tmp:
...     sizes = write_synthetic(tmp, acts=200)
...     ds = cat_kz.load_dataset(tmp)
>>> sizes["acts"], len(ds.acts), len(ds.events), len(ds.people)
(200, 200, 40, 20)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from cat_kz.files import PROJECT_ROOT
from cat_kz.model.schema import (
    ALLEGED_BY,
    EVENT_CATEGORIES,
    FINDING_TOPICS,
    FOUND_BY,
    MECHANISMS,
    ROLES,
    SETTINGS,
    SEXES,
    TABLE_ORDER,
    TABLES,
)
from cat_kz.model.sources import BODY_MARKER

SOURCE_ID = "synthetic"
SOURCE_FILE = "raw/synthetic-source.txt"
QUOTES_PER_PAGE = 25  # the real source: about 18 quotes on a page of about 2,000 characters
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_REAL = PROJECT_ROOT / "data"


class _Pages:
    """Collects quotes into numbered page lines of the source text, as they are written."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.number = 1
        self.quotes: list[str] = []

    def place(self, quote: str) -> int:
        """Put *quote* on the current page; returns that page's number."""
        self.quotes.append(quote)
        number = self.number
        if len(self.quotes) == QUOTES_PER_PAGE:
            self.flush()
        return number

    def flush(self) -> None:
        if self.quotes:
            self.handle.write(" ".join(self.quotes) + f" {self.number}\n")
            self.quotes = []
            self.number += 1


def _date(i: int) -> tuple[str, str, bool]:
    """(date phrase, EDTF, is a single day) of synthetic event *i*: every form the project uses."""
    year, month, day = 1995 + i % 25, 1 + i % 12, 1 + i % 28
    name = _MONTHS[month - 1]
    form = i % 8
    if form == 0:
        return f"{name} {day}, {year}", f"{year}-{month:02d}-{day:02d}", True
    if form == 1:
        return f"{name} {year}", f"{year}-{month:02d}", False
    if form == 2:
        return f"in {year}", f"{year}", False
    if form == 3:
        return f"spring {year}", f"{year}-21", False
    if form == 4:
        return f"late {year}", f"{year}-39", False
    if form == 5:
        return (
            f"between {name} {day} and {day + 1}, {year}",
            f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + 1:02d}",
            False,
        )
    if form == 6:
        return f"around {name} {year}", f"{year}-{month:02d}~", False
    return f"winter {year}", f"{year}-24?", False


def _methods() -> list[str]:
    with open(_REAL / "methods.csv", newline="", encoding="utf-8-sig") as handle:
        return [row["method_code"] for row in csv.DictReader(handle)]


class _Ids:
    """The ids a synthetic record points at, and its quote placed on a page of the source."""

    def __init__(self, sizes: dict[str, int], pages: _Pages) -> None:
        self.people, self.events, self.pages = sizes["people"], sizes["events"], pages

    def person(self, i: int) -> str:
        return f"sp{i % self.people:07d}"

    def event(self, i: int) -> str:
        return f"ev-s{i % self.events:07d}"

    def individual(self, i: int) -> str:  # every tenth person is a group
        i %= self.people
        return self.person(i + 1 if i % 10 == 0 and self.people > 1 else i)

    def quoted(self, quote: str) -> list[object]:
        return [SOURCE_ID, self.pages.place(quote), quote]


def _rows(name: str, n: int, sizes: dict[str, int], pages: _Pages) -> Iterator[list[object]]:
    """The rows of one synthetic table, in the schema's column order."""
    make = _TABLE_ROWS.get(name)
    if make is not None:
        yield from make(n, _Ids(sizes, pages))


def _people(n: int, ids: _Ids) -> Iterator[list[object]]:
    for i in range(n):
        group = i % 10 == 0
        age = "" if group or i % 3 else str(12 + i % 40)
        minor = "" if not age else ("true" if int(age) < 18 else "false")
        quote = f"Synthetic person {i} is named in record {i} of this text."
        yield [
            ids.person(i),
            f"Synthetic person {i}",
            "group" if group else "individual",
            "5" if group else "",
            SEXES[i % len(SEXES)],
            age,
            minor,
            ROLES[i % len(ROLES)],
            "other synthetic persons" if group else "",
            *ids.quoted(quote),
            "",
        ]


def _events(n: int, ids: _Ids) -> Iterator[list[object]]:
    categories = tuple(EVENT_CATEGORIES)
    for i in range(n):
        phrase, edtf, _ = _date(i)
        quote = f"Synthetic event {i} took place {phrase} in Synthetic town {i % 97}."
        yield [
            ids.event(i),
            phrase,
            edtf,
            categories[i % len(categories)],
            f"Synthetic event {i}",
            f"Synthetic event {i}.",
            f"Synthetic town {i % 97}",
            "1;2" if i % 4 == 0 else "",
            ids.person(i) if i % 3 == 0 else "",
            *ids.quoted(quote),
            "",
        ]


def _acts(n: int, ids: _Ids) -> Iterator[list[object]]:
    methods = _methods()
    for i in range(n):
        summary = i % 50 == 49  # restates the act before it, of the same person (ten acts each)
        occasion = i % ids.events
        if _date(occasion)[2]:  # a single day would need the act's quote to state it
            occasion = (occasion + 1) % ids.events
        method = methods[i % len(methods)]
        quote = f"Synthetic act {i}: {ids.person(i // 10)} alleged {method.replace('_', ' ')} by officers."
        yield [
            f"act-{i:07d}",
            ids.person(i // 10),
            method,
            "" if _date(occasion)[2] else ids.event(occasion),
            ids.event(i * 7 + 3),
            SETTINGS[i % len(SETTINGS)],
            "officers",
            "",
            ALLEGED_BY[i % len(ALLEGED_BY)],
            "",
            "summary" if summary else "case",
            "unclear" if i % 17 == 0 else "stated",
            f"act-{i - 1:07d}" if summary else "",
            *ids.quoted(quote),
            "",
        ]


def _refoulement(n: int, ids: _Ids) -> Iterator[list[object]]:
    for i in range(n):
        phrase, edtf, _ = _date(8 * i + 1)  # a month
        acted = i % 2 == 1
        action = "in May 2012" if acted else ""
        quote = f"Synthetic return {i} of {ids.individual(7 * i)} to synthetic country {i % 5} {phrase}" + (
            f", despite interim measures {action}." if acted else "."
        )
        yield [
            f"rf-s{i:07d}",
            f"synthetic returnee {i}",
            ids.individual(7 * i),
            "1",
            "exact",
            "not stated",
            "",
            f"Synthetic country {i % 5}",
            phrase,
            edtf,
            MECHANISMS[i % len(MECHANISMS)],
            "interim measures" if acted else "none stated",
            action,
            "2012-05" if acted else "",
            "true" if acted else "",
            "not stated",
            "",
            "",
            ids.event(8 * i + 1),
            *ids.quoted(quote),
            "",
        ]


def _counts(n: int, ids: _Ids) -> Iterator[list[object]]:
    for i in range(n):
        value = 1 + i % 50
        quote = f"Synthetic count {i}: at least {value} persons were detained."
        yield [
            f"cnt-s{i:07d}",
            "detained",
            value,
            f"at least {value}",
            "persons",
            "at least",
            ids.event(i),
            *ids.quoted(quote),
            "",
        ]


def _recommendations(n: int, ids: _Ids) -> Iterator[list[object]]:
    for i in range(n):
        quote = f"Synthetic recommendation {i}: investigate every allegation."
        yield [f"rec-s{i:07d}", f"Synthetic recommendation {i}.", "2;12", "", *ids.quoted(quote), ""]


def _findings(n: int, ids: _Ids) -> Iterator[list[object]]:
    topics = tuple(FINDING_TOPICS)
    for i in range(n):
        quote = f"Synthetic finding {i}: allegations are not investigated."
        yield [
            f"fd-s{i:07d}",
            topics[i % len(topics)],
            f"Synthetic finding {i}.",
            FOUND_BY[i % len(FOUND_BY)],
            "",
            ids.event(i) if i % 2 else "",
            *ids.quoted(quote),
            "",
        ]


#: the tables this generator writes rows for, in the order they are written
_TABLE_ROWS = {
    "people": _people,
    "events": _events,
    "acts": _acts,
    "refoulement": _refoulement,
    "counts": _counts,
    "recommendations": _recommendations,
    "findings": _findings,
}


def _write_sources(out: Path) -> None:
    """sources.csv: the synthetic source (with its hash) and the real HURIDOCS reference."""
    digest = hashlib.sha256((out / SOURCE_FILE).read_bytes()).hexdigest()
    with open(_REAL / "sources.csv", newline="", encoding="utf-8-sig") as handle:
        huridocs = next(row for row in csv.DictReader(handle) if row["source_id"] == "huridocs-mt5")
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=TABLES["sources"].column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerow(
            {
                "source_id": SOURCE_ID,
                "title": "Synthetic source (benchmarks only)",
                "publisher": "cat-kz",
                "published": "",
                "path": SOURCE_FILE,
                "sha256": digest,
                "has_pages": "true",
            }
        )
        writer.writerow(huridocs)


def write_synthetic(out_dir: Path | str, acts: int) -> dict[str, int]:
    """Write a synthetic data directory with *acts* acts; returns the rows per table.

    Tables this generator does not know (added to the schema later) are
    written with their header only.
    """
    if acts < 10:
        raise ValueError(f"acts = {acts}: at least 10 (one group, some individuals)")
    out = Path(out_dir)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "reference").mkdir(exist_ok=True)
    small = max(1, acts // 1000)
    sizes = {
        "acts": acts,
        "events": max(8, acts // 5),
        "people": max(10, acts // 10),
        "counts": max(1, acts // 20),
        "refoulement": small,
        "recommendations": small,
        "findings": small,
    }
    for name in ("methods", "articles"):
        shutil.copyfile(_REAL / f"{name}.csv", out / f"{name}.csv")
    reference = "reference/huridocs-methods-of-violence.csv"
    shutil.copyfile(_REAL / reference, out / reference)

    with open(out / SOURCE_FILE, "w", encoding="utf-8", newline="\n") as source:
        source.write("Synthetic source text for benchmarks (not evidence)\n\n" + BODY_MARKER + "\n")
        pages = _Pages(source)
        for name in ("people", "events", "acts", "refoulement", "counts", "recommendations", "findings"):
            with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(TABLES[name].column_names)
                writer.writerows(_rows(name, sizes[name], sizes, pages))
        pages.flush()

    _write_sources(out)
    for name in TABLE_ORDER:  # tables added to the schema after this generator: header only
        if not (out / f"{name}.csv").exists():
            with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle, lineterminator="\n").writerow(TABLES[name].column_names)
            sizes[name] = 0
    with open(out / "articles.csv", newline="", encoding="utf-8-sig") as handle:
        articles = sum(1 for _ in csv.DictReader(handle))
    return sizes | {"methods": len(_methods()), "articles": articles, "sources": 2}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cat_kz.dataset.synthetic",
        description="Write a synthetic cat-kz data directory (benchmarks only).",
    )
    parser.add_argument("out_dir", help="folder to write (created if missing)")
    parser.add_argument(
        "--acts", type=int, default=10_000, help="number of acts (default 10000); other tables scale with it"
    )
    options = parser.parse_args(argv)
    try:
        sizes = write_synthetic(options.out_dir, options.acts)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(", ".join(f"{name} {count}" for name, count in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
