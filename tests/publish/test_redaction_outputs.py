"""Redaction proven on every output: the whole suite rendered at each level, every file scanned.

A redaction that misses one caption, quote or SVG text node is worse than none,
because it is trusted: so this renders the report suite at every level and
reads every file it wrote (executed notebooks, HTML, CSV, SVG, PNG metadata,
the index and, where the render made them, the briefing kit's PDFs, slides and
key facts) for every redacted person's full name and surname.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import pytest
from PIL import Image

import cat_kz
from cat_kz.dataset.redaction import LEVELS, Redactor, pseudonyms
from tests.helpers.pdf import pdf_metadata, pdf_pages

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]
LOST = "[name lost in transcription]"
#: the non-ASCII letters an IGNORECASE pattern of ASCII letters matches: İ ı ſ K (Kelvin sign)
IGNORECASE_EXTRA = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


@pytest.fixture(scope="module")
def rendered(rendered_suite):
    # rendered once per session (tests/conftest.py); level "none" is the report's defaults
    folders = {}
    for level in LEVELS:
        suite = rendered_suite(level)
        assert suite.statuses == ["ok"] * len(suite.statuses) and suite.exit_code == 0, (level, suite.printed)
        folders[level] = suite.out
    return folders


def output_texts(folder) -> dict[str, str]:
    """Every file's text: text files whole, PNGs by their metadata chunks, PDFs by
    their pages' text and their metadata (read once per session: the renders do not change)."""
    return dict(_output_texts(str(folder)))


@functools.cache
def _output_texts(folder: str) -> tuple[tuple[str, str], ...]:
    folder = Path(folder)
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".png":
            with Image.open(path) as image:
                texts[str(path)] = " ".join(f"{k} {v}" for k, v in image.info.items() if isinstance(v, str))
        elif path.suffix == ".pdf":
            texts[str(path)] = "\n".join(pdf_pages(path)) + "\n" + pdf_metadata(path)
        else:
            texts[str(path)] = path.read_text(encoding="utf-8")
    return tuple(texts.items())


def forbidden(level: str) -> dict[str, list[str]]:
    """person_id -> the full name and surname that must not appear at this level."""
    people = cat_kz.load_people()
    redactor = Redactor(people, level)
    names = people.set_index("person_id")["name"]
    return {pid: [names[pid], names[pid].split()[-1]] for pid in redactor.redacted if names[pid] != LOST}


@pytest.mark.parametrize("level", ["minors", "victims", "all"])
def test_no_redacted_name_in_any_output(rendered, level):
    texts = output_texts(rendered[level])
    assert any(name.endswith(".svg") for name in texts) and any(name.endswith(".png") for name in texts)
    # With IGNORECASE, ASCII letters also match four other letters (Python's re docs): fold
    # them too, so a plain substring test can rule a spelling out before its regex runs.
    lowered = {path: text.translate(IGNORECASE_EXTRA).lower() for path, text in texts.items()}
    leaks = [
        (path.rsplit("/", 2)[-2:], name)
        for pid, names in forbidden(level).items()
        for name in names
        for path, text in lowered.items()
        if name.lower() in text
    ]
    assert leaks == []
    # every other spelling the redactor knows (given names, transliterations, the web-address
    # form "shabdal-otkelov"), as whole words, hyphens or spaces between their parts
    spellings = Redactor(cat_kz.load_people(), level).names()
    patterns = [
        (s, re.compile(r"\b" + r"[\s_-]+".join(map(re.escape, s.split())) + r"\b", re.IGNORECASE)) for s in spellings
    ]

    def may_hold(spelling: str, path: str) -> bool:
        # a spelling can only match where its first word stands (any case): a plain
        # substring test first, the regex only then (both ways for a non-ASCII spelling)
        return not spelling.isascii() or spelling.split()[0].lower() in lowered[path]

    leaks = [
        (path.rsplit("/", 2)[-2:], p.pattern)
        for path, text in texts.items()
        for spelling, p in patterns
        if may_hold(spelling, path) and p.search(text)
    ]
    assert leaks == []


@pytest.mark.parametrize(
    "level, still_named",
    [
        ("none", ["Nursultan Mukhashev", "Rosa Tuletaeva", "Zhenisbek Temirov"]),
        ("minors", ["Rosa Tuletaeva", "Zhenisbek Temirov"]),
        ("victims", ["Zhenisbek Temirov"]),
    ],
)
def test_unredacted_people_still_appear(rendered, level, still_named):
    everything = " ".join(output_texts(rendered[level]).values())
    assert [name for name in still_named if name not in everything] == []


def test_pseudonyms_are_the_same_in_every_table_and_run(rendered):
    people = cat_kz.load_people()
    expected = pseudonyms(people)
    names = people.set_index("person_id")["name"]
    acts = cat_kz.load_acts().set_index("act_id")
    for level in ("minors", "victims", "all"):
        redacted = Redactor(people, level).redacted
        with open(rendered[level] / "02_abuse_methods" / "02_allegations_by_person.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                pid = acts.at[row["act_id"], "person_id"]
                if acts.at[row["act_id"], "person_kind"] == "group":
                    continue
                if names[pid] == LOST:  # not a name: kept as the source has it
                    assert row["person"] == LOST
                elif pid in redacted:
                    assert row["person"] == expected[pid], (level, row["act_id"])
                else:
                    assert row["person"] == names[pid], (level, row["act_id"])
    assert "Defendant D" in (rendered["minors"] / "02_abuse_methods.html").read_text()  # the 17-year-old


@pytest.mark.parametrize(
    "table, key_columns",
    [
        ("02_abuse_methods/02_methods_by_category_persons.csv", ["key", "n", "n_groups"]),
        ("03_refoulement/03_persons_by_destination.csv", ["destination", "n_persons", "qualifier", "cases"]),
        ("03_refoulement/03_persons_by_year.csv", ["year", "n_persons", "cases"]),
        ("01_timeline/01_timeline_events.csv", ["number", "event_id", "page", "date_start"]),
        ("00_overview/00_record_counts.csv", ["table", "records"]),
    ],
)
def test_counts_tallies_and_figures_identical_across_levels(rendered, table, key_columns):
    def read(level):
        with open(rendered[level] / table, newline="") as handle:
            return [[row[c] for c in key_columns] for row in csv.DictReader(handle)]

    baseline = read("none")
    assert baseline and all(read(level) == baseline for level in LEVELS)


def test_person_by_category_matrix_has_the_same_totals(rendered):
    def totals(level):
        with open(rendered[level] / "02_abuse_methods" / "02_person_by_category.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return sorted(sum(int(v) for k, v in row.items() if k != "person or group") for row in rows)

    assert all(totals(level) == totals("none") for level in LEVELS)
