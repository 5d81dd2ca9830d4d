"""Reading PDFs back in tests: each page's text (kept for the session) and the metadata."""

from __future__ import annotations

import functools
from pathlib import Path


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it. Extraction is slow (2 s for
    the briefing) and the session's PDFs are read by several tests: each file's text is
    kept for the session, and read again if the file changed."""
    stat = path.stat()
    return list(_pdf_pages(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _pdf_pages(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    from cat_kz.publish.pdf import pdf_pages as extract

    return tuple(extract(Path(path).read_bytes()))


def pdf_metadata(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(str(v) for v in (PdfReader(path).metadata or {}).values())
