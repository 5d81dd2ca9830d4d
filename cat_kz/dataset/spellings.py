"""How a name may be written, and finding every spelling of it in free text.

A redacted output must not hold a redacted person's name in any spelling the
source uses; this module derives those spellings from ``people.csv`` and
finds them (:class:`NameMatcher`); :mod:`cat_kz.dataset.redaction` decides
whose names are replaced and by which pseudonym.

What is matched in free text (see :meth:`cat_kz.dataset.redaction.Redactor.names`):

- the name as in ``people.csv``, without its titles, in reverse order
  (surname first), the surname alone, and the given name alone when it is
  distinctive (at least 3 letters, not an ordinary English word; a given name
  two people share is withheld, see below);
- the other spellings in ``data/name_variants.csv`` (:data:`EXTRA_VARIANTS`:
  other transliterations, Cyrillic forms, each with its reason);
- a surname's inflected forms, generated: ``-a`` and ``-s`` after ``-ov``, ``-ev``,
  ``-in``, ``-yn`` and the masculine of ``-ova`` ... (``Kenzhebaeva``,
  ``Abdrakhmanova``, ``Mukhashevs``, ``Tuletaev``), and ``'s``;
- in the matching form of :func:`cat_kz.dataset.normalise.fold`, the same for the
  redactor and the leak scan: whatever the case, diacritics, soft hyphens or
  zero-width characters inside, Cyrillic (transliterated) or a Cyrillic look-alike
  letter among Latin ones (``Tulétaeva``, ``Тулетаева``, ``Tuletaevа``);
- case-insensitively; tokens joined by spaces, hyphens, underscores, ``+``,
  ``%20`` or nothing (``shabdal-otkelov``, ``Bazarbai_Kenzhebaev``);
  tolerant of common Russian-to-Latin transliteration alternations
  (:data:`SPELLINGS`: ``Kenzhebaev``/``Kenzhebayev``, ``Dyusenbaev``/
  ``Diusenbaev``, ``Abdrakhmanov``/``Abdrahmanov``, ``Zhanat``/``Janat``);
- as whole words only (``Mels`` is not replaced inside ``camels``); a
  possessive keeps its ``'s`` (``Kenzhebaev's`` -> ``Detainee A's``);
- with any titles in front (:data:`TITLES`): ``Colonel Kadyrov`` and
  ``Lt. Colonel Kadyrov`` both become ``Official B``; so does the person's own
  role word, which the pseudonym repeats: ``lawyer Zinaida Mukhortova`` ->
  ``Lawyer A`` (not ``lawyer Lawyer A``);
- inside a web address or a lower-case slug, the pseudonym is written as a
  slug (``.../content/defendant-e-zhanaozenosvobozhdenie/...``);
- in capitals, the pseudonym is written in capitals.

A spelling shared by several people (e.g. a common surname) is replaced by
:data:`WITHHELD` as soon as one of them is redacted, since it cannot be told
whose it is. The full name of a person who is *not* redacted is kept whole,
even if part of it is also a redacted person's given name.

Not matched: a spelling that none of these rules derives (a transliteration
outside :data:`SPELLINGS`, a Cyrillic case ending such as ``Тулетаевой``); add it as
a row of ``data/name_variants.csv`` when it turns up.

>>> _spellings_of("Lt. Colonel Kadyrov")
['Lt. Colonel Kadyrov', 'Kadyrov']
>>> bool(re.fullmatch(_pattern("Kenzhebaev"), "kenzhebayev", re.IGNORECASE))
True
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from cat_kz.dataset.normalise import fold
from cat_kz.model.schema import NAME_VARIANTS

#: Replaces a spelling that belongs to several people, one of them redacted.
WITHHELD = "[name withheld]"

#: The other spellings of names, with their kind and reason (declared as
#: :data:`cat_kz.model.schema.NAME_VARIANTS`); it belongs with the source, not a data
#: folder: a variant applies to a person whose name is exactly the row's ``name``.
VARIANTS_FILE = Path(__file__).resolve().parents[2] / "data" / NAME_VARIANTS.file


def load_variants(path: Path = VARIANTS_FILE) -> dict[str, tuple[str, ...]]:
    """name as in people.csv -> its other spellings, from ``path`` (none if it is missing).

    >>> load_variants()["Shabdol Utkilov"]
    ('Shabdal Otkelov',)
    """
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["name"].strip(), []).append(row["variant"].strip())
    return {name: tuple(variants) for name, variants in out.items()}


#: name as in people.csv -> the spellings of it that cannot be derived from it (each
#: expanded like a name: surname, given name, reversed order): ``data/name_variants.csv``.
EXTRA_VARIANTS: dict[str, tuple[str, ...]] = load_variants()

#: Titles that may stand before a name; they are replaced together with it.
TITLES = (
    "colonel", "col", "lieutenant", "lt", "major", "maj", "general", "gen",
    "captain", "capt", "sergeant", "sgt", "judge", "mr", "mrs", "ms", "dr",
)  # fmt: skip

#: Transliteration alternations matched inside names: spelling -> regular expression.
SPELLINGS: tuple[tuple[str, str], ...] = (
    ("aye", "ay?e"),  # Kenzhebayev / Kenzhebaev
    ("ae", "ay?e"),
    ("yu", "(?:yu|iu)"),  # Dyusenbaev / Diusenbaev
    ("iu", "(?:yu|iu)"),
    ("kh", "k?h"),  # Abdrakhmanov / Abdrahmanov
    ("zh", "(?:zh|j)"),  # Zhanat / Janat
)

#: Single words never used alone as a name variant (ordinary English words that are also names).
ORDINARY_WORDS = frozenset(
    """
    april august bill black brown faith grace hope iris ivy joy june king long
    mark may page rich rose ruby smith white will young
    """.split()
)

_SEPARATOR = r"(?:[\s\-_+]|%20)*"
_TOKEN_SPLIT = re.compile(r"[\s\-_+]+")
_TITLE_PREFIX = r"(?:(?:" + "|".join(TITLES) + r")\.?\s+)*"
_BEFORE = r"(?<![^\W_])"  # not just after a letter or digit
_AFTER = r"(?![^\W_])"  # not just before a letter or digit
_NOT_A_NAME = re.compile(r"^\[.*\]$")  # "[name lost in transcription]"
_URL_TOKEN = re.compile(r"://|^www\.", re.IGNORECASE)


# --- spellings ---------------------------------------------------------------


def _tokens(name: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(name.strip()) if t]


def _strip_titles(tokens: list[str]) -> list[str]:
    rest = list(tokens)
    while len(rest) > 1 and rest[0].lower().rstrip(".") in TITLES:
        rest.pop(0)
    return rest


def _usable_word(word: str) -> bool:
    return len(word) >= 3 and word.lower() not in ORDINARY_WORDS


def _spellings_of(name: str) -> list[str]:
    """The spellings derived from one name: as written, without titles,
    surname first, surname, distinctive given name.

    >>> _spellings_of("Bazarbai Kenzhebaev")
    ['Bazarbai Kenzhebaev', 'Kenzhebaev Bazarbai', 'Kenzhebaev', 'Bazarbai']
    >>> _spellings_of("Colonel Kadyrov")
    ['Colonel Kadyrov', 'Kadyrov']
    """
    tokens = _tokens(name)
    core = _strip_titles(tokens)
    out = [" ".join(tokens), " ".join(core)]
    if len(core) >= 2:
        out.append(" ".join([core[-1], *core[:-1]]))
        if _usable_word(core[-1]):
            out.append(core[-1])
        if _usable_word(core[0]):
            out.append(core[0])
    return list(dict.fromkeys(out))


#: A surname that takes Russian endings: its stem, and an optional feminine "a".
_SURNAME = re.compile(r"(.{3,}(?:ov|ev|in|yn))(a?)")


def _inflected(low: str) -> tuple[str, str]:
    """A token's stem and the pattern of the endings it may take: a surname in
    -ov/-ev/-in/-yn may end in -a (its feminine) or -s (a family: "the Kenzhebaevs"),
    and a feminine -ova... in -ov... (the masculine).

    >>> _inflected("tuletaeva"), _inflected("rosa")
    (('tuletaev', '(?:a|s)?'), ('rosa', ''))
    """
    surname = _SURNAME.fullmatch(low)
    return (surname.group(1), "(?:a|s)?") if surname else (low, "")


def _token_pattern(token: str) -> str:
    low, ending = _inflected(token.lower())
    out, i = [], 0
    while i < len(low):
        for spelling, pattern in SPELLINGS:
            if low.startswith(spelling, i):
                out.append(pattern)
                i += len(spelling)
                break
        else:
            out.append("['’]?" if low[i] in "'’" else re.escape(low[i]))
            i += 1
    return "".join(out) + ending


def _pattern(spelling: str) -> str:
    """The regular expression (without boundaries) that matches a spelling.

    >>> _pattern("Shabdal Otkelov") == _pattern("shabdal-otkelov")
    True
    """
    return _SEPARATOR.join(_token_pattern(t) for t in _tokens(fold(spelling).text))


_NON_SPACE = re.compile(r"\S*")


def _token_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token holding ``text[start:end]`` (it may reach past both
    ends), read without copying the text before or after (a long page has many names).

    >>> _token_around("see http://x.org/kenzhebaev-case now", 17, 27)
    'http://x.org/kenzhebaev-case'
    """
    left = start
    while left > 0 and not text[left - 1].isspace():  # str.isspace is re's \s
        left -= 1
    return text[left:start] + text[start:end] + _NON_SPACE.match(text, end).group(0)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- finding them -------------------------------------------------------------


class _Mapped:
    """A match in a folded copy, read as a match in the original ``string`` (what
    :meth:`NameMatcher.replace` and the redactor use of an ``re.Match``)."""

    def __init__(self, match: re.Match, string: str, folded):
        self.string = string
        self.lastgroup = match.lastgroup
        self._span = (folded.start(match.start()), folded.end(match.end()))

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]

    def span(self) -> tuple[int, int]:
        return self._span

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("only the whole match is kept")
        return self.string[self._span[0] : self._span[1]]


@dataclasses.dataclass(frozen=True)
class _Spelling:
    pattern: str
    shown: tuple[str, ...]  # the spellings as derived, for names()
    person_ids: frozenset[str]
    replacement: str | None  # None: keep (no redacted person has this spelling)


class NameMatcher:
    """Every spelling of every individual's name as one regular expression, each with what replaces it.

    ``names``: person id -> name, for every individual (the spellings of a person
    who is not redacted are matched too, and kept whole); ``replacements``: person
    id -> pseudonym, for the redacted persons; ``role_words``: person id -> the
    words of the person's role, which may stand before the name and are replaced
    with it (the pseudonym names the role).

    >>> m = NameMatcher({"p1": "Ann Example", "p2": "Colonel Kadyrov"}, {"p1": "Detainee A"}, {"p1": {"detainee"}})
    >>> m.regex.sub(m.replace, "detainee Ann EXAMPLE met Colonel Kadyrov, see x.org/ann-example")
    'Detainee A met Colonel Kadyrov, see x.org/detainee-a'
    >>> m.names(["p1"])
    ['Ann Example', 'Example Ann', 'Example', 'Ann']
    """

    def __init__(self, names: dict[str, str], replacements: dict[str, str], role_words: dict[str, set[str]]):
        self._role_words_of = role_words
        self.order: dict[str, list[str]] = {}  # person id -> patterns, in order of derivation
        self.spellings = self._build(names, replacements)
        self.regex = self._compile()

    def _build(self, names: dict[str, str], replacements: dict[str, str]) -> list[_Spelling]:
        by_pattern: dict[str, tuple[list[str], set[str]]] = {}
        for pid, name in names.items():
            if _NOT_A_NAME.match(name.strip()):
                continue
            spellings = _spellings_of(name)
            for extra in EXTRA_VARIANTS.get(name, ()):
                spellings += _spellings_of(extra)
            for spelling in spellings:
                pattern = _pattern(spelling)
                shown, owners = by_pattern.setdefault(pattern, ([], set()))
                if pattern not in self.order.setdefault(pid, []):
                    self.order[pid].append(pattern)
                if spelling not in shown:
                    shown.append(spelling)
                owners.add(pid)
        out = []
        for pattern, (shown, owners) in by_pattern.items():
            if not owners & replacements.keys():
                replacement = None
            elif len(owners) == 1:
                replacement = replacements[next(iter(owners))]
            else:
                replacement = WITHHELD
            out.append(_Spelling(pattern, tuple(shown), frozenset(owners), replacement))
        # longest first, so a full name wins over the surname or given name inside it
        out.sort(key=lambda s: (-max(len(x) for x in s.shown), s.pattern))
        return out

    def _prefix(self, spelling: _Spelling) -> str:
        """Titles, and the person's own role word, that are replaced with the name:
        "Colonel Kadyrov" -> "Official B", "lawyer Zinaida Mukhortova" -> "Lawyer A"
        (the pseudonym names the role, so nothing is lost)."""
        roles = self._role_words(spelling)
        if not roles:
            return _TITLE_PREFIX
        return rf"(?:(?:{'|'.join(roles)})\s+)?{_TITLE_PREFIX}"

    def _role_words(self, spelling: _Spelling) -> list[str]:
        """The patterns of the role words that may stand before a replaced spelling."""
        if spelling.replacement is None or spelling.replacement == WITHHELD:
            return []
        words = sorted(set(self._role_words_of.get(next(iter(spelling.person_ids)), ())), key=len, reverse=True)
        return [_SEPARATOR.join(re.escape(w) for w in _tokens(word)) for word in words]

    def _compile(self) -> re.Pattern:
        alternatives = "|".join(f"(?P<s{i}>{self._prefix(s)}{s.pattern})" for i, s in enumerate(self.spellings))
        return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}", re.IGNORECASE)

    def replace(self, match: re.Match) -> str:
        """What replaces a match of :attr:`regex`: the pseudonym, as a slug in a web address
        or slug, in capitals in capitals; a spelling of a person not redacted is kept."""
        spelling = self.spellings[int(match.lastgroup[1:])]
        found = match.group(0)
        if spelling.replacement is None:
            return found
        token = _token_around(match.string, match.start(), match.end())
        slug_like = found == found.lower() and re.search(r"[-_+]|%20", found)
        if _URL_TOKEN.search(token) or (found == found.lower() and ("/" in token or slug_like)):
            return _slug(spelling.replacement)
        if found.isupper() and len(found) > 1:
            return spelling.replacement.upper()
        return spelling.replacement

    def names(self, person_ids) -> list[str]:
        """Every spelling of the names of ``person_ids``, in their order, each once."""
        shown = {s.pattern: s.shown for s in self.spellings}
        out: list[str] = []
        for pid in person_ids:
            for pattern in self.order.get(pid, ()):
                out += [s for s in shown[pattern] if s not in out]
        return out

    @functools.cached_property
    def starts(self) -> re.Pattern:
        """Every place a match of :attr:`regex` can begin: a spelling, a title or a
        role word (as a look-ahead, so places inside one another are all found). Each
        alternative of the regex begins with optional titles and role words,
        which the regex engine tries at every character; these are plain words."""
        roles = sorted({word for spelling in self.spellings for word in self._role_words(spelling)})
        alternatives = "|".join([*(spelling.pattern for spelling in self.spellings), *TITLES, *roles])
        return re.compile(f"{_BEFORE}(?=(?:{alternatives}))", re.IGNORECASE)

    def matches(self, text: str) -> Iterator[re.Match | _Mapped]:
        """The matches of :attr:`regex` in the matching form of ``text``
        (:func:`cat_kz.dataset.normalise.fold`), with their places in ``text``.

        Found about ten times faster in a long text than by ``finditer``: the regex is
        tried only where :attr:`starts` finds a place a match can begin, and after a
        match the search goes on at its end. In plain ASCII the matches are
        ``regex.finditer``'s own."""
        folded = fold(text)
        for match in self._matches(folded.text):
            yield match if folded.identity else _Mapped(match, text, folded)

    def _matches(self, text: str) -> Iterator[re.Match]:
        end = 0
        for place in self.starts.finditer(text):
            if place.start() < end:
                continue
            match = self.regex.match(text, place.start())  # its look-behind sees the text before
            if match is not None:
                yield match
                end = match.end()

    def found(self, text: str) -> set[str]:
        """The spellings of replaced names that occur in ``text``."""
        found: set[str] = set()
        for match in self.matches(text):
            spelling = self.spellings[int(match.lastgroup[1:])]
            if spelling.replacement is not None:
                found.update(spelling.shown)
        return found
