"""Redaction for teaching and briefings: stable pseudonyms in place of names.

The people in this data are real. A redacted output shows the pattern without
the names: every name of a redacted person, and every spelling of it, is
replaced by a pseudonym built from the person's role ("Defendant D",
"Detainee A", "Official B") in every text cell, list item, column name and
index label. Ids, rows, categories and numbers are never changed, so counts,
tallies and figures are identical with and without redaction, and every quote
keeps its page so someone holding the source can still check it.

Levels (closed vocabulary, from least to most redacted, each including the
one before):

``none``     nothing is replaced (the default).
``minors``   persons the source says are under 18 (``is_minor`` true).
``victims``  every individual who is not an official: detainees, defendants,
             asylum seekers, refugees, persons returned, lawyers, opposition
             leaders (and minors, whatever their role).
``all``      every individual, officials too.

Groups (``kind == "group"``) have descriptive names, not personal names, and
are never given a pseudonym; but a name of a redacted individual *inside* a
group's name or description is replaced like anywhere else.

Pseudonyms are assigned to every individual once, whatever the level and
whichever rows are shown: by role (in the order of
:data:`cat_kz.model.schema.ROLES`), then by person id, each role lettering A, B, ...
Z, AA, AB ... So a person has the same pseudonym in every table, figure, quote,
HTML page and run, and adding a person with a new, higher id never changes
anyone else's. Always build a :class:`Redactor` from the *whole* people table
(``ds.people`` / ``cat_kz.load_people()``), not from a filtered view.

What is matched in free text (see :meth:`Redactor.names`):

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
add such spellings to :data:`EXTRA_VARIANTS` when they turn up. The
``[name lost in transcription]`` person keeps that text (it is not a name)
but has a pseudonym like everyone else, used where a label is built from his
id (:meth:`Redactor.label`).

The raw source text (``Dataset.texts``) is **not** redacted: it is the checked
original that quotes and pages point into. Never print it in a redacted output.

>>> import cat_kz
>>> from cat_kz.dataset.redaction import Redactor, scan
>>> ds = cat_kz.load_dataset()
>>> r = Redactor(ds.people, "victims")
>>> safe = r.dataset(ds)
>>> act = safe.acts.set_index("act_id").loc["act-033"]
>>> act.person_name, int(act.page), act.quote
('Defendant C', 6, 'Defendant C testified that he was threatened with rape')
>>> safe.acts.set_index("act_id").at["act-035", "perpetrator"]   # officials are not redacted at this level
'Colonel Kadyrov'
>>> len(safe.acts) == len(ds.acts), scan(" ".join(safe.acts["quote"]), r)
(True, [])
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import pandas as pd

from cat_kz.model.schema import ROLES, check_choice

# Any dataclass with a ``tables()`` method (a ``cat_kz.dataset.load.Dataset``); this
# module does not import ``cat_kz.dataset.load``, so imports stay one-way.
DatasetT = TypeVar("DatasetT")

__all__ = [
    "EXTRA_VARIANTS",
    "LEVELS",
    "ROLE_LABELS",
    "Redactor",
    "WITHHELD",
    "pseudonyms",
    "redacted_people",
    "scan",
]

#: Redaction levels, from least to most redacted; each includes the one before.
LEVELS = ("none", "minors", "victims", "all")

#: The first word of each role's pseudonym ("Defendant A").
ROLE_LABELS: dict[str, str] = {
    "detainee": "Detainee",
    "defendant": "Defendant",
    "official": "Official",
    "asylum seeker": "Asylum seeker",
    "refugee": "Refugee",
    "lawyer": "Lawyer",
    "opposition leader": "Opposition leader",
    "person returned": "Returned person",
}

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
_REQUIRED = ("person_id", "name", "kind", "role", "is_minor")
_CACHE_LIMIT = 10_000  # characters: longer texts are redacted but not cached


# --- who is redacted, and as whom -------------------------------------------


def _check_level(level: str) -> None:
    check_choice("level", level, LEVELS)


def _check_people(people: pd.DataFrame) -> None:
    missing = [c for c in _REQUIRED if c not in people.columns]
    if missing:
        raise ValueError(f"people table lacks column(s) {', '.join(missing)}; pass the whole people table")


def _individuals(people: pd.DataFrame) -> pd.DataFrame:
    return people[people["kind"].astype("string") == "individual"]


def redacted_people(people: pd.DataFrame, level: str) -> pd.DataFrame:
    """The people rows whose names are replaced at ``level`` (individuals only).

    >>> import cat_kz
    >>> people = cat_kz.load_people()
    >>> redacted_people(people, "minors")["person_id"].tolist()
    ['p07']
    >>> sorted(set(people["person_id"][people["kind"] == "individual"]) - set(redacted_people(people, "victims")["person_id"]))
    ['p02', 'p06']
    >>> len(redacted_people(people, "none")), len(redacted_people(people, "all"))
    (0, 20)
    """
    _check_level(level)
    _check_people(people)
    individual = people["kind"].astype("string") == "individual"
    minor = people["is_minor"].astype("boolean").fillna(False).astype(bool)
    official = people["role"].astype("string") == "official"
    rank = LEVELS.index(level)
    keep = pd.Series(False, index=people.index)
    if rank >= LEVELS.index("minors"):
        keep |= minor
    if rank >= LEVELS.index("victims"):
        keep |= ~official
    if rank >= LEVELS.index("all"):
        keep |= True
    return people[keep & individual].copy()


def _letters(n: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA' (bijective base 26)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _natural(value: str) -> tuple:
    """Sort key: 'p2' before 'p10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", value))


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role[:1].upper() + role[1:])


def pseudonyms(people: pd.DataFrame) -> dict[str, str]:
    """person_id -> pseudonym for every individual, whatever the level.

    Assigned by role (in the order of :data:`cat_kz.model.schema.ROLES`), then by
    person id; unique; the same for any row order of ``people``.

    >>> people = pd.DataFrame({
    ...     "person_id": ["p3", "p1", "p2", "g1"],
    ...     "name": ["Colonel Kadyrov", "Ann Example", "Bea Example", "Other detainees"],
    ...     "kind": ["individual", "individual", "individual", "group"],
    ...     "role": ["official", "detainee", "detainee", "detainee"],
    ...     "is_minor": [False, False, True, None],
    ... })
    >>> pseudonyms(people)
    {'p1': 'Detainee A', 'p2': 'Detainee B', 'p3': 'Official A'}
    """
    _check_people(people)
    individuals = _individuals(people)
    order = {role: i for i, role in enumerate(ROLES)}
    rows = sorted(
        ((str(role), str(pid)) for pid, role in zip(individuals["person_id"], individuals["role"])),
        key=lambda r: (order.get(r[0], len(order)), r[0], _natural(r[1])),
    )
    if len({pid for _, pid in rows}) != len(rows):
        raise ValueError("people table has a person_id more than once")
    out: dict[str, str] = {}
    counters: dict[str, int] = {}
    for role, pid in rows:
        counters[role] = counters.get(role, 0) + 1
        out[pid] = f"{_role_label(role)} {_letters(counters[role])}"
    return out


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


# --- the redactor ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Spelling:
    pattern: str
    shown: tuple[str, ...]  # the spellings as derived, for names()
    person_ids: frozenset[str]
    replacement: str | None  # None: keep (no redacted person has this spelling)


class Redactor:
    """Replaces the names of the persons redacted at ``level`` by their pseudonyms.

    Build it from the whole people table; then pass every text that leaves
    the library through it: :meth:`text` for a caption, title or quote,
    :meth:`frame` for a table, :meth:`dataset` for everything at once.

    >>> import cat_kz
    >>> r = Redactor(cat_kz.load_people(), "all")
    >>> r.text("Colonel Kadyrov beat Kenzhebaev's head")
    "Official B beat Detainee A's head"
    >>> r.text("http://rus.azattyq.org/content/shabdal-otkelov-zhanaozenosvobozhdenie/26601647.html")
    'http://rus.azattyq.org/content/defendant-e-zhanaozenosvobozhdenie/26601647.html'
    >>> Redactor(cat_kz.load_people(), "minors").text("Nursultan Mukhashev and Rosa Tuletaeva")
    'Defendant D and Rosa Tuletaeva'
    >>> Redactor(cat_kz.load_people(), "everyone")
    Traceback (most recent call last):
    ...
    ValueError: level = 'everyone' is not allowed; allowed values: 'none', 'minors', 'victims', 'all'
    """

    def __init__(self, people: pd.DataFrame, level: str = "none"):
        _check_level(level)
        _check_people(people)
        self.level: str = level
        self.pseudonyms: dict[str, str] = pseudonyms(people)
        individuals = _individuals(people)
        self._names: dict[str, str] = {str(p): str(n) for p, n in zip(individuals["person_id"], individuals["name"])}
        self._roles: dict[str, str] = {str(p): str(r) for p, r in zip(individuals["person_id"], individuals["role"])}
        self._groups: dict[str, str] = {
            str(p): str(n) for p, n, k in zip(people["person_id"], people["name"], people["kind"].astype("string")) if k == "group"
        }
        #: person ids whose names are replaced at this level, in pseudonym order
        chosen = set(redacted_people(people, level)["person_id"].astype(str))
        self.redacted: tuple[str, ...] = tuple(p for p in self.pseudonyms if p in chosen)
        self._spellings = self._build_spellings() if self.redacted else []
        self._regex = self._compile() if self.redacted else None
        self._cache: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Redactor(level={self.level!r}, redacted={len(self.redacted)} of {len(self.pseudonyms)} individuals)"

    # -- construction --

    def _build_spellings(self) -> list[_Spelling]:
        by_pattern: dict[str, tuple[list[str], set[str]]] = {}
        self._order: dict[str, list[str]] = {}  # person id -> patterns, in order of derivation
        for pid in self.pseudonyms:  # every individual: spellings of unredacted people are kept whole
            name = self._names[pid]
            if _NOT_A_NAME.match(name.strip()):
                continue
            spellings = _spellings_of(name)
            for extra in EXTRA_VARIANTS.get(name, ()):
                spellings += _spellings_of(extra)
            for spelling in spellings:
                pattern = _pattern(spelling)
                shown, owners = by_pattern.setdefault(pattern, ([], set()))
                if pattern not in self._order.setdefault(pid, []):
                    self._order[pid].append(pattern)
                if spelling not in shown:
                    shown.append(spelling)
                owners.add(pid)
        redacted = set(self.redacted)
        out = []
        for pattern, (shown, owners) in by_pattern.items():
            if not owners & redacted:
                replacement = None
            elif len(owners) == 1:
                replacement = self.pseudonyms[next(iter(owners))]
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
        role = self._roles[next(iter(spelling.person_ids))]
        words = sorted({role, _role_label(role)}, key=len, reverse=True)
        return [_SEPARATOR.join(re.escape(w) for w in _tokens(word)) for word in words]

    def _compile(self) -> re.Pattern:
        alternatives = "|".join(
            f"(?P<s{i}>{self._prefix(s)}{s.pattern})" for i, s in enumerate(self._spellings)
        )
        return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}", re.IGNORECASE)

    # -- text --

    def _replace(self, match: re.Match) -> str:
        spelling = self._spellings[int(match.lastgroup[1:])]
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

    def text(self, value: str) -> str:
        """``value`` with every redacted person's name and its spellings replaced.

        Anything that is not a string (``None``, ``pd.NA``, numbers) is returned
        unchanged. At level ``none`` the same object is returned.

        >>> import cat_kz
        >>> r = Redactor(cat_kz.load_people(), "victims")
        >>> r.text("they dragged [him], KENZHEBAEV said; Temirov was released")
        'they dragged [him], DETAINEE A said; Temirov was released'
        >>> r.text("Other detainees beaten with Esengeldy Abdrakhmanov")
        'Other detainees beaten with Defendant A'
        """
        if self._regex is None or not isinstance(value, str):
            return value
        if len(value) > _CACHE_LIMIT:  # a whole HTML page: not worth keeping
            return self._sub(value)
        cached = self._cache.get(value)
        if cached is None:
            cached = self._cache[value] = self._sub(value)
        return cached

    def _sub(self, value: str) -> str:
        """``self._regex.sub(self._replace, value)``, from :meth:`_matches` (its matches are never empty)."""
        pieces, last = [], 0
        for match in self._matches(value):
            pieces += [value[last : match.start()], self._replace(match)]
            last = match.end()
        return value if not pieces else "".join(pieces) + value[last:]

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self._value(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._value(v) for v in value)
        if isinstance(value, dict):
            return {self._value(k): self._value(v) for k, v in value.items()}
        return value

    # -- tables --

    def series(self, series: pd.Series) -> pd.Series:
        """A new series with every string (or list of strings, or category) redacted.

        Numbers, booleans and dates are returned as they are; the dtype and
        the index are kept (the index is not redacted here: see :meth:`frame`).
        """
        if self._regex is None:
            return series.copy()
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            categories = list(dtype.categories)
            renamed = [self._value(c) for c in categories]
            if renamed == categories:
                return series.copy()
            if len(set(renamed)) == len(renamed):
                return series.cat.rename_categories(renamed)
            values = [self._value(v) for v in series.astype(object)]
            merged = list(dict.fromkeys(renamed))
            return pd.Series(
                pd.Categorical(values, categories=merged, ordered=dtype.ordered), index=series.index, name=series.name
            )
        if dtype == object or isinstance(dtype, pd.StringDtype):
            return pd.Series([self._value(v) for v in series], index=series.index, name=series.name, dtype=dtype)
        return series.copy()

    def _index(self, index: pd.Index) -> pd.Index:
        if isinstance(index, pd.MultiIndex):
            names = [self._value(n) for n in index.names]
            try:
                out = index.set_levels([self._index(level) for level in index.levels])
            except ValueError:  # two labels became one
                out = pd.MultiIndex.from_tuples([self._value(t) for t in index], names=names)
            return out.set_names(names)
        name = self._value(index.name)
        if isinstance(index, pd.CategoricalIndex):
            return pd.CategoricalIndex(self.series(pd.Series(index)), name=name)
        if index.dtype == object or isinstance(index.dtype, pd.StringDtype):
            return pd.Index([self._value(v) for v in index], dtype=index.dtype, name=name, tupleize_cols=False)
        return index.rename(name)

    def frame(self, df: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """A new frame with every text cell, list of strings, category, column
        name and index label passed through :meth:`text`.

        ``columns`` limits which columns' *cells* are redacted (default: all
        text columns); column names and the index are always redacted. Rows,
        ids, numbers, booleans, dates and dtypes are unchanged.

        >>> import cat_kz
        >>> r = Redactor(cat_kz.load_people(), "all")
        >>> df = pd.DataFrame({"Zhenisbek Temirov": ["Temirov's facility"], "n": [5]}, index=["Kadyrov"])
        >>> out = r.frame(df)
        >>> list(out.columns), list(out.index), out.iat[0, 0], int(out.iat[0, 1])
        (['Official A', 'n'], ['Official B'], "Official A's facility", 5)
        """
        if self._regex is None:
            return df.copy()
        selected = set(df.columns) if columns is None else set(columns)
        unknown = [c for c in selected if c not in df.columns]
        if unknown:
            raise KeyError(f"no column(s) {', '.join(map(repr, unknown))}; columns are {', '.join(map(repr, df.columns))}")
        out = df.copy()
        for position, name in enumerate(df.columns):
            if name in selected:
                out.isetitem(position, self.series(df.iloc[:, position]))
        out.columns = self._index(df.columns)
        out.index = self._index(df.index)
        return out

    def dataset(self, ds: DatasetT) -> DatasetT:
        """A copy of ``ds`` (same type) with every table passed through :meth:`frame`.

        ``data_dir`` and ``texts`` are kept as they are: the raw source text is
        NOT redacted (it is what quotes and pages are checked against).
        """
        return dataclasses.replace(ds, **{name: self.frame(table) for name, table in ds.tables().items()})

    # -- for labels, legends and scanners --

    def label(self, person_id: str) -> str:
        """What to show for a person or group: the pseudonym if redacted,
        else the (redacted) name.

        >>> import cat_kz
        >>> r = Redactor(cat_kz.load_people(), "victims")
        >>> r.label("p07"), r.label("p20"), r.label("p06"), r.label("g08")
        ('Defendant D', 'Detainee B', 'Colonel Kadyrov', 'Other detainees beaten with Defendant A')
        """
        if person_id in self.redacted:
            return self.pseudonyms[person_id]
        if person_id in self._names:
            return self.text(self._names[person_id])
        if person_id in self._groups:
            return self.text(self._groups[person_id])
        raise KeyError(f"no person {person_id!r} in the people table")

    def legend(self) -> pd.DataFrame:
        """The redacted persons without their names: ``person_id, role, pseudonym``.

        >>> import cat_kz
        >>> Redactor(cat_kz.load_people(), "minors").legend().values.tolist()
        [['p07', 'defendant', 'Defendant D']]
        """
        return pd.DataFrame(
            {
                "person_id": list(self.redacted),
                "role": [self._roles[p] for p in self.redacted],
                "pseudonym": [self.pseudonyms[p] for p in self.redacted],
            },
            columns=["person_id", "role", "pseudonym"],
        )

    def names(self) -> list[str]:
        """Every name and spelling of a redacted person that must not appear
        in a redacted output (for scanners); ``[]`` at level ``none``.

        >>> import cat_kz
        >>> Redactor(cat_kz.load_people(), "minors").names()
        ['Nursultan Mukhashev', 'Mukhashev Nursultan', 'Mukhashev', 'Nursultan']
        """
        shown = {s.pattern: s.shown for s in self._spellings}
        out: list[str] = []
        for pid in self.redacted:
            for pattern in self._order.get(pid, ()):
                out += [s for s in shown[pattern] if s not in out]
        return out

    @functools.cached_property
    def _starts(self) -> re.Pattern:
        """Every place a match of the replacing regex can begin: a spelling, a title or a
        role word (as a look-ahead, so places inside one another are all found). Each
        alternative of the replacing regex begins with optional titles and role words,
        which the regex engine tries at every character; these are plain words."""
        roles = sorted({word for spelling in self._spellings for word in self._role_words(spelling)})
        alternatives = "|".join([*(spelling.pattern for spelling in self._spellings), *TITLES, *roles])
        return re.compile(f"{_BEFORE}(?=(?:{alternatives}))", re.IGNORECASE)

    def _matches(self, text: str) -> Iterator[re.Match]:
        """The matches of the replacing regex, as its ``finditer`` gives them, found about
        ten times faster in a long text: the regex is tried only where :attr:`_starts`
        finds a place a match can begin, and after a match the search goes on at its end."""
        end = 0
        for place in self._starts.finditer(text):
            if place.start() < end:
                continue
            match = self._regex.match(text, place.start())  # its look-behind sees the text before
            if match is not None:
                yield match
                end = match.end()

    def _found(self, text: str) -> set[str]:
        found: set[str] = set()
        if self._regex is None or not isinstance(text, str):
            return found
        for match in self._matches(text):
            spelling = self._spellings[int(match.lastgroup[1:])]
            if spelling.replacement is not None:
                found.update(spelling.shown)
        return found


def scan(text: str, redactor: Redactor) -> list[str]:
    """Which of ``redactor.names()`` still occur in ``text`` (case-insensitive,
    with the same spelling tolerance as :meth:`Redactor.text`), in the order
    of :meth:`Redactor.names`. ``scan(redactor.text(x), redactor)`` is always ``[]``.

    >>> import cat_kz
    >>> r = Redactor(cat_kz.load_people(), "minors")
    >>> scan("<td>Nursultan MUKHASHEV, 17</td>", r)
    ['Nursultan Mukhashev']
    >>> scan(r.text("<td>Nursultan MUKHASHEV, 17</td>"), r)
    []
    """
    found = redactor._found(text)
    return [name for name in redactor.names() if name in found]

