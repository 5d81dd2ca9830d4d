"""Every error cat-kz raises on purpose, under one base: catch :class:`CatKzError` for "any cat-kz error".

Each message is one line that says what was read or written and what is wrong
(a :class:`DataError` adds one line per problem). The command line catches
:class:`CatKzError` once and prints the message, never a traceback. Each class
also keeps the built-in base it always had (``ValueError``, ``RuntimeError``),
so code written against those still catches it.

>>> issubclass(DataError, CatKzError) and issubclass(DataError, ValueError)
True
>>> print(Problem("acts", 3, "act-003", "page", 99, "no such page"))
acts.csv row 3 (act-003), column page: 99: no such page
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


class CatKzError(Exception):
    """The base of every error cat-kz raises on purpose."""


# --- the data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data."""

    table: str
    row: int | None  # 1-based record number under the header; None for file-level problems
    record_id: str | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = f"{self.table}.csv"
        if self.row is not None:
            where += f" row {self.row}"
            if self.record_id:
                where += f" ({self.record_id})"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f"{self.value!r}: "
        return f"{where}: {value}{self.message}"


class DataError(CatKzError, ValueError):
    """The data failed validation; ``problems`` lists everything found."""

    def __init__(self, problems: Sequence[Problem], *, where: str = "the data") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {where}:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class ExportError(DataError):
    """A folder that should be an export cannot be read as one (one line; a DataError, so
    everything that reports bad data reports it)."""

    def __init__(self, message: str) -> None:
        self.problems = []
        ValueError.__init__(self, message)


class DataFolderError(DataError):
    """The data folder itself cannot be read (missing, not a folder): one line, a DataError."""

    def __init__(self, message: str) -> None:
        self.problems = []
        ValueError.__init__(self, message)


class SourceFormatError(CatKzError, ValueError):
    """The source file does not have the expected layout (marker, numbered pages)."""


class EDTFError(CatKzError, ValueError):
    """An EDTF string this project cannot turn into closed, strict bounds.

    The message names the offending string and says why. When raised by
    :func:`cat_kz.model.dates.derive_bounds`, ``errors`` holds one ``(index label,
    value, reason)`` triple per bad value; for ``parse_edtf`` it is empty.
    """

    def __init__(self, message: str, errors: Iterable[tuple[Hashable, object, str]] = ()) -> None:
        super().__init__(message)
        self.errors: tuple[tuple[Hashable, object, str], ...] = tuple(errors)


class MissingSource(CatKzError, ValueError):
    """A step needs the source text, and the dataset does not hold it (an export leaves it out)."""


class UnknownPerson(CatKzError, ValueError):
    """A value given for a person that is no person id and no known spelling of
    exactly one person's name. The message never repeats the value (it may be a
    name, and errors reach logs and redacted outputs)."""


class RedactionLeak(CatKzError, ValueError):
    """A redacted page still holds a name: it is not written."""


# --- what is made from it -----------------------------------------------------------------------


class ExportFailed(CatKzError, RuntimeError):
    """The export could not be written (one-line message; the CLI exits 2)."""


class ReportError(CatKzError, ValueError):
    """A problem with the request itself (unknown notebook or parameter, bad value): nothing ran."""


class PublishError(CatKzError, RuntimeError):
    """The output folder cannot take this run; nothing was changed in it."""


class KitError(CatKzError, ValueError):
    """The briefing kit cannot be made (a name left in a redacted page, a page that cannot be typeset)."""


class PdfError(CatKzError, RuntimeError):
    """The PDFs cannot be made on this machine (no Chromium, a page that does not print)."""
