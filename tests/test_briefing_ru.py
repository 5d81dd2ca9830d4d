"""The briefing in Russian (``--lang ru``), typeset from the data and read back with pypdf.

Built directly (content + compile, no kernel, no browser), as tests/test_briefing_pdf.py does
for English: Cyrillic headings, dates by Babel, no English interface string left outside the
source's own words, the figures' words in Russian, and a redacted render that passes the
leak scan with its pseudonyms in Russian.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

import cat_kz
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.model.language import tr
from cat_kz.publish.briefing_content import briefing_pdf, build_content
from cat_kz.publish.briefing_cover import LABELS
from cat_kz.publish.briefing_figures import draw_figures
from cat_kz.publish.keyfacts import key_facts
from cat_kz.publish.pdf import pdf_pages
from cat_kz.publish.typeset import NBSP

META = {"rendered_at": "12 марта 2025 г.", "dataset_fingerprint": "f0" * 32}


def flat(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module", params=["none", "victims"])
def briefing(request):
    level = request.param
    return level, [flat(page) for page in pdf_pages(briefing_pdf(META, redact=level, lang="ru"))]


def english_interface() -> list[str]:
    """The English briefing's headings, labels and framing sentences (the first words of each)."""
    content = build_content(
        key_facts(redact="victims"), {"rendered_at": "x"}, figures={"timeline": "t", "methods": "m"}
    )
    texts = [*LABELS.values(), content["cover"]["kicker"], content["cover"]["title"], content["cover"]["subtitle"]]
    texts += [m["label"] for m in content["cover"]["meta"]] + [content["redaction"]["footer"].split(":")[0]]
    for section in content["sections"].values():
        texts += [" ".join(p.split()[:5]) for p in section.get("intro", []) if isinstance(p, str)]
        texts += [sub["heading"] for sub in section.get("subsections", [])]
        texts += section.get("table", {}).get("columns", [])
        figure = section.get("figure")
        if figure:
            texts += [figure["caption"], figure.get("unit", "")[:30]]
    return [t for t in texts if t and t != "Human Rights Watch"]


def without_source_words(text: str, level: str) -> str:
    """The text less what stays in English on purpose: quotes, the source's title, findings and recommendations."""
    text = re.sub(r"\u201c[^\u201d]*\u201d", " ", text)
    facts = key_facts(redact=level)
    for words in [*facts.findings["finding"], *facts.recommendations["recommendation"]]:
        text = text.replace(flat(words), " ")
    return text.replace("Submission to the United Nations Committee Against Torture on Kazakhstan", " ")


def test_cyrillic_headings_and_russian_dates(briefing):
    _, pages = briefing
    text = " ".join(pages)
    for heading in ("Основные выводы", "Хронология событий", "Законодательство и практика", "Рекомендации"):
        assert heading in text, heading
    assert "16–19 декабря 2011 г." in text and "декабря 2011" in text
    assert "конец 2010 г." in text, "a part of a year, by its bounds"
    assert "Страница 1 / " in pages[0] and "Дата подготовки 12 марта 2025 г." in pages[0]
    assert 6 <= len(pages) <= 12
    thin = [number for number, page in enumerate(pages[1:], start=2) if len(page) < 200]
    assert thin == [], f"pages with under 200 characters: {thin}"


def test_key_findings_as_russian_headlines(briefing):
    _, pages = briefing
    text = " ".join(pages)
    assert "Жанаозен, декабрь 2011 г.: убиты 12 человек (с. 3); другие источники: от 11 до 17." in text
    assert "осуждены 34 человека (с. 3)" in text
    assert "Выдача в Узбекистан, 9 июня 2011 г.: не менее 28 человек" in text


def test_no_english_interface_string_left(briefing):
    level, pages = briefing
    shown = without_source_words(" ".join(pages), level)
    left = [english for english in english_interface() if flat(english) in shown]
    assert left == [], f"English left in the Russian briefing: {left}"
    assert not re.search(r"\bpp?\. \d", shown), "page citations are 'с. 3' in Russian"


def test_quotes_stay_english_and_say_so(briefing):
    level, pages = briefing
    text = " ".join(pages)
    quotes = re.findall(r"\u201c([^\u201d]+)\u201d \u2014 Human Rights Watch \(с\. (\d+)\)", text)
    assert len(quotes) >= 3
    assert all(
        re.search(r"[A-Za-z]", words) and not re.search(r"[а-яА-Я]{3,}", words) or "[" in words for words, _ in quotes
    )
    assert "На языке источника (английском)" in pages[0]


def test_redacted_russian_render_passes_the_leak_scan(briefing):
    level, pages = briefing
    if level == "none":
        assert "Обезличено" not in " ".join(pages)
        return
    text = " ".join(pages)
    assert scan(text, Redactor(cat_kz.load_people(), "victims")) == []
    assert all("Обезличено (уровень: пострадавшие)" in page for page in pages)
    quoted = re.findall(r"\u201c([^\u201d]+)\u201d", text)
    assert any("[Подсудимый " in q for q in quoted), "a pseudonym in a quote, in Russian and bracketed"
    assert "[Defendant" not in text and "Defendant A" not in text


def test_the_same_person_keeps_the_same_letter():
    from cat_kz.publish.pseudonyms_text import pseudonyms_in

    english = build_content(key_facts(redact="victims"), META, figures={})
    russian = build_content(key_facts(redact="victims", lang="ru"), META, figures={}, lang="ru")
    pattern = re.compile(r"\[Defendant ([A-Z])\]")
    letters = pattern.findall(str(english["sections"]["methods"]))
    assert letters, "the methods section quotes a defendant"
    assert [f"[Подсудимый {'АБВГДЕ'['ABCDEF'.index(x)]}]" for x in letters] == re.findall(
        r"\[Подсудимый [А-Я]\]", str(russian["sections"]["methods"])
    )
    assert pseudonyms_in("Official C and Defendant AB", "ru") == "Должностное лицо В and Подсудимый АБ"


def svg_words(path: Path) -> str:
    """The words matplotlib wrote beside each text it drew as paths (``<!-- words -->``)."""
    return " ".join(re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"), flags=re.S))


def test_the_figures_carry_russian_words():
    dataset = cat_kz.load_dataset(redact="victims")
    with tempfile.TemporaryDirectory() as folder:
        draw_figures(dataset, Path(folder), lang="ru")
        timeline, methods = svg_words(Path(folder) / "timeline.svg"), svg_words(Path(folder) / "methods.svg")
        draw_figures(dataset, Path(folder))
        english = svg_words(Path(folder) / "methods.svg")
    assert "Насилие в Жанаозене" in timeline and "Категория события" in timeline
    assert "Удушение" in methods and "Лица или группы" in methods and "отдельные лица" in methods
    assert "Asphyxiation" in english
    for word in ("Asphyxiation", "individuals", "Event category", "Trial and testimony", "Persons or groups"):
        assert word not in timeline + methods, word


def test_the_catalogue_is_used_not_a_fallback():
    assert tr("What happened when", "ru") != "What happened when"
