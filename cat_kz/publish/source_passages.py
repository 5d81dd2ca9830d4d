"""Where each record's quote stands in the source, grouped into passages, for the source page.

:mod:`cat_kz.publish.source_page` draws the source page by page; this module says what
to highlight and where. Three kinds of :class:`Mark` lie on the text:

``quote``
    the span of one record's quote (every quoted table: acts, events, counts, people,
    refoulement, findings, recommendations); its key is the record id.
``excluded``
    a mention that coverage found and ``coverage_exclusions.csv`` excuses, with its reason.
``lost``
    a fragment that a record's notes quote while saying words were lost in transcription
    (``'... endured:'``), found on the record's page; its key lists those records.

A :class:`Passage` is a run of marks that overlap one another (a connected group), so
each mark belongs to exactly one passage, and a passage's records are exactly those
whose quotes it holds. Inside a passage the text is cut at every mark boundary
(:func:`segments`): a segment covered by several quotes carries all their ids.

Redaction changes the text's length, so a redacted page is cut first where names
stand: :func:`redaction_edits` finds each replacement, :func:`snap` widens marks to
whole names, so no cut ever falls inside a name.

>>> import cat_kz
>>> ds = cat_kz.load_dataset()
>>> found = passages(quote_marks(ds) + excluded_marks(ds) + lost_marks(ds), ds.texts["hrw-2014"])
>>> [p for p in found if "act-033" in p.record_ids][0].page
6
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from cat_kz.analysis.coverage import coverage
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import SourceText

SOURCE_ID = "hrw-2014"
MARK_KINDS = ("quote", "excluded", "lost")
#: Notes that say words were lost in transcription.
LOST_NOTE = re.compile(r"\blost\b", flags=re.IGNORECASE)
# a fragment a note quotes: '...' not inside a word (so "Kenzhebaev's" is no quote mark)
_NOTE_FRAGMENT = re.compile(r"(?<!\w)'(.+?)'(?!\w)")
# the end of a sentence of a note ("p. 6" and "... endured" do not end one)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Mark:
    """One span of the source text to draw: ``text[start:end]``."""

    kind: str  # one of MARK_KINDS
    start: int
    end: int
    key: str  # quote: the record id; excluded: the mention's kind; lost: the ids of the records saying so
    table: str = ""  # quote: the record's table
    note: str = ""  # excluded: the reason it needs no record


@dataclass(frozen=True)
class Passage:
    """Marks that overlap one another, on one page: ``id`` is ``psg-<page>-<n>``."""

    id: str
    page: int
    start: int
    end: int
    marks: tuple[Mark, ...]

    @property
    def record_ids(self) -> tuple[str, ...]:
        """The records whose quotes this passage holds, in the order their quotes begin."""
        return tuple(m.key for m in self.marks if m.kind == "quote")


def quoted_records(dataset, source_id: str = SOURCE_ID) -> Iterable[tuple[str, str, dict]]:
    """(table, record id, row) of every record quoting ``source_id``, table by table."""
    for name, table in TABLES.items():
        if not table.quoted:
            continue
        frame = dataset[name]
        for row in frame[frame["source_id"] == source_id].to_dict("records"):
            yield name, str(row[table.key]), row


def quote_marks(dataset, source_id: str = SOURCE_ID) -> list[Mark]:
    """A ``quote`` mark per quoted record (its offsets as loaded, or found on its page)."""
    source = dataset.texts[source_id]
    marks = []
    for name, record_id, row in quoted_records(dataset, source_id):
        span = quote_span(source, row)
        if span is not None:
            marks.append(Mark("quote", span[0], span[1], record_id, table=name))
    return marks


def quote_span(source: SourceText, row: dict) -> tuple[int, int] | None:
    """A record's quote in the source: its offsets as loaded, or found on its page."""
    start, end = row.get("char_start"), row.get("char_end")
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        # a table without derived offsets (refoulement): the load already checked the quote is there
        return source.find_quote(str(row["quote"]), int(row["page"]))
    return int(start), int(end)


def excluded_marks(dataset, source_id: str = SOURCE_ID) -> list[Mark]:
    """An ``excluded`` mark per mention that ``coverage_exclusions.csv`` excuses, with its reason."""
    cov = coverage(dataset, source_id=source_id)
    cov = cov[cov["status"] == "excluded"]
    return [
        Mark("excluded", int(row.char_start), int(row.char_end), str(row.kind), note=str(row.reason))
        for row in cov.itertuples(index=False)
    ]


def lost_marks(dataset, source_id: str = SOURCE_ID) -> list[Mark]:
    """A ``lost`` mark per fragment that a note quotes in a sentence saying words were lost,
    found on the record's page: the gap is beside or inside it ("Words between 'trousers' and
    'bottle in me' are lost"). Fragments quoted elsewhere in the note are not marks.

    Several records may quote the same fragment ("... endured:"): one mark lists them all.
    """
    source = dataset.texts[source_id]
    found: dict[tuple[int, int], list[str]] = {}
    for _, record_id, row in quoted_records(dataset, source_id):
        notes = row.get("notes")
        if not isinstance(notes, str) or not LOST_NOTE.search(notes):
            continue
        said = " ".join(s for s in _SENTENCE_END.split(notes) if LOST_NOTE.search(s))
        quoted = quote_span(source, row)
        for fragment in _NOTE_FRAGMENT.findall(said):
            span = _fragment_span(source, fragment.strip(" .…"), int(row["page"]), quoted)
            if span is not None and record_id not in found.setdefault(span, []):
                found[span].append(record_id)
    return [Mark("lost", start, end, " ".join(ids)) for (start, end), ids in sorted(found.items())]


def _fragment_span(source: SourceText, fragment: str, page: int, quoted) -> tuple[int, int] | None:
    """Where a note's fragment stands: its only place in the record's quote, or else on its page; None if unsure."""
    if len(fragment) < 4:
        return None
    on_page = [s for s in source.find_all(fragment) if source.page_of(s[0]) == page]
    inside = [s for s in on_page if quoted is not None and quoted[0] <= s[0] and s[1] <= quoted[1]]
    for candidates in (inside, on_page):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:  # several places: a word such as 'office' cannot be placed
            return None
    return None


def passages(marks: Sequence[Mark], source: SourceText) -> list[Passage]:
    """Group marks that overlap into passages, in text order, numbered per page."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, MARK_KINDS.index(m.kind), m.key))
    groups: list[list[Mark]] = []
    end = -1
    for mark in ordered:
        if groups and mark.start < end:
            groups[-1].append(mark)
            end = max(end, mark.end)
        else:
            groups.append([mark])
            end = mark.end
    out, per_page = [], {}
    for group in groups:
        start, stop = group[0].start, max(m.end for m in group)
        page = source.page_of(start) or 0
        per_page[page] = per_page.get(page, 0) + 1
        out.append(Passage(f"psg-{page}-{per_page[page]}", page, start, stop, tuple(group)))
    return out


def segments(passage: Passage) -> list[tuple[int, int, tuple[Mark, ...]]]:
    """The passage cut at every mark boundary: (start, end, the marks covering it).

    >>> a, b = Mark("quote", 0, 10, "act-1"), Mark("quote", 5, 20, "ev-1")
    >>> [(s, e, [m.key for m in ms]) for s, e, ms in segments(Passage("psg-1-1", 1, 0, 20, (a, b)))]
    [(0, 5, ['act-1']), (5, 10, ['act-1', 'ev-1']), (10, 20, ['ev-1'])]
    """
    cuts = sorted({c for m in passage.marks for c in (m.start, m.end)})
    return [
        (a, b, tuple(m for m in passage.marks if m.start <= a and b <= m.end))
        for a, b in zip(cuts, cuts[1:])
        if any(m.start <= a and b <= m.end for m in passage.marks)
    ]


def redaction_edits(text: str, redactor) -> list[tuple[int, int, str]]:
    """Where ``redactor.quote(text)`` changes ``text``: (start, end, replacement), in order.

    Found by comparing words, not characters, so a pseudonym is never matched letter by
    letter against the name it replaces; replacements only a space or a mark apart are
    one edit ("Bazarbai Kenzhebaev" -> "[Detainee A]"). Applying every edit gives
    ``redactor.quote(text)`` exactly.
    """
    redacted = redactor.quote(text)
    if redacted == text:
        return []
    before, after = _TOKEN.findall(text), _TOKEN.findall(redacted)
    offsets = [0]
    for token in before:
        offsets.append(offsets[-1] + len(token))
    edits: list[tuple[int, int, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end, new = offsets[i1], offsets[i2], "".join(after[j1:j2])
        gap = text[edits[-1][1] : start] if edits else None
        if gap is not None and len(gap) <= 2 and not re.search(r"\w", gap):
            previous = edits.pop()
            start, new = previous[0], previous[2] + gap + new
        edits.append((start, end, new))
    if apply_edits(text, 0, len(text), edits) != redacted:  # never publish a text that is not the redacted one
        raise ValueError("the redacted source text could not be aligned with the original")
    return edits


def apply_edits(text: str, start: int, end: int, edits: Sequence[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with the edits lying inside it applied.

    >>> apply_edits("Mr Kenzhebaev said", 3, 18, [(3, 13, "[Detainee A]")])
    '[Detainee A] said'
    """
    pieces, position = [], start
    for a, b, new in edits:
        if start <= a and b <= end:
            pieces += [text[position:a], new]
            position = b
    return "".join(pieces) + text[position:end]


def snap(marks: Sequence[Mark], edits: Sequence[tuple[int, int, str]]) -> list[Mark]:
    """Marks widened so none begins or ends inside an edit (a redacted name stays whole).

    >>> widened = snap([Mark("quote", 5, 20, "act-1"), Mark("lost", 0, 8, "act-2")], [(3, 13, "[Detainee A]")])
    >>> [(m.start, m.end) for m in widened]
    [(3, 20), (0, 13)]
    """

    def widen(offset: int, to_end: bool) -> int:
        for a, b, _ in edits:
            if a < offset < b:
                return b if to_end else a
        return offset

    return [replace(m, start=widen(m.start, False), end=widen(m.end, True)) for m in marks]
