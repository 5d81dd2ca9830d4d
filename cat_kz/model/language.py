"""The languages a reader may get: one catalogue of reader-facing strings, dates and numbers by locale.

English is the language of the code: a string is written in English where it is
used, marked for the catalogue by one of three calls, and looked up in the gettext
catalogue of the language asked for (``cat_kz/locale/<lang>/LC_MESSAGES/cat_kz.po``,
read with Babel when first needed, no compiled ``.mo`` to keep in step):

- ``tr(message, lang)``: a sentence or label;
- ``trn(singular, plural, n, lang)``: by the language's plural rules (1 человек,
  2 человека, 5 человек); ``{n}`` in the message is the number, formatted for the locale;
- ``trp(context, message, lang)``: a vocabulary value, the context naming its
  vocabulary ("method category", "relation"), since one English word may need two
  translations.

A third language is one new ``.po`` file (``make messages`` extracts the strings
with Babel; ``LANGUAGES`` lists it). Quotes of the source are never translated:
they are its words, in English.

>>> tr("Key findings", "ru")
'Основные выводы'
>>> trn("{n} person", "{n} persons", 5, "ru"), trn("{n} person", "{n} persons", 1, "en")
('5 человек', '1 person')
>>> date_text(datetime.date(2011, 12, 16), "ru"), date_text(datetime.date(2011, 12, 16), "en")
('16 декабря 2011\u202fг.', '16 December 2011')
>>> number_text(1234, "ru")
'1\\xa0234'
>>> place_text("Zhanaozen", "ru"), place_text("Zhanaozen", "ru", "in"), place_text("Uzbekistan", "en", "to")
('Жанаозен', 'в Жанаозене', 'to Uzbekistan')

Place names come from the gazetteer ``cat_kz/locale/gazetteer.csv`` (its ``note`` column
says where a form comes from): the name (``ru``), "in" the place (``ru_in``, the locative:
"в Жанаозене") and "to" it (``ru_to``: "в Узбекистан"), so no code inflects a Russian word.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

#: The languages a reader may ask for, English first (the language of the source and the code).
LANGUAGES = ("en", "ru")
#: Babel locale of each language: British English writes "16 December 2011", as the reports do.
LOCALES = {"en": "en_GB", "ru": "ru"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "cat_kz"


def check_language(lang: str) -> str:
    """``lang`` if cat-kz has it, else a ValueError naming the languages it has."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages are {', '.join(LANGUAGES)}")
    return lang


def catalogue_path(lang: str) -> Path:
    """Where the ``.po`` file of ``lang`` lives (English has none: its strings are the code's)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The gettext translations of ``lang``, compiled in memory from its ``.po`` file."""
    if check_language(lang) == "en":
        return NullTranslations()
    # Babel: read_po and write_mo are its catalogue tools (heavy only on first use)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(catalogue_path(lang), "rb") as handle:
        catalog = read_po(handle, locale=LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return GNUTranslations(buffer)


def tr(message: str, lang: str = "en") -> str:
    """``message`` in ``lang``."""
    return translations(lang).gettext(message)


def trn(singular: str, plural: str, n: int, lang: str = "en") -> str:
    """The form of ``singular``/``plural`` that ``n`` takes in ``lang``, with ``{n}`` filled in."""
    return translations(lang).ngettext(singular, plural, n).format(n=number_text(n, lang))


def trp(context: str, message: str, lang: str = "en") -> str:
    """``message`` of the vocabulary ``context`` in ``lang``."""
    return translations(lang).pgettext(context, message)


def date_text(day: datetime.date, lang: str = "en", *, precision: str = "day") -> str:
    """A date as a reader of ``lang`` writes it: a day, a month ("декабрь 2011 г.") or a year."""
    from babel.dates import format_date, format_skeleton  # Babel's locale data: loaded on first use

    locale = LOCALES[check_language(lang)]
    if precision == "year":  # "2011 г." in Russian
        return trp("date", "{year}", lang).format(year=day.year)
    if precision == "month":
        return format_skeleton("yMMMM", day, locale=locale)
    return format_date(day, format="long", locale=locale)


def number_text(n: int | float, lang: str = "en") -> str:
    """A number with the grouping of ``lang`` ("1 234" in Russian, with a no-break space)."""
    from babel.numbers import format_decimal  # Babel's locale data: loaded on first use

    return format_decimal(n, locale=LOCALES[check_language(lang)])


#: A gazetteer column per form of a place name: the name, "in" the place, "to" it.
PLACE_FORMS = {"name": "", "in": "_in", "to": "_to"}


@functools.cache
def gazetteer() -> dict[str, dict[str, str]]:
    """place (as the data spells it) -> its row of ``cat_kz/locale/gazetteer.csv``."""
    with open(LOCALE_DIR / "gazetteer.csv", encoding="utf-8", newline="") as handle:
        return {row["place"]: row for row in csv.DictReader(handle)}


def place_text(place: str, lang: str = "en", form: str = "name") -> str:
    """``place`` in ``lang``: its name, "in" it or "to" it (``form``); a place the gazetteer
    lacks keeps the data's spelling (the test of the gazetteer fails on it first)."""
    english = {"name": "{place}", "in": "in {place}", "to": "to {place}"}[form]
    if check_language(lang) == "en" or place not in gazetteer():
        return english.format(place=place) if lang == "en" else place
    return gazetteer()[place][f"{lang}{PLACE_FORMS[form]}"]
