"""One normaliser for matching names: what the redactor, the leak scan and
:func:`cat_kz.dataset.people.resolve_person` all compare.

:func:`fold` writes a text as its matching form and keeps a map back to the
original, so a name found in the folded copy is replaced in the original text:

- Unicode NFKC (full-width letters, ligatures, no-break spaces become plain ones);
- letters outside ASCII case folded (ASCII letters are left as they are: every
  matching expression ignores case), diacritics removed (``Tulétaeva`` -> ``tuletaeva``);
- soft hyphens, zero-width characters, bidi controls and every other invisible
  format character (Unicode category Cf) removed (``Tule\\u00adtaeva``);
- Cyrillic transliterated as the source spells Russian and Kazakh names
  (``Тулетаева`` -> ``tuletaeva``), except in a word that mixes Latin and
  Cyrillic letters, where a Cyrillic (or Greek) letter that looks like a Latin one
  is read as that letter (``Tuletaevа`` with a Cyrillic ``а``, ``Кadyrov``).

ASCII text is returned as it is (the matching regular expressions ignore case),
so the usual case costs one ``str.isascii``.

>>> fold("Tulétaeva, Тулетаева, Tule\\u00adtaeva, Tuletaevа").text
'Tuletaeva, tuletaeva, Tuletaeva, Tuletaeva'
>>> f = fold("Жанат said")  # two Latin letters for one Cyrillic one
>>> f.text, f.start(7), f.end(6)
('zhanat said', 6, 5)
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

__all__ = ["CYRILLIC", "Folded", "fold", "plain"]

#: Cyrillic letters (Russian and Kazakh) in the Latin spelling the source uses.
CYRILLIC = dict(zip(
    "абвгдезийклмнопрстуфцыэәғқңөұүһі",
    "a b v g d e z i y k l m n o p r s t u f ts y e a g k n o u u h i".split(),
)) | {"ё": "e", "ж": "zh", "х": "kh", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "ъ": "", "ь": ""}  # fmt: skip

#: Cyrillic and Greek letters (lower case) that look like a Latin letter, read as it inside a Latin word.
LOOK_ALIKES = dict(zip("авеёкмнорстухіјѕһԁԛԝүαβεικνορτυχ", "abeekmhopctyxijshdqwyabeiknoptux"))

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LATIN = re.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=4096)
def _char(c: str, latin_word: bool) -> str:
    """One character's matching form."""
    if unicodedata.category(c) == "Cf":  # soft hyphen, zero-width space, bidi control, BOM ...
        return ""
    out = []
    for d in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", c).casefold()):
        if unicodedata.combining(d):
            continue
        if latin_word and d in LOOK_ALIKES:
            out.append(LOOK_ALIKES[d])
        else:
            out.append(CYRILLIC.get(d, d))
    return "".join(out)


class Folded:
    """A folded text and the map from its positions back to the original's."""

    def __init__(self, text: str, changes: list[tuple[int, int, int, int]]):
        self.text = text
        # (folded start, folded end, original start, original end) of each stretch whose length changed
        self._changes = changes
        self._starts = [c[0] for c in changes]

    @property
    def identity(self) -> bool:
        """Whether every position is the same in both texts."""
        return not self._changes

    def _locate(self, q: int) -> tuple[tuple[int, int, int, int] | None, int]:
        i = bisect.bisect_right(self._starts, q) - 1
        if i < 0:
            return None, 0
        change = self._changes[i]
        return (change, 0) if change[1] > q else (None, change[3] - change[1])

    def start(self, p: int) -> int:
        """The original position of a match that begins at folded position ``p``."""
        change, shift = self._locate(p)
        return change[2] if change else p + shift

    def end(self, p: int) -> int:
        """The original position of a match that ends at folded position ``p``."""
        if p == 0:
            return 0
        change, shift = self._locate(p - 1)
        return change[3] if change else p + shift


def _word_around(text: str, i: int) -> tuple[int, bool]:
    """The end of the word (run of letters) holding ``text[i]``, and whether it has an
    ASCII Latin letter (a look-alike's context)."""
    left = i
    while left > 0 and text[left - 1].isalpha():
        left -= 1
    right = i + 1
    while right < len(text) and text[right].isalpha():
        right += 1
    return right, bool(_LATIN.search(text, left, right))


def fold(text: str) -> Folded:
    """``text`` in its matching form, with the map back (see the module's docstring).

    >>> f = fold("a\\u200bKENZHEBAЕV")  # a zero-width space, a Cyrillic "Е"
    >>> f.text, f.start(1), f.end(11)
    ('aKENZHEBAeV', 2, 12)
    """
    if text.isascii():
        return Folded(text, [])
    pieces: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    last = folded_len = 0
    for run in _NON_ASCII.finditer(text):
        pieces.append(text[last : run.start()])
        folded_len += run.start() - last
        word_end, latin = -1, False
        for i in range(run.start(), run.end()):
            if i >= word_end and text[i].isalpha():
                word_end, latin = _word_around(text, i)
            out = _char(text[i], latin and i < word_end)
            pieces.append(out)
            if len(out) != 1:
                if changes and changes[-1][1] == folded_len and changes[-1][3] == i:  # merge neighbours
                    previous = changes.pop()
                    changes.append((previous[0], folded_len + len(out), previous[2], i + 1))
                else:
                    changes.append((folded_len, folded_len + len(out), i, i + 1))
            folded_len += len(out)
        last = run.end()
    pieces.append(text[last:])
    return Folded("".join(pieces), changes)


def plain(text: str) -> str:
    """The matching form, lower case and trimmed, apostrophes unified (for whole-value comparisons).

    >>> plain("Tuléeva"), plain("Мухашев"), plain(" KENZHEBAEV’S ")
    ('tuleeva', 'mukhashev', "kenzhebaev's")
    """
    return fold(text.strip()).text.lower().replace("’", "'")
