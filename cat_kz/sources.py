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

>>> from cat_kz.sources import read_source
>>> from cat_kz.paths import default_data_dir
>>> src = read_source(default_data_dir() / "raw" / "hrw-cat-kazakhstan-2014.txt")
>>> len(src.pages)
10
>>> start, end = src.find_quote("12 people were killed and dozens injured", page=3)
>>> src.page_of(start)
3
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

BODY_MARKER = "Transcription:"
_PAGE_NUMBER = re.compile(r"\s(\d{1,3})\s*$")
_WHITESPACE = re.compile(r"\s+")


class SourceFormatError(ValueError):
    """The source file does not have the expected layout (marker, numbered pages)."""


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
    return _WHITESPACE.sub(" ", text).strip()


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
        for page in self.pages:
            if page.number == number:
                return page
        raise KeyError(f"{self.path.name} has no page {number}; pages are 1 to {len(self.pages)}")

    def page_text(self, number: int) -> str:
        page = self.page(number)
        return self.text[page.start : page.end]

    def page_of(self, offset: int) -> int | None:
        """The printed page holding character ``offset``, or None outside the body pages."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None

    @cached_property
    def _normalised(self) -> tuple[str, tuple[int, ...]]:
        # The normalised text and, for each of its characters, the offset of the
        # raw character it came from; a collapsed whitespace run maps to its first
        # character. Built once per source and reused for every quote.
        chars: list[str] = []
        origin: list[int] = []
        previous_space = True  # drops leading whitespace
        for index, char in enumerate(self.text):
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
        """
        for start, end in self.find_all(quote):
            first, last = self.page_of(start), self.page_of(end - 1)
            if first is not None and first == last and (page is None or first == page):
                return start, end
        return None


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
        number = _PAGE_NUMBER.search(text, start, end)
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
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    body_start, pages = split_pages(text, name=path.name)
    return SourceText(
        path=path,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        body_start=body_start,
        pages=pages,
    )
