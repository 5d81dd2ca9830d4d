"""PDF handouts: each HTML report printed by Debian's Chromium, and ``briefing.pdf``.

``cat-kz report --pdf`` calls :func:`write_pdfs` on the finished folder:

- ``<report>.pdf`` beside each ``<report>.html``;
- ``briefing.pdf``: a cover (title, source, dataset fingerprint, redaction level,
  date rendered, contents with page numbers), the key facts page, then every report;
  each page numbered ("page 3 of 41") with a footer naming the source.

Chromium prints through Playwright's ``page.pdf()`` with the print stylesheet of
:mod:`cat_kz.publish.page_style` (A4 or Letter); pypdf joins the parts and stamps the
footers (a footer page printed by Chromium, merged onto each page), so the page
numbers run on across the whole briefing. A redacted PDF is read back before it
is published: a name left in its text or its bytes stops the run, and nothing is
written (:class:`cat_kz.errors.RedactionLeak`).

>>> footer_text("Timeline: what happened when", 3, 41)
'cat-kz · Timeline: what happened when · Source: Human Rights Watch, submission to the UN Committee against Torture on Kazakhstan, Oct 2014 · page 3 of 41'
"""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cat_kz.errors import PdfError, RedactionLeak
from cat_kz.files import write_atomic
from cat_kz.publish.html import VIEWPORT, redaction_banner
from cat_kz.publish.keyfacts import check_no_names
from cat_kz.publish.page_style import PAPER_MM

#: Debian's Chromium (Playwright's own browser download does not work offline).
CHROMIUM = os.environ.get("CAT_KZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
PAPERS = tuple(PAPER_MM)
SOURCE_SHORT = "Human Rights Watch, submission to the UN Committee against Torture on Kazakhstan, Oct 2014"
BRIEFING = "briefing.pdf"


@dataclass
class Part:
    """One document of the briefing: its title and the HTML file it prints from."""

    title: str
    html: Path


def footer_text(title: str, page: int, pages: int) -> str:
    """The footer of one page: what it is, the source, the page number."""
    return f"cat-kz · {title} · Source: {SOURCE_SHORT} · page {page} of {pages}"


@contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright; a clear error if there is none."""
    if not Path(CHROMIUM).exists():
        raise PdfError(f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) to make PDFs")
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    except Error as error:
        raise PdfError(f"Chromium failed: {str(error).splitlines()[0]}") from None


def print_html(browser, path: Path, paper: str = "A4") -> bytes:
    """Print one HTML file to PDF bytes (print media, backgrounds, the page's own margins)."""
    page = browser.new_page()
    try:
        # no request leaves the machine: a page that asks for the web prints without it
        page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        return page.pdf(format=paper, print_background=True, prefer_css_page_size=False)
    finally:
        page.close()


def _footers(browser, texts: Sequence[str], paper: str) -> bytes:
    """One PDF page per text, blank but for the text at the bottom: merged onto the pages."""
    width, height = PAPER_MM[paper]
    pages = "".join(
        f'<div class="p"><div class="f">{html.escape(text)}</div></div>' for text in texts
    )
    document = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: {width}mm {height}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
.p {{ position: relative; width: {width}mm; height: {height - 0.5}mm; break-after: page; overflow: hidden; }}
.p:last-child {{ break-after: auto; }}
.f {{ position: absolute; left: 12mm; right: 12mm; bottom: 7mm; font: 7pt system-ui, sans-serif; color: #555;
      border-top: 0.5pt solid #bbb; padding-top: 1.5mm; text-align: center; }}
</style></head><body>{pages}</body></html>"""
    page = browser.new_page()
    try:
        page.set_content(document)
        return page.pdf(format=paper, prefer_css_page_size=False, margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
    finally:
        page.close()


def _join(browser, parts: Sequence[tuple[str, bytes]], paper: str, title: str) -> bytes:
    """Join printed parts into one PDF with a footer and a running page number on every page."""
    from pypdf import PdfReader, PdfWriter

    readers = [(name, PdfReader(io.BytesIO(data))) for name, data in parts]
    total = sum(len(reader.pages) for _, reader in readers)
    texts = [footer_text(name, 0, 0) for name, reader in readers for _ in reader.pages]
    texts = [re.sub(r"page 0 of 0$", f"page {i} of {total}", text) for i, text in enumerate(texts, start=1)]
    footers = PdfReader(io.BytesIO(_footers(browser, texts, paper)))
    if len(footers.pages) != total:
        raise PdfError(f"the footers came out as {len(footers.pages)} pages for {total} pages")
    writer = PdfWriter()
    index = 0
    for name, reader in readers:
        first = index
        for page in reader.pages:
            writer.add_page(page).merge_page(footers.pages[index])
            index += 1
        if len(readers) > 1:
            writer.add_outline_item(title=name, page_number=first)
    writer.add_metadata({"/Title": title, "/Creator": "cat-kz"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, as a reader's PDF tool extracts it."""
    from pypdf import PdfReader

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


def cover_html(meta: dict, level: str, contents: Sequence[tuple[str, int]]) -> str:
    """The briefing's cover: title, source, fingerprint, redaction level, date, contents with pages."""
    banner = redaction_banner(level)
    rows = "".join(f"<tr><td>{html.escape(title)}</td><td class='n'>{page}</td></tr>" for title, page in contents)
    level_text = "none: real names are shown" if level in (None, "none") else html.escape(banner)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{VIEWPORT}
<title>Briefing: Human Rights Watch on Kazakhstan to the Committee against Torture, 2014</title>
<style>
@page {{ margin: 20mm 18mm 22mm 18mm; }}
body {{ font-family: system-ui, sans-serif; color: #222; font-size: 10.5pt; line-height: 1.4; }}
h1 {{ font-size: 20pt; margin: 8mm 0 2mm; }} .sub {{ font-size: 12pt; color: #444; margin-bottom: 10mm; }}
dt {{ font-weight: bold; margin-top: 3mm; }} dd {{ margin-left: 0; }}
code {{ font-size: 8.5pt; }} table {{ border-collapse: collapse; margin-top: 2mm; }}
td {{ padding: 1mm 4mm 1mm 0; border-bottom: 0.5pt solid #ddd; }} td.n {{ text-align: right; }}
.cat-kz-redaction-banner {{ background: #fff4d6; border: 1px solid #d9a400; padding: 2mm 4mm; font-weight: bold; }}
</style></head><body>
{f'<div class="cat-kz-redaction-banner" role="note">{html.escape(banner)}</div>' if banner else ""}
<h1>Torture and refoulement in Kazakhstan: a briefing</h1>
<p class="sub">Evidence tables and figures coded from one source, every row citing its page.
Counts are of allegations in this source, not prevalence.</p>
<dl>
<dt>Source</dt><dd>{html.escape(meta.get("source", SOURCE_SHORT))}<br><small>sha256 of the transcription:
<code>{html.escape(str(meta.get("source_sha256", "")))}</code></small></dd>
<dt>Dataset fingerprint</dt><dd><code>{html.escape(str(meta.get("dataset_fingerprint", "")))}</code><br>
<small>sha256 over every file in data/: the same fingerprint means the same data</small></dd>
<dt>Redaction</dt><dd>{level_text}</dd>
<dt>Rendered</dt><dd>{html.escape(str(meta.get("rendered_at", "")))} by cat-kz {html.escape(str(meta.get("version", "")))}</dd>
<dt>Contents</dt><dd><table>{rows}</table></dd>
</dl>
</body></html>
"""


def write_pdfs(
    out: Path | str,
    parts: Sequence[Part],
    meta: dict,
    *,
    level: str = "none",
    keyfacts: Path | None = None,
    paper: str = "A4",
    echo=print,
) -> list[Path]:
    """Print each part beside its HTML, then ``briefing.pdf``; returns the paths written.

    Every PDF is checked before anything is published (see module doc).
    """
    from cat_kz.model.schema import check_choice

    check_choice("paper", paper, PAPERS)
    out = Path(out)
    results: dict[Path, bytes] = {}
    with chromium() as browser:
        printed: list[tuple[str, bytes]] = []
        for part in parts:
            echo(f"  pdf    {part.html.stem}")
            data = print_html(browser, part.html, paper)
            printed.append((part.title, data))
            results[part.html.with_suffix(".pdf")] = _join(browser, [(part.title, data)], paper, part.title)
        front: list[tuple[str, bytes]] = []
        if keyfacts is not None:
            front.append(("Key facts", print_html(browser, keyfacts, paper)))
        contents, page = [], 2
        for title, data in [*front, *printed]:
            contents.append((title, page))
            page += page_count(data)
        with tempfile.TemporaryDirectory(prefix=".cover-", dir=out) as folder:
            cover = Path(folder) / "cover.html"
            cover.write_text(cover_html(meta, level, contents), encoding="utf-8")
            cover_pdf = print_html(browser, cover, paper)
        if page_count(cover_pdf) != 1:
            raise PdfError(f"the cover came out as {page_count(cover_pdf)} pages")
        echo(f"  pdf    {BRIEFING}")
        title = "Briefing: Human Rights Watch on Kazakhstan to the Committee against Torture, 2014"
        results[out / BRIEFING] = _join(browser, [("Cover", cover_pdf), *front, *printed], paper, title)
    for path, data in results.items():
        check_pdf(data, level, path.name)
    for path, data in results.items():
        write_atomic(path, data)
    return list(results)


__all__ = ["BRIEFING", "CHROMIUM", "Part", "PdfError", "RedactionLeak", "check_pdf", "pdf_pages", "pdf_text", "write_pdfs"]
