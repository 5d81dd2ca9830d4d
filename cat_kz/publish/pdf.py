"""PDFs read back: the text of each page as a reader's tool extracts it, and the redaction check.

``briefing.pdf`` is typeset with Typst (:mod:`cat_kz.publish.typeset`, content from
:mod:`cat_kz.publish.briefing_content`): no browser is needed to make it. Chromium serves
only the browser tests (:data:`CHROMIUM`, :data:`CHROMIUM_ARGS`), which open the HTML
reports and the slides.

A redacted PDF is read back before it is published: a name left in its text or in its bytes
outside the compressed streams stops the run (:class:`cat_kz.errors.RedactionLeak`).
"""

from __future__ import annotations

import io
import os
import re

from cat_kz.errors import PdfError, RedactionLeak
from cat_kz.publish.keyfacts import check_no_names

#: Debian's Chromium, for the browser tests (Playwright's own browser download does not work offline).
CHROMIUM = os.environ.get("CAT_KZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip
BRIEFING = "briefing.pdf"


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, as a reader's PDF tool extracts it."""
    from pypdf import PdfReader  # heavy: only when a PDF is read back

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """The text of every page, as a reader's PDF tool extracts it."""
    return "\n".join(pdf_pages(data))


def check_pdf(data: bytes, level: str, what: str) -> None:
    """Refuse a redacted PDF whose extracted text, or whose bytes outside its (compressed) streams
    (metadata, outline, link targets), hold a hidden name."""
    if level in (None, "none"):
        return
    check_no_names(pdf_text(data), level, what)
    check_no_names(re.sub(rb"(?<!end)stream\r?\n.*?endstream", b"", data, flags=re.S).decode("latin-1"), level, what)


__all__ = [
    "BRIEFING",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PdfError",
    "RedactionLeak",
    "check_pdf",
    "pdf_pages",
    "pdf_text",
]
