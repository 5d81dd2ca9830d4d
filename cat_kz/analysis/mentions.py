"""Candidate mentions in a source: the detectors (their words are in :mod:`cat_kz.model.lexicon`).

This module finds every *candidate mention* of four kinds in a text (whether
the coded data carry each one is :mod:`cat_kz.analysis.coverage`'s question):

``date``
    day-month-year ("June 9, 2011", "9 June 2011"), month-year ("December 2011"),
    a season or part of a year with its year ("spring 2014", "late 2010",
    "early 2014", "mid-2014", "the end of 2010"), day and month without a year
    ("December 22", "April 19"), day ranges ("between December 16 and 18",
    "December 16-18"), year ranges ("2008-2010", "between 2008 and 2010"), a
    month after a preposition ("sometime in April"), any other year 1900-2099
    standing alone, with its preposition when it has one ("in 2009",
    "Since 2008", "2012 court hearing"), and dates inside web addresses
    ("/news/2011/12/22/" gives "2011/12/22").
``name``
    two or more adjacent capitalised words ("Rosa Tuletaeva", "Colonel
    Kadyrov"), or a title and a capitalised word ("colonel Kadyrov"). Function
    words, months and all-capital abbreviations (GOVD, OMON, UN) never count as
    name words, and a curated list of phrases that are not people
    (:data:`NOT_PEOPLE`: institutions, places, laws and instruments) is cut out
    first.
``figure``
    a number or number word next to a word for people ("34 oil workers", "at
    least 28 men", "13 of the defendants", "two of whom", "dozens injured",
    "several people", "not a single law enforcement officer"), ages ("17 years
    old", "a 50-year-old man", "Kenzhebaev, 50,"), prison terms ("five years in
    prison"), "the trial of 37", and figures in web addresses
    ("regarding-29-asylumseekers").
``method``
    the words of :data:`METHOD_LEXICON`, each mapped to the codes of
    ``data/methods.csv`` it can be evidence of.

Text inside web addresses is scanned for dates and figures only (an address
repeats the title of the page it points to), and text inside a :data:`NOT_PEOPLE`
phrase is not scanned at all (the "2011" of "Zhanaozen 2011 Committee" is part
of a name, not a date).

Each mention is a row of :func:`find_mentions`. The module also reads what a
mention says: :mod:`cat_kz.analysis.date_phrases` codes a date phrase
as the project would, :func:`figure_value` gives the number a figure states.

Example on a hand-written snippet:

>>> m = find_mentions("On June 9, 2011, police beat 34 oil workers and Colonel Kadyrov.")
>>> m[["kind", "text"]].values.tolist()
[['date', 'June 9, 2011'], ['method', 'beat'], ['figure', '34 oil workers'], ['name', 'Colonel Kadyrov']]

All functions are pure (no state besides the constants below) and take or
return strings or pandas DataFrames.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from cat_kz.model.lexicon import (
    METHOD_LEXICON,
    MONTHS,
    NAME_STOPWORDS,
    NAME_TITLES,
    NOT_PEOPLE,
    NUMBER_WORDS,
    PEOPLE_WORDS,
)
from cat_kz.model.sources import normalise_whitespace

__all__ = [
    "CONTEXT_CHARS",
    "KINDS",
    "MENTION_COLUMNS",
    "METHOD_LEXICON",
    "MONTHS",
    "NAME_STOPWORDS",
    "NAME_TITLES",
    "NOT_PEOPLE",
    "NUMBER_WORDS",
    "PEOPLE_WORDS",
    "figure_value",
    "find_mentions",
    "phrase_key",
]

KINDS = ("date", "name", "figure", "method")
CONTEXT_CHARS = 40

_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}

# --- compiled patterns (constants) ------------------------------------------

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_PREP = r"(?:[Ii]n|[Oo]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hroughout|[Oo]f)"
_SUBYEAR_WORDS = {
    "spring": 21,
    "summer": 22,
    "autumn": 23,
    "fall": 23,
    "winter": 24,
    "early": 37,
    "mid": 38,
    "late": 39,
}
_SUBYEAR_PHRASES = {
    "beginning of": 37,
    "start of": 37,
    "middle of": 38,
    "end of": 39,
    "first half of": 40,
    "second half of": 41,
}
#: First month and number of months of the sub-year codes used here (as cat_kz.model.dates).

# Date rules: (rule name, pattern). All candidates are collected and the
# leftmost-longest win, so the order does not matter. In a pattern " " stands
# for any whitespace and " ?" for optional whitespace.
_DATE_RULES = [
    ("day range", rf"\b[Bb]etween {_MONTH} {_DAY} and {_DAY}(?:,? {_YEAR})?\b"),
    ("day range", rf"\b{_MONTH} {_DAY} ?(?:-|–|to) ?{_DAY}(?:,? {_YEAR})?\b"),
    ("day range", rf"\b{_DAY} ?(?:-|–) ?{_DAY} {_MONTH}(?:,? {_YEAR})?\b"),
    ("day-month-year", rf"\b{_MONTH} {_DAY},? {_YEAR}\b"),
    ("day-month-year", rf"\b{_YEAR}-\d{{2}}-\d{{2}}\b"),
    ("day-month-year", rf"\b{_YEAR}/\d{{1,2}}/\d{{1,2}}\b"),
    ("day-month-year", rf"\b{_DAY} (?:of )?{_MONTH},? {_YEAR}\b"),
    ("month-year", rf"\b{_MONTH},? {_YEAR}\b"),
    (
        "part of year",
        r"\b(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|[Ee]arly|[Mm]id|[Ll]ate)(?: of)?(?: |-)" + _YEAR + r"\b",
    ),
    ("part of year", r"\b(?:the )?(?:beginning|start|middle|end|first half|second half) of " + _YEAR + r"\b"),
    ("year range", rf"\b(?:[Bb]etween {_YEAR} and|[Ff]rom {_YEAR} to) {_YEAR}\b"),
    ("year range", rf"\b{_YEAR} ?(?:-|–) ?(?:{_YEAR}|\d{{2}})\b"),
    ("month", rf"\b(?:[Ss]ometime )?{_PREP} (?:early |late |mid-)?{_MONTH}\b(?! ?\d)"),
    ("day-month", rf"\b{_MONTH} {_DAY}\b(?!,? ?\d)"),
    ("day-month", rf"\b{_DAY} (?:of )?{_MONTH}\b(?!,? ?\d)"),
    ("year", rf"(?:\b{_PREP} )?(?<![\d.,/-]){_YEAR}\b(?![.,/-]?\d)"),
]
_DATE_RES = [(rule, re.compile(pattern.replace(" ?", r"\s*").replace(" ", r"\s+"))) for rule, pattern in _DATE_RULES]
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s]+?(?=[.,;:)\]]?(?:\s|$))")
# In a web address: 2011/12/22 or 2011/12 (slashes), or 2011-12-22 (dashes need the day).
_URL_DATE_RE = re.compile(rf"(?<!\d)(?:({_YEAR})/(\d{{1,2}})(?:/(\d{{1,2}}))?|({_YEAR})-(\d{{2}})-(\d{{2}}))(?!\d)")

_NUM_WORDS = sorted(NUMBER_WORDS, key=len, reverse=True)
_NUM = r"(?:\d{1,3}(?:,\d{3})*(?![\d,]*\d)|" + "|".join(w.replace(" ", r"\s+") for w in _NUM_WORDS) + r")"
_QUAL = r"(?:(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|over|about|around|approximately|nearly|almost|up\s+to|only|a\s+total\s+of)\s+)?"
_PEOPLE = (
    "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(PEOPLE_WORDS, key=len, reverse=True)) + ")"
)
# Up to two modifiers between number and noun ("34 oil workers", "four other
# asylum seekers", "not a single law enforcement officer"); function words and
# verbs cannot be modifiers, so "two lines of police officers" is not read as
# two officers.
_FIG_STOP = "the|a|an|and|or|of|to|in|on|at|by|for|from|with|as|were|was|is|are|be|been|had|have|has|who|that|which|whom|them|years?"
_MOD = rf"(?:(?!(?:{_FIG_STOP})\b)[a-z][a-z-]*\s+)"
_OF = r"(?:of\s+(?:the|these|those|our|their)\s+)"
_FIGURE_RULES = [
    ("people", rf"\b{_QUAL}{_NUM}\s+(?:{_OF}|{_MOD}{{0,2}}){_PEOPLE}\b"),
    ("people", rf"\b{_QUAL}{_NUM}\s+of\s+(?:whom|them)\b"),
    (
        "people",
        rf"\b{_QUAL}{_NUM}\s+(?:were\s+)?(?:injured|wounded|killed|dead|died|detained|arrested|convicted|missing|disappeared)\b",
    ),
    ("age", rf"\b{_NUM}\s+years?\s+old\b"),
    ("age", rf"\b\d{{1,3}}-years?-old(?:\s+{_MOD}?{_PEOPLE}\b)?"),
    ("age", r"\baged\s+\d{1,3}\b"),
    ("prison term", rf"\b{_NUM}\s+years?\s+(?:in\s+prison|of\s+imprisonment|imprisonment|in\s+jail)\b"),
    ("people", r"\b(?:trial|group|case)\s+of\s+\d{1,4}\b(?!\s*(?:-|,\d))"),
]
_FIGURE_RES = [(rule, re.compile(pattern, re.IGNORECASE)) for rule, pattern in _FIGURE_RULES]
# "Bazarbai Kenzhebaev, 50, died": an age set off by commas after a name.
_APPOSITIVE_AGE_RE = re.compile(r"\b([A-Z][a-z]+), (\d{1,2}),")
_URL_FIGURE_RE = re.compile(
    r"(?<=[-/])(\d{1,4})-(asylum-?seekers|refugees|detainees|defendants|people|men|women|activists|workers|prisoners)\b"
)

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*")


def _lexicon_pattern(key: str) -> str:
    stem = key.endswith("-")
    words = key.rstrip("-").split()
    body = r"\s+".join(re.escape(word) for word in words)
    return r"\b" + body + (r"[a-z]*" if stem else "") + r"\b"


_METHOD_RES = [(key, re.compile(_lexicon_pattern(key), re.IGNORECASE)) for key in METHOD_LEXICON]
_NOT_PEOPLE_RES = [re.compile(r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b") for p in NOT_PEOPLE]

_LEADING_HEDGES = re.compile(
    r"^(?:(?:in|on|at|since|until|by|from|during|before|after|throughout|of|sometime)\s+)+", re.IGNORECASE
)


# --- detectors ----------------------------------------------------------------


def _blocked(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _leftmost_longest(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping candidates, preferring the earliest, then the longest."""
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, rule in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if start >= last_end:
            kept.append((start, end, rule))
            last_end = end
    return kept


def _find_dates(text, lo, hi, urls, not_people):
    found = []
    for rule, pattern in _DATE_RES:
        for m in pattern.finditer(text, lo, hi):
            if not _blocked(urls, m.start(), m.end()) and not _blocked(not_people, m.start(), m.end()):
                found.append((m.start(), m.end(), rule))
    for url_start, url_end in urls:
        for m in _URL_DATE_RE.finditer(text, url_start, url_end):
            month = int(m.group(2) or m.group(5))
            day = m.group(3) or m.group(6)
            if 1 <= month <= 12 and (day is None or 1 <= int(day) <= 31):
                found.append((m.start(), m.end(), "web address"))
    return _leftmost_longest(found)


def _find_names(text, lo, hi, urls, not_people):
    """Runs of two or more capitalised words separated by whitespace only; or a
    lower-case title and one capitalised word."""
    found = []
    run: list[re.Match] = []
    previous: re.Match | None = None

    def close():
        if len(run) >= 2:
            found.append((run[0].start(), _name_end(run[-1]), "capitalised words"))

    for m in _WORD_RE.finditer(text, lo, hi):
        word = m.group()
        bare = re.sub(r"['’]s$", "", word)
        capitalised = (
            word[0].isupper()
            and any(c.islower() for c in word)  # not GOVD, OMON, UN
            and bare.lower() not in NAME_STOPWORDS
            and not _blocked(urls, m.start(), m.end())
            and not _blocked(not_people, m.start(), m.end())
        )
        gap = text[previous.end() : m.start()] if previous is not None else ""
        spaced = bool(gap) and gap.isspace() and "\n" not in gap
        if capitalised and run and run[-1] is previous and spaced and _name_end(previous) == previous.end():
            run.append(m)  # a possessive ("Kenzhebaev's account") ends a run
        else:
            close()
            run = [m] if capitalised else []
            if capitalised and previous is not None and spaced and previous.group() in NAME_TITLES:
                found.append((previous.start(), _name_end(m), "title and name"))
                run = []
        previous = m
    close()
    return found


def _name_end(m: re.Match) -> int:
    possessive = re.search(r"['’]s$", m.group())
    return m.end() - (len(possessive.group()) if possessive else 0)


def _find_figures(text, lo, hi, urls, not_people):
    found = []
    for rule, pattern in _FIGURE_RES:
        for m in pattern.finditer(text, lo, hi):
            if not _blocked(urls, m.start(), m.end()) and not _blocked(not_people, m.start(), m.end()):
                found.append((m.start(), m.end(), rule))
    for m in _APPOSITIVE_AGE_RE.finditer(text, lo, hi):
        if m.group(1).lower() not in NAME_STOPWORDS and not _blocked(urls, m.start(), m.end()):
            found.append((m.start(2), m.end(2), "age"))
    for url_start, url_end in urls:
        for m in _URL_FIGURE_RE.finditer(text, url_start, url_end):
            found.append((m.start(), m.end(), "web address"))
    return _leftmost_longest(found)


def _find_methods(text, lo, hi, urls, not_people):
    found = []
    for key, pattern in _METHOD_RES:
        for m in pattern.finditer(text, lo, hi):
            if not _blocked(urls, m.start(), m.end()) and not _blocked(not_people, m.start(), m.end()):
                found.append((m.start(), m.end(), "lexicon: " + key))
    return _leftmost_longest(found)


def _context(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return normalise_whitespace(text[max(line_start, start - CONTEXT_CHARS) : min(line_end, end + CONTEXT_CHARS)])


MENTION_COLUMNS = ("kind", "text", "char_start", "char_end", "page", "context", "rule")


def find_mentions(
    text: str, *, body_start: int = 0, page_of: Callable[[int], int | None] | None = None
) -> pd.DataFrame:
    """Every candidate date, name, figure and method word in ``text[body_start:]``.

    One row per mention: ``kind`` (one of :data:`KINDS`), ``text`` (the matched
    span), ``char_start`` and ``char_end`` (offsets in ``text``, end exclusive),
    ``page`` (``page_of(char_start)``, or NA), ``context`` (about 40 characters
    each side, on the same line, whitespace-normalised) and ``rule`` (which
    detector rule fired). Sorted by ``char_start``, then kind in
    :data:`KINDS` order.

    >>> m = find_mentions("He was held between December 16 and 18; in spring 2014 he was released.")
    >>> m[["kind", "text", "rule"]].values.tolist()
    [['date', 'between December 16 and 18', 'day range'], ['date', 'spring 2014', 'part of year']]
    >>> find_mentions("At least five of the defendants, among them a 50-year-old man").text.tolist()
    ['At least five of the defendants', '50-year-old man']
    >>> find_mentions("Human Rights Watch wrote to the Ministry of Internal Affairs.").empty
    True
    """
    hi = len(text)
    lo = max(0, min(body_start, hi))
    urls = [(m.start(), m.end()) for m in _URL_RE.finditer(text, lo, hi)]
    not_people = sorted((m.start(), m.end()) for p in _NOT_PEOPLE_RES for m in p.finditer(text, lo, hi))
    rows = []
    for kind, finder in (
        ("date", _find_dates),
        ("name", _find_names),
        ("figure", _find_figures),
        ("method", _find_methods),
    ):
        for start, end, rule in finder(text, lo, hi, urls, not_people):
            page = page_of(start) if page_of is not None else None
            rows.append(
                (kind, text[start:end], start, end, pd.NA if page is None else page, _context(text, start, end), rule)
            )
    frame = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    frame["page"] = frame["page"].astype("Int64")
    frame["kind"] = pd.Categorical(frame["kind"], categories=KINDS)
    frame = frame.sort_values(["char_start", "kind"], kind="stable", ignore_index=True)
    for column in ("text", "context", "rule"):
        frame[column] = frame[column].astype("string")
    frame["char_start"] = frame["char_start"].astype("int64")
    frame["char_end"] = frame["char_end"].astype("int64")
    return frame


# --- dates: phrase -> EDTF and bounds ----------------------------------------


def phrase_key(phrase) -> str:
    """A date phrase as two are compared: whitespace normalised, leading prepositions
    and "sometime" aside, lower case, without surrounding commas and full stops.

    >>> phrase_key("sometime in  December 2011,") == phrase_key("December 2011")
    True
    >>> phrase_key(None)
    ''
    """
    if phrase is None or pd.isna(phrase):
        return ""
    return _LEADING_HEDGES.sub("", normalise_whitespace(str(phrase))).lower().strip(" ,.")


# --- figures: the number a mention states ------------------------------------


def figure_value(phrase: str) -> int | None:
    """The number a figure mention states; None for 'dozens', 'several' and the like.

    >>> [figure_value(p) for p in ["at least 28 men", "four other asylum seekers", "not a single officer", "dozens injured", "50-year-old man"]]
    [28, 4, 0, None, 50]
    """
    text = normalise_whitespace(phrase).lower()
    m = re.search(r"\d{1,3}(?:,\d{3})*", text)
    if m:
        return int(m.group().replace(",", ""))
    for word in _NUM_WORDS:
        if re.search(r"\b" + word + r"\b", text):
            return NUMBER_WORDS[word]
    return None
