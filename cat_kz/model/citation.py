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
