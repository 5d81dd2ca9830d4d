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

What is matched in free text, and how a replacement is written (a slug in a web
address, capitals in capitals): see :mod:`cat_kz.dataset.spellings`. A spelling
shared by several people (e.g. a common surname) is replaced by :data:`WITHHELD`
as soon as one of them is redacted. The
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
('Defendant C', 6, '[Defendant C] testified that he was threatened with rape')
>>> safe.acts.set_index("act_id").at["act-035", "perpetrator"]   # officials are not redacted at this level
'Colonel Kadyrov'
>>> len(safe.acts) == len(ds.acts), scan(" ".join(safe.acts["quote"]), r)
(True, [])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from cat_kz.dataset.published_text import PUBLISHED, readable_text
from cat_kz.dataset.spellings import EXTRA_VARIANTS, WITHHELD, NameMatcher
from cat_kz.model.schema import LEVELS, ROLES, check_choice

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
    "scan_files",
]

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

_REQUIRED = ("person_id", "name", "kind", "role", "is_minor")
_CACHE_LIMIT = 10_000  # characters: longer texts are redacted but not cached


# --- who is redacted, and as whom -------------------------------------------


def is_quote_column(name: object) -> bool:
    """Whether a column holds the source's words (``quote``, ``nationality_quote`` ...): its pseudonyms are bracketed.

    >>> is_quote_column("quote"), is_quote_column("nationality_quote"), is_quote_column("notes")
    (True, True, False)
    """
    return isinstance(name, str) and (name == "quote" or name.endswith("_quote"))


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


# --- the redactor ------------------------------------------------------------


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
            str(p): str(n)
            for p, n, k in zip(people["person_id"], people["name"], people["kind"].astype("string"))
            if k == "group"
        }
        #: person ids whose names are replaced at this level, in pseudonym order
        chosen = set(redacted_people(people, level)["person_id"].astype(str))
        self.redacted: tuple[str, ...] = tuple(p for p in self.pseudonyms if p in chosen)
        names = {pid: self._names[pid] for pid in self.pseudonyms}  # every individual, in pseudonym order
        role_words = {pid: {role, _role_label(role)} for pid, role in self._roles.items()}
        replacements = {pid: self.pseudonyms[pid] for pid in self.redacted}
        self._matcher = NameMatcher(names, replacements, role_words) if self.redacted else None
        self._cache: dict[str, str] = {}
        self._quote_cache: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Redactor(level={self.level!r}, redacted={len(self.redacted)} of {len(self.pseudonyms)} individuals)"

    # -- text --

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
        if self._matcher is None or not isinstance(value, str):
            return value
        if len(value) > _CACHE_LIMIT:  # a whole HTML page: not worth keeping
            return self._sub(value)
        cached = self._cache.get(value)
        if cached is None:
            cached = self._cache[value] = self._sub(value)
        return cached

    def quote(self, value: str) -> str:
        """:meth:`text` for a quote: each pseudonym that replaced a name is bracketed, as an
        editor marks a change to quoted words, so an altered quote never passes for the source's.

        >>> import cat_kz
        >>> Redactor(cat_kz.load_people(), "victims").quote("KENZHEBAEV said; Temirov was released")
        '[DETAINEE A] said; Temirov was released'
        """
        if self._matcher is None or not isinstance(value, str):
            return value
        cached = self._quote_cache.get(value)
        if cached is None:
            cached = self._quote_cache[value] = self._sub(value, bracket=True)
        return cached

    def _sub(self, value: str, bracket: bool = False) -> str:
        """``regex.sub(replace, value)`` of the matcher, from its ``matches`` (never empty)."""
        pieces, last = [], 0
        for match in self._matcher.matches(value):
            replacement = self._matcher.replace(match)
            if bracket and replacement != match.group(0) and " " in replacement:  # a pseudonym, not a slug
                replacement = f"[{replacement}]"
            pieces += [value[last : match.start()], replacement]
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

    def series(self, series: pd.Series, *, quote: bool = False) -> pd.Series:
        """A new series with every string (or list of strings, or category) redacted;
        with ``quote=True`` (a column of quotes) each pseudonym is bracketed (:meth:`quote`).

        Numbers, booleans and dates are returned as they are; the dtype and
        the index are kept (the index is not redacted here: see :meth:`frame`).
        """
        if self._matcher is None:
            return series.copy()
        if quote and (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
            return pd.Series([self.quote(v) for v in series], index=series.index, name=series.name, dtype=series.dtype)
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
        if self._matcher is None:
            return df.copy()
        selected = set(df.columns) if columns is None else set(columns)
        unknown = [c for c in selected if c not in df.columns]
        if unknown:
            raise KeyError(
                f"no column(s) {', '.join(map(repr, unknown))}; columns are {', '.join(map(repr, df.columns))}"
            )
        out = df.copy()
        for position, name in enumerate(df.columns):
            if name in selected:
                out.isetitem(position, self.series(df.iloc[:, position], quote=is_quote_column(name)))
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
        return [] if self._matcher is None else self._matcher.names(self.redacted)

    def _found(self, text: str) -> set[str]:
        """The spellings of redacted names that occur in ``text``."""
        if self._matcher is None or not isinstance(text, str):
            return set()
        return self._matcher.found(text)


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


def scan_files(paths: Iterable, redactor: Redactor) -> dict[Path, list[str]]:
    """path -> the names :func:`scan` finds in it, for each published file that holds
    one: HTML, SVG, JSON, notebooks, CSV, PDF ..., each read as its reader sees it
    (character references and JSON escapes decoded, PDF text extracted:
    :func:`cat_kz.dataset.published_text.readable_text`); other files are skipped."""
    found: dict[Path, list[str]] = {}
    for path in map(Path, paths):
        if path.is_file() and path.suffix.lower() in PUBLISHED:
            names = scan(readable_text(path), redactor)
            if names:
                found[path] = names
    return found
