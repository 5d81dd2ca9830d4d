"""Redaction that holds against spelling: one normaliser for the redactor and the leak scan,
spelling variants in data (data/name_variants.csv), generated inflected forms."""

from __future__ import annotations

import csv
import json
import unicodedata

import pytest

import cat_kz
from cat_kz.dataset.normalise import fold, plain
from cat_kz.dataset.redaction import Redactor, scan, scan_files
from cat_kz.dataset.spellings import EXTRA_VARIANTS, VARIANTS_FILE, load_variants
from cat_kz.model.schema import NAME_VARIANTS

# what a careless or hostile writer may put in free text, and the person it names
LEAKS = [
    ("Тулетаева", "p09"),  # Cyrillic
    ("Роза Тулетаева", "p09"),
    ("Tulétaeva", "p09"),  # diacritics
    ("TULÉTAEVA", "p09"),
    ("Zhusupbaev", "p15"),  # another transliteration (data/name_variants.csv)
    ("Kenzhebaeva", "p01"),  # inflected forms
    ("Abdrakhmanova", "p03"),
    ("Mukhashevs", "p07"),
    ("Tuletaev", "p09"),
    ("Mukhortov", "p17"),
    ("the Kenzhebaevs'", "p01"),
    ("Tule\u00adtaeva", "p09"),  # a soft hyphen inside
    ("Tule\u200btaeva", "p09"),  # a zero-width space inside
    ("Kenzhe\u200dbaev\u2060", "p01"),  # a zero-width joiner, a word joiner
    ("Tuletaev\u0430", "p09"),  # a Cyrillic "а" among Latin letters
    ("\u041aenzhebaev", "p01"),  # a Cyrillic "К"
    ("Kenzh\u0435baev", "p01"),  # a Cyrillic "е"
    ("Ｔｕｌｅｔａｅｖａ", "p09"),  # full-width letters (NFKC)
    ("Tulet\u0301aeva", "p09"),  # a combining accent
    ("Ershidin Israil", "p19"),
]


@pytest.fixture(scope="module")
def people():
    return cat_kz.load_people()


@pytest.fixture(scope="module")
def victims(people):
    return Redactor(people, "victims")


@pytest.mark.parametrize("leak,pid", LEAKS)
def test_every_spelling_of_a_name_is_caught_and_replaced(victims, leak, pid):
    text = f"Witness: {leak} was held."
    assert scan(text, victims), leak  # the leak scan sees it
    out = victims.text(text)
    assert victims.pseudonyms[pid] in out, out
    assert out.startswith("Witness: ") and out.endswith(" was held."), out
    assert scan(out, victims) == [], out
    quoted = victims.quote(text)
    assert f"[{victims.pseudonyms[pid]}]" in quoted and scan(quoted, victims) == []


def test_replacement_keeps_the_text_around_the_name_exactly(victims):
    text = "« Tule\u00adtaeva » — Тулетаева’s cell; KENZHEBAЕV; x.org/tuletaev\u0430-case"
    assert victims.text(text) == "« Defendant F » — Defendant F’s cell; DETAINEE A; x.org/defendant-f-case"


def test_ordinary_words_still_pass(victims):
    for text in ("camels, rosary, Kanata, Israel", "Ключ к делу", "Остров", "naïve café", "Kalievsky"):
        assert victims.text(text) == text
        assert scan(text, victims) == []


def test_the_normaliser_properties():
    samples = ["Tulétaeva", "Тулетаева", "a\u00adb\u200bc", "ﬁne", "Ｋ", "İsrail", "straße", "x\u202ey", "plain ascii"]
    for text in samples:
        folded = fold(text)
        assert fold(folded.text).text == folded.text  # idempotent
        assert not any(unicodedata.category(c) == "Cf" for c in folded.text)  # nothing invisible left
        assert not any(unicodedata.combining(c) for c in folded.text)
        # every position maps back inside the original, in order
        starts = [folded.start(p) for p in range(len(folded.text) + 1)]
        assert starts == sorted(starts) and all(0 <= s <= len(text) for s in starts)
        assert folded.end(len(folded.text)) <= len(text)
    assert fold("plain ascii").identity and fold("plain ascii").text == "plain ascii"
    assert plain("TULÉTAEVA") == plain("Тулетаева") == plain("Tule\u00adtaeva") == "tuletaeva"


def test_variants_live_in_data_and_are_declared(people):
    assert VARIANTS_FILE.name == "name_variants.csv" and VARIANTS_FILE.is_file()
    with VARIANTS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(NAME_VARIANTS.column_names)
    names = dict(zip(people["person_id"], people["name"]))
    for row in rows:
        assert names[row["person_id"]] == row["name"], row  # the name as in people.csv
        assert row["kind"] in NAME_VARIANTS.column("kind").vocab
        assert row["reason"].strip()
    assert "Shabdal Otkelov" in EXTRA_VARIANTS["Shabdol Utkilov"]
    assert load_variants() == EXTRA_VARIANTS


def test_resolve_person_uses_the_same_normaliser(people):
    from cat_kz.dataset.people import resolve_person

    for leak, pid in LEAKS:
        if " " not in leak and "'" not in leak:
            assert resolve_person(leak, people) == pid, leak


def test_scan_files_reads_every_published_format(tmp_path, victims):
    files = {
        "a.html": "<p>Tule&shy;taeva</p>",
        "b.json": json.dumps({"x": "Тулетаева"}),  # \u escapes in JSON
        "c.csv": "id,name\n1,Kenzhebaeva\n",
        "d.svg": "<svg><text>Mukhashevs</text></svg>",
        "e.ipynb": json.dumps({"cells": [{"source": ["Tulétaeva"]}]}),
        "f.txt": "nothing here",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    found = scan_files(sorted(tmp_path.iterdir()), victims)
    assert sorted(path.name for path in found) == ["a.html", "b.json", "c.csv", "d.svg", "e.ipynb"]
    assert all(isinstance(v, list) and v for v in found.values())
