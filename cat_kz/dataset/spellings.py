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
- the extra spellings in :data:`EXTRA_VARIANTS`, found in the source;
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

Not matched: inflected forms that are not in the source (a feminine ``-a``
surname of a relative, Cyrillic spellings, plurals such as ``Kenzhebaevs``);
add such spellings to :data:`EXTRA_VARIANTS` when they turn up.

>>> _spellings_of("Lt. Colonel Kadyrov")
['Lt. Colonel Kadyrov', 'Kadyrov']
>>> bool(re.fullmatch(_pattern("Kenzhebaev"), "kenzhebayev", re.IGNORECASE))
True
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator

#: Replaces a spelling that belongs to several people, one of them redacted.
WITHHELD = "[name withheld]"

#: Spellings of a ``people.csv`` name found in the source that cannot be derived
#: from it: name as in people.csv -> extra spellings (each is expanded like a
#: name: surname, given name, reversed order).
EXTRA_VARIANTS: dict[str, tuple[str, ...]] = {
    # Footnote 5 (p. 5) cites http://rus.azattyq.org/content/shabdal-otkelov-zhanaozenosvobozhdenie/...
    # 'shabdal-otkelov' transliterates the same Russian spelling as 'Shabdol Utkilov'
    # (see the notes of p08 in people.csv).
    "Shabdol Utkilov": ("Shabdal Otkelov",),
}

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


def _token_pattern(token: str) -> str:
    low, out, i = token.lower(), [], 0
    while i < len(low):
        for spelling, pattern in SPELLINGS:
            if low.startswith(spelling, i):
                out.append(pattern)
                i += len(spelling)
                break
        else:
            out.append("['’]?" if low[i] in "'’" else re.escape(low[i]))
            i += 1
    return "".join(out)


def _pattern(spelling: str) -> str:
    """The regular expression (without boundaries) that matches a spelling.

    >>> _pattern("Shabdal Otkelov") == _pattern("shabdal-otkelov")
    True
    """
    return _SEPARATOR.join(_token_pattern(t) for t in _tokens(spelling))


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

    def matches(self, text: str) -> Iterator[re.Match]:
        """The matches of :attr:`regex`, as its ``finditer`` gives them, found about
        ten times faster in a long text: the regex is tried only where :attr:`starts`
        finds a place a match can begin, and after a match the search goes on at its end."""
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
