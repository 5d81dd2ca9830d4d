"""The text a reader of a published file sees, for the leak scan (:func:`cat_kz.dataset.redaction.scan_files`).

A name can hide from a scan of a file's bytes: as HTML or SVG character references
(``Tule&shy;taeva``, ``&#1058;...``), as JSON escapes (``\\u0422...``, what
``json.dumps`` writes for Cyrillic, in a notebook or ``index.json``) or inside a
PDF's compressed streams. :func:`readable_text` gives the bytes as text *and* the
text decoded as the format reads it, so a scan sees both.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "a.json").write_text('{"x": "\\\\u0422\\\\u0443"}', encoding="utf-8")
21
>>> readable_text(folder / "a.json").split("\\n")[-1]
'Ту'
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

__all__ = ["MARKUP", "PUBLISHED", "readable_text"]

#: Markup whose character references a browser decodes.
MARKUP = {".html", ".htm", ".svg", ".xml", ".xhtml"}
#: Every suffix of a published file whose text a reader sees (images other than SVG hold no text).
PUBLISHED = MARKUP | {".ipynb", ".json", ".csv", ".txt", ".md", ".tex", ".typ", ".pdf"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # only when a PDF is scanned

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def readable_text(path: Path) -> str:
    """The file's bytes read as UTF-8 and, on further lines, its text as its format decodes it."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".pdf":
        return data.decode("latin-1") + "\n" + _pdf_text(data)
    raw = data.decode("utf-8", errors="replace")
    parts = [raw]
    if suffix in MARKUP:
        parts.append(html.unescape(raw))
    if suffix in {".json", ".ipynb"}:
        try:
            strings = _strings(json.loads(raw))
        except ValueError:
            strings = []
        # notebook HTML outputs hold character references too
        parts += ["\n".join(strings), html.unescape("\n".join(strings))]
    return "\n".join(parts)
