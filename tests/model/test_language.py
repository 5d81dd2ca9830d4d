"""One catalogue of reader-facing strings: every marked string is translated for every shipped language."""

from __future__ import annotations

import datetime

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import cat_kz
from cat_kz.files import PROJECT_ROOT
from cat_kz.model.language import LANGUAGES, LOCALES, catalogue_path, date_text, number_text, tr, trn, trp

KEYWORDS = {"tr": (1,), "trn": (1, 2), "trp": ((1, "c"), 2)}


def marked_messages() -> set[tuple[str | None, str]]:
    """(context, message id) of every string the code marks with tr(), trn() or trp()."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        PROJECT_ROOT / "cat_kz", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def catalogue(lang: str):
    with open(catalogue_path(lang), "rb") as handle:
        return read_po(handle, locale=LOCALES[lang])


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_marked_string_has_a_translation(lang):
    entries = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalogue(lang) if m.id}
    missing = sorted(str(key) for key in marked_messages() if key not in entries)
    assert missing == [], f"not in the {lang} catalogue (run make messages, then translate)"
    untranslated = [
        str(key)
        for key, m in entries.items()
        if m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert untranslated == []


def test_the_checker_sees_a_missing_translation(tmp_path, monkeypatch):
    # a catalogue without the marked strings fails the test above
    empty = tmp_path / "ru" / "LC_MESSAGES" / "cat_kz.po"
    empty.parent.mkdir(parents=True)
    empty.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n', encoding="utf-8")
    monkeypatch.setattr("cat_kz.model.language.LOCALE_DIR", tmp_path)
    if marked_messages():
        with pytest.raises(AssertionError):
            test_every_marked_string_has_a_translation("ru")


def test_plural_forms_follow_the_language():
    assert [trn("{n} person", "{n} persons", n, "ru") for n in (1, 2, 5, 21, 1234)] == [
        "1 человек",
        "2 человека",
        "5 человек",
        "21 человек",
        "1\xa0234 человека",
    ]
    assert [trn("{n} person", "{n} persons", n, "en") for n in (1, 2)] == ["1 person", "2 persons"]


def test_dates_and_numbers_by_locale():
    day = datetime.date(2011, 12, 16)
    assert date_text(day, "ru") == "16 декабря 2011\u202fг."  # Babel (CLDR): a narrow no-break space
    assert date_text(day, "en") == "16 December 2011"
    assert date_text(day, "ru", precision="month") == "декабрь 2011\u202fг."
    assert number_text(1234, "ru") == "1\xa0234" and number_text(1234, "en") == "1,234"


def test_english_is_the_code_and_an_unknown_language_is_refused():
    assert tr("Anything at all", "en") == "Anything at all" and trp("relation", "agrees", "en") == "agrees"
    with pytest.raises(ValueError, match="unknown language 'xx'; languages are en, ru"):
        tr("Key findings", "xx")


def test_every_place_has_its_russian_form():
    import csv

    with open(PROJECT_ROOT / "cat_kz" / "locale" / "gazetteer.csv", encoding="utf-8") as handle:
        places = {row["place"]: row["ru"] for row in csv.DictReader(handle)}
    ds = cat_kz.load_dataset()
    named = set(ds.events["place"].dropna()) | set(ds.refoulement["destination"].dropna())
    assert sorted(named - set(places)) == []
    assert places["Zhanaozen"] == "Жанаозен" and places["Aktau"] == "Актау" and places["Almaty"] == "Алматы"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_vocabulary_label_has_a_translation(lang):
    # the vocabularies' labels live in the tables, not in code: make messages adds them to the template
    from cat_kz.model.vocabulary_text import vocabulary_messages

    entries = {(m.context, m.id): m.string for m in catalogue(lang) if m.id and isinstance(m.id, str)}
    missing = [pair for pair in vocabulary_messages() if not entries.get(pair)]
    assert missing == [], f"vocabulary labels without a {lang} translation (run make messages, then translate)"
    assert trp("method category", "Asphyxiation", lang) != "Asphyxiation"


def test_pseudonyms_keep_their_letter_in_russian():
    from cat_kz.publish.pseudonyms_text import RUSSIAN_LETTERS, russian_pseudonym

    assert len(RUSSIAN_LETTERS) == 26 and len(set(RUSSIAN_LETTERS)) == 26
    assert [russian_pseudonym(f"Defendant {x}") for x in "ABC"] == ["Подсудимый А", "Подсудимый Б", "Подсудимый В"]
