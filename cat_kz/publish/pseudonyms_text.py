"""Redaction pseudonyms in the reader's language: "[Defendant A]" is "[Подсудимый А]" in Russian.

:mod:`cat_kz.dataset.redaction` gives every individual one English pseudonym, its role's
word and a letter ("Defendant A"). An output in another language shows the role's word
from the catalogue (``trp("role", code, lang)``) and the *same* letter, the n-th letter of
the Latin alphabet becoming the n-th of :data:`RUSSIAN_LETTERS` (A → А, B → Б, C → В;
docs/glossary-ru.md): a person is the same letter in every language, so an English and a
Russian briefing of one redaction level can be read side by side. The pseudonyms are
translated after redaction, in the finished text: the redaction itself (and its leak scan)
is the same for every language.

>>> russian_pseudonym("Defendant C"), russian_pseudonym("Asylum seeker AB")
('Подсудимый В', 'Лицо, ищущее убежища АБ')
>>> pseudonyms_in("[Defendant A] told the court", "ru"), pseudonyms_in("[Defendant A]", "en")
('[Подсудимый А] told the court', '[Defendant A]')
"""

from __future__ import annotations

import re

from cat_kz.dataset.redaction import ROLE_LABELS
from cat_kz.model.language import check_language, trp

#: The letters a Russian pseudonym takes, in the Russian alphabet's order, without Ё, Й, Ъ, Ы
#: and Ь (never used to number in Russian): 26 of them, one for each Latin letter.
RUSSIAN_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭ"
_ROLE_OF = {label: role for role, label in ROLE_LABELS.items()}
_PSEUDONYM = re.compile(
    r"\b(" + "|".join(re.escape(label) for label in sorted(_ROLE_OF, key=len, reverse=True)) + r") ([A-Z]{1,3})\b"
)


def russian_letters(letters: str) -> str:
    """Each Latin capital as the Russian letter of the same rank ("AB" -> "АБ")."""
    return "".join(RUSSIAN_LETTERS[ord(letter) - ord("A")] for letter in letters)


def russian_pseudonym(english: str) -> str:
    """The Russian form of one English pseudonym ("Defendant A" -> "Подсудимый А")."""
    found = _PSEUDONYM.fullmatch(english)
    if not found:
        raise ValueError(f"not a pseudonym: {english!r}")
    return f"{trp('role', _ROLE_OF[found.group(1)], 'ru')} {russian_letters(found.group(2))}"


def pseudonyms_in(text: str, lang: str) -> str:
    """``text`` with every pseudonym in ``lang`` (English: unchanged)."""
    if check_language(lang) == "en":
        return text
    if lang != "ru":  # another language: its alphabet's letters are to be chosen when it is added
        raise ValueError(f"no pseudonym letters for {lang!r}")
    return _PSEUDONYM.sub(lambda m: russian_pseudonym(m.group(0)), text)


def map_strings(value, fn):
    """``fn`` applied to every string in nested lists and dicts (a dict's ``path`` and ``href`` kept)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("href", "path") else map_strings(v, fn)) for k, v in value.items()}
    return value
