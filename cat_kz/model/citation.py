"""How a citation of the source reads: page ranges and the source line under every figure.

>>> source_line([5, 3, 4, 8])
'Source: Human Rights Watch, Oct 2014, pp. 3–5, 8'
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

SOURCE_NAME = "Human Rights Watch, Oct 2014"


def page_ranges(pages: Iterable[int]) -> str:
    """Compress page numbers: [3, 4, 5, 8] -> '3–5, 8'.

    >>> page_ranges([8, 3, 4, 5, 4])
    '3–5, 8'
    """
    numbers = sorted({int(p) for p in pages if not pd.isna(p)})
    parts: list[str] = []
    start = previous = None
    for number in numbers + [None]:
        if start is None:
            start = previous = number
        elif number is not None and number == previous + 1:
            previous = number
        else:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = previous = number
    return ", ".join(parts)


def source_line(pages: Iterable[int]) -> str:
    """The credit line every figure carries, naming the pages its records cite."""
    ranges = page_ranges(pages)
    if not ranges:
        return f"Source: {SOURCE_NAME}"
    prefix = "p." if "," not in ranges and "–" not in ranges else "pp."
    return f"Source: {SOURCE_NAME}, {prefix} {ranges}"


SOURCE_TITLE = (
    "Human Rights Watch, Submission to the United Nations Committee Against Torture on Kazakhstan, October 2014"
)


#: The source page every report folder holds (``cat-kz report`` writes it beside the reports).
SOURCE_PAGE = "source.html"
#: Record ids renamed since a link was published: old id -> new id (none so far). A link to an
#: old id still opens its passage.
RENAMED: dict[str, str] = {}


def passage_href(record_id: str, page: str = SOURCE_PAGE) -> str:
    """The link that opens a record's quote on the source page (one anchor per record id).

    >>> passage_href("cnt-01"), passage_href("fd-19", page="../source.html")
    ('source.html#cnt-01', '../source.html#fd-19')
    """
    return f"{page}#{RENAMED.get(record_id, record_id)}"
