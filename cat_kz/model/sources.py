"""The primary source as text: its hash, its printed pages and character offsets.

The source is a plain-text transcription (``data/raw/hrw-cat-kazakhstan-2014.txt``).
Lines before the line ``Transcription:`` are a listing of similar documents from
the hosting site and not part of the submission. After it, every non-empty line
is one printed page and ends with its page number.

All offsets are indices into the decoded text of the whole file (``str``
positions, end exclusive), so ``source.text[start:end]`` is the passage.

Quotes are matched *whitespace-normalised*: any run of whitespace in the quote
or the source counts as one space. Nothing else is normalised: a quote must
match the transcription letter for letter, including its losses.

Example:

>>> from cat_kz.model.sources import read_source
>>> from cat_kz.files import default_data_dir
>>> src = read_source(default_data_dir() / "raw" / "hrw-cat-kazakhstan-2014.txt")
>>> len(src.pages)
10
>>> start, end = src.find_quote("12 people were killed and dozens injured", page=3)
>>> src.page_of(start)
3
"""

from __future__ import annotations

import bisect
import hashlib
import numbers
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cat_kz.errors import SourceFormatError
from cat_kz.files import read_regular

BODY_MARKER = "Transcription:"
_PAGE_NUMBER = re.compile(r"\s(\d{1,6})\s*$")


@dataclass(frozen=True)
class Page:
    """One printed page: ``text[start:end]`` is the page line, page number included."""

    number: int
    start: int
    end: int


def sha256_of(path: Path | str) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    >>> normalise_whitespace("  beaten\\n  with   truncheons ")
    'beaten with truncheons'
    """
    return " ".join(text.split())  # str.split() and re's \s agree on what is whitespace


@dataclass(frozen=True)
class SourceText:
    """A transcribed source split into printed pages.

    Build it with :func:`read_source`; the object is immutable.
    """

    path: Path
    text: str
    sha256: str
    body_start: int
    pages: tuple[Page, ...]

    @property
    def body(self) -> str:
        """The submission itself: everything after the ``Transcription:`` line."""
        return self.text[self.body_start :]

    def page(self, number: int) -> Page:
        """The page with this printed number (``KeyError`` if there is none)."""
        # split_pages numbers the pages 1, 2, 3, ... in order
        if (type(number) is int or isinstance(number, numbers.Integral)) and 1 <= number <= len(self.pages):
            return self.pages[int(number) - 1]
        raise KeyError(f"{self.path.name} has no page {number}; pages are 1 to {len(self.pages)}")

    def page_text(self, number: int) -> str:
        page = self.page(number)
        return self.text[page.start : page.end]

    @cached_property
    def _page_starts(self) -> list[int]:
        return [page.start for page in self.pages]

    def page_of(self, offset: int) -> int | None:
        """The printed page holding character ``offset``, or None outside the body pages."""
        index = bisect.bisect_right(self._page_starts, offset) - 1
        if index >= 0 and offset < self.pages[index].end:
            return self.pages[index].number
        return None

    @cached_property
    def _page_index(self) -> dict[int, tuple[str, tuple[int, ...] | None, int]]:
        # page number -> (its whitespace-normalised text, the raw offset of each of its
        # characters or None when the page needs no normalisation, the page's start)
        return {}

    def _normalised_page(self, page: Page) -> tuple[str, tuple[int, ...] | None, int]:
        cached = self._page_index.get(page.number)
        if cached is None:
            raw = self.text[page.start : page.end]
            if normalise_whitespace(raw) == raw:
                cached = (raw, None, page.start)
            else:
                chars, origin = _normalise_with_origin(raw)
                cached = (chars, tuple(page.start + i for i in origin), page.start)
            self._page_index[page.number] = cached
        return cached

    @cached_property
    def _normalised(self) -> tuple[str, tuple[int, ...]]:
        # The normalised text and, for each of its characters, the offset of the
        # raw character it came from. Built once per source, for find_all.
        return _normalise_with_origin(self.text)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) raw span where ``quote`` occurs, whitespace-normalised.

        Only spans inside the body count; the listing before ``Transcription:``
        is not the submission.
        """
        needle = normalise_whitespace(quote)
        if not needle:
            return []
        haystack, origin = self._normalised
        spans = []
        position = haystack.find(needle)
        while position != -1:
            start = origin[position]
            end = origin[position + len(needle) - 1] + 1
            if start >= self.body_start:
                spans.append((start, end))
            position = haystack.find(needle, position + 1)
        return spans

    def find_quote(self, quote: str, page: int | None = None) -> tuple[int, int] | None:
        """The first span of ``quote`` lying wholly on ``page`` (any page if None).

        Returns None when the quote is not there; callers report the problem.
        Only the page's own text is searched (each page is normalised once and
        kept), so checking a quote costs the same however long the source is.
        """
        needle = normalise_whitespace(quote)
        if not needle:
            return None
        if page is not None:
            return self.find_normalised(needle, page)
        for candidate in self.pages:
            span = self.find_normalised(needle, candidate.number)
            if span is not None:
                return span
        return None

    def find_normalised(self, needle: str, page: int) -> tuple[int, int] | None:
        """:meth:`find_quote` for a needle already whitespace-normalised (and not empty)."""
        cached = self._page_index.get(page)
        if cached is None:
            try:
                cached = self._normalised_page(self.page(page))
            except KeyError:
                return None
        haystack, origin, start = cached
        position = haystack.find(needle)
        if position == -1:
            return None
        if origin is None:
            return start + position, start + position + len(needle)
        return origin[position], origin[position + len(needle) - 1] + 1


def _normalise_with_origin(text: str) -> tuple[str, tuple[int, ...]]:
    """*text* with every whitespace run as one space (none at the start), and
    for each of its characters the offset in *text* it came from; a collapsed
    run maps to its first character."""
    chars: list[str] = []
    origin: list[int] = []
    previous_space = True  # drops leading whitespace
    for index, char in enumerate(text):
        if char.isspace():
            if not previous_space:
                chars.append(" ")
                origin.append(index)
            previous_space = True
        else:
            chars.append(char)
            origin.append(index)
            previous_space = False
    return "".join(chars), tuple(origin)


def split_pages(text: str, *, name: str = "source") -> tuple[int, tuple[Page, ...]]:
    """Find the body and its numbered page lines; check numbers run 1, 2, 3, ..."""
    marker = re.search(rf"^{re.escape(BODY_MARKER)}[ \t]*$", text, flags=re.MULTILINE)
    if marker is None:
        raise SourceFormatError(f"{name}: no line {BODY_MARKER!r} marks the start of the body")
    body_start = marker.end()
    pages = []
    for line in re.finditer(r"[^\n]+", text[body_start:]):
        if not line.group().strip():
            continue
        start, end = body_start + line.start(), body_start + line.end()
        # the number ends the line: look only at its last characters
        tail = start + len(text[start:end].rstrip())
        number = _PAGE_NUMBER.search(text, max(start, tail - 8), end)
        expected = len(pages) + 1
        if number is None or int(number.group(1)) != expected:
            found = number.group(1) if number else "no page number"
            raise SourceFormatError(
                f"{name}: body line {expected} should end with page number {expected}, found {found}"
            )
        pages.append(Page(expected, start, end))
    if not pages:
        raise SourceFormatError(f"{name}: the body after {BODY_MARKER!r} has no pages")
    return body_start, tuple(pages)


def read_source(path: Path | str) -> SourceText:
    """Read a transcribed source from disk (UTF-8; a BOM is tolerated, CRLF too)."""
    path = Path(path)
    raw = read_regular(path)  # a FIFO or a device is refused at once, a file read up to a cap
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    body_start, pages = split_pages(text, name=path.name)
    return SourceText(
        path=path,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        body_start=body_start,
        pages=pages,
    )
