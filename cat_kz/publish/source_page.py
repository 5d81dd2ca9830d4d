"""``source.html``: the source page by page, every coded quote highlighted and linked both ways.

Every record's quote gets an anchor named by the record's id (``source.html#act-033``,
:func:`cat_kz.model.citation.passage_href`): ids never change when a quote is corrected or moves, so a link
from a report, the key facts or the slides keeps opening the right words. Quotes that
overlap form one passage (:mod:`cat_kz.publish.source_passages`); the small number after a
passage opens the list of records coded from it (kind, id, what was coded, links to the
reports). Mentions the data does not code are marked with the reason
(``coverage_exclusions.csv``), and where a record's notes say words were lost in
transcription, the words around the gap are marked.

The page is one file with no web request (styles and a small script inline). At a
redaction level other than ``none`` the text shows each hidden name as its bracketed
pseudonym, as every quote does, under the redaction banner; the page is scanned for
every spelling of those names before it is returned.

>>> import cat_kz
>>> page = source_html(cat_kz.load_dataset(), redact="victims")
>>> 'id="act-033"' in page and 'id="p6"' in page and "Redacted (level: victims)" in page
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.errors import RedactionLeak
from cat_kz.publish import page_style
from cat_kz.publish.cite import how_to_cite
from cat_kz.publish.html import DASHBOARD_HOWTO, VIEWPORT, redaction_banner
from cat_kz.publish.source_passages import (
    LOST_NOTE,
    SOURCE_ID,
    Mark,
    Passage,
    apply_edits,
    excluded_marks,
    lost_marks,
    passages,
    quote_marks,
    quoted_records,
    redaction_edits,
    segments,
    snap,
)
from cat_kz.publish.source_style import SCRIPT, STYLE

#: What a record of each table is called on the page.
KIND_WORDS = {
    "people": "person",
    "events": "event",
    "acts": "act",
    "refoulement": "return",
    "counts": "figure",
    "recommendations": "recommendation",
    "findings": "finding",
}

#: Where each table's records are shown: (file, label). :func:`links_in` keeps those present.
REPORT_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "acts": (("02_abuse_methods.html", "Abuse methods"),),
    "events": (("01_timeline.html", "Timeline"),),
    "refoulement": (("03_refoulement.html", "Returns"), ("keyfacts.html", "Key facts")),
    "counts": (("keyfacts.html", "Key facts"), ("06_corroboration.html", "Corroboration")),
    "findings": (("keyfacts.html", "Key facts"),),
    "recommendations": (("keyfacts.html", "Key facts"),),
    "people": (("00_overview.html", "Overview"),),
}


def links_in(out: Path | str) -> dict[str, tuple[tuple[str, str], ...]]:
    """:data:`REPORT_LINKS` reduced to the files that are in the folder ``out``."""
    out = Path(out)
    return {table: tuple(link for link in links if (out / link[0]).exists()) for table, links in REPORT_LINKS.items()}


def source_html(
    dataset,
    *,
    redact: str = "none",
    report_links: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    meta: dict | None = None,
    source_id: str = SOURCE_ID,
) -> str:
    """The source page for an unredacted ``dataset`` (``cat_kz.load_dataset()``), shown at ``redact``.

    ``report_links`` maps a table to the (file, label) pairs where its records are shown
    (default :data:`REPORT_LINKS`); ``meta`` may give ``version`` and ``dataset_fingerprint``
    for the suggested citation. Raises :class:`RedactionLeak` if a name the level hides
    would still be shown.
    """
    meta = dict(meta or {})
    redactor = Redactor(dataset.people, redact)
    shown = redactor.dataset(dataset) if redactor.level != "none" else dataset
    source = dataset.texts[source_id]
    marks = quote_marks(dataset, source_id) + excluded_marks(dataset, source_id) + lost_marks(dataset, source_id)
    records = _record_info(shown, source_id)
    links = REPORT_LINKS if report_links is None else report_links
    sheets = []
    for page in source.pages:
        text = source.text[page.start : page.end]
        edits = [(page.start + a, page.start + b, new) for a, b, new in redaction_edits(text, redactor)]
        on_page = [m for m in marks if page.start <= m.start < page.end]
        found = passages(snap(on_page, edits), source)
        body = _page_text(source.text, page.start, page.end, found, edits, records, links, redactor)
        sheets.append(f'<section class="sheet"><h2 id="p{page.number}">Page {page.number}</h2>{body}</section>')
    row = dataset.sources.set_index("source_id").loc[source_id]
    meta.setdefault("source", f"{row['publisher']}, {row['title']}, {row['published']}")
    page = _document(sheets, len(source.pages), row, meta, redactor.level)
    if redactor.level != "none":
        found_names = scan(html.unescape(page), redactor)
        if found_names:
            raise RedactionLeak(
                f"the source page would show {len(found_names)} name(s) that redaction level "
                f"{redactor.level!r} hides; nothing was written"
            )
    return page


# --- records -------------------------------------------------------------------------------


def _record_info(shown, source_id: str) -> dict[str, tuple[str, str, str]]:
    """record id -> (table, what was coded, its notes if they say words were lost), from the shown data."""
    info = {}
    for table, record_id, row in quoted_records(shown, source_id):
        notes = row.get("notes")
        lost = notes if isinstance(notes, str) and LOST_NOTE.search(notes) else ""
        info[record_id] = (table, coded(table, row), lost)
    return info


def _text(value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return str(value)


#: What a record's scope means for a reader (a case allegation needs no word).
#: The kinds of mention the coverage check looks for, in a reader's words.
MENTION_WORDS = {"date": "date", "name": "name", "figure": "figure", "method": "word for a method"}
SCOPE_WORDS = {"summary": "a summary of other records", "general": "a general finding, not a case"}


def coded(table: str, row: dict) -> str:
    """In a few words, what a record codes: the method and person, the date and title, the figure...

    >>> coded("counts", {"measure": "killed", "value_text": "12", "unit": "persons", "qualifier": "exact"})
    'killed: 12 persons'
    >>> coded("acts", {"method_label": "Beating", "person_name": "Defendant C", "scope": "case", "certainty": "stated"})
    'Beating; Defendant C'
    """
    get = {key: _text(value) for key, value in row.items()}.get
    if table == "acts":
        extra = [SCOPE_WORDS.get(get("scope"), "")]
        extra.append("not established by the surviving words" if get("certainty") == "unclear" else "")
        return "; ".join(part for part in [get("method_label"), get("person_name"), *extra] if part)
    if table == "events":
        return f"{get('date_text') or get('edtf')}: {get('title')}"
    if table == "counts":
        qualifier = "" if get("qualifier") in ("", "exact") else f" ({get('qualifier')})"
        return f"{get('measure')}: {get('value_text')} {get('unit')}{qualifier}".strip()
    if table == "people":
        details = ", ".join(part for part in (get("role"), f"age {get('age')}" if get("age") else "") if part)
        return f"{get('name')} ({details})" if details else get("name")
    if table == "refoulement":
        return f"{get('persons')} to {get('destination')}, {get('date_text') or get('edtf')}"
    if table == "findings":
        return f"{get('topic').replace('_', ' ')}: {get('finding')}"
    return get("text") or get("quote")


# --- the text --------------------------------------------------------------------------------


def _page_text(text: str, start: int, end: int, found, edits, records, links, redactor) -> str:
    """One page's text: plain runs between passages, each passage marked up."""
    pieces, position = [], start
    for passage in found:
        pieces.append(html.escape(apply_edits(text, position, passage.start, edits)))
        pieces.append(_passage(text, passage, edits, records, links, redactor))
        position = passage.end
    pieces.append(html.escape(apply_edits(text, position, end, edits)))
    return f'<div class="text">{"".join(pieces)}</div>'


def _passage(text: str, passage: Passage, edits, records, links, redactor) -> str:
    """A passage: its segments (anchors before each record's first), then the list of its records."""
    ids = " ".join(passage.record_ids)
    out = [f'<span class="passage" id="{passage.id}" data-records="{ids}">']
    anchored: set[str] = set()
    for a, b, marks in segments(passage):
        for mark in marks:
            if mark.kind == "quote" and mark.key not in anchored:
                anchored.add(mark.key)
                out.append(f'<span class="anchor" id="{html.escape(mark.key)}"></span>')
        out.append(_segment(html.escape(apply_edits(text, a, b, edits)), marks))
    out.append(_records_list(passage, records, links, redactor, text, edits))
    return "".join(out) + "</span>"


def _segment(shown: str, marks: Sequence[Mark]) -> str:
    quoted = [m.key for m in marks if m.kind == "quote"]
    classes = [name for kind, name in (("excluded", "excl"), ("lost", "lost")) if any(m.kind == kind for m in marks)]
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    if quoted:
        ids = " ".join(quoted)
        return f'<mark data-ids="{ids}" title="Coded as {", ".join(quoted)}"{attrs}>{shown}</mark>'
    return f"<span{attrs}>{shown}</span>"


def _records_list(passage: Passage, records, links, redactor, text: str, edits) -> str:
    """The passage's ``<details>``: its records with what was coded and where, its exclusions, its losses."""
    items = []
    for record_id in passage.record_ids:
        table, what, lost = records.get(record_id, ("", "", ""))
        where = " ".join(f'<a href="{html.escape(f)}">{html.escape(label)}</a>' for f, label in links.get(table, ()))
        where = f' <span class="where">({where})</span>' if where else ""
        lost_html = f'<br><span class="lostnote">Words lost: {html.escape(lost)}</span>' if lost else ""
        items.append(
            f'<li data-record="{record_id}"><a href="#{record_id}"><code>{record_id}</code></a> '
            f'<span class="kind">{KIND_WORDS.get(table, table)}</span> {html.escape(what)}'
            f"{where}{lost_html}</li>"
        )
    notes = []
    for mark in passage.marks:
        if mark.kind == "excluded":
            words = html.escape(apply_edits(text, mark.start, mark.end, edits))
            kind = MENTION_WORDS.get(mark.key, mark.key)
            notes.append(f'<p class="why">Not coded: the {kind} “{words}”: {html.escape(redactor.text(mark.note))}</p>')
        elif mark.kind == "lost":
            notes.append(f'<p class="why lostwhy">Words are lost in transcription here (notes of {mark.key}).</p>')
    count, excluded = len(items), any(m.kind == "excluded" for m in passage.marks)
    if count:
        label, badge = f"{count} record{'s' if count != 1 else ''} coded from this passage", str(count)
    else:
        label, badge = ("not coded", "×") if excluded else ("words lost in transcription", "?")
    listed = f'<ul class="records">{"".join(items)}</ul>' if items else ""
    head = f"{label.capitalize()}, page {passage.page}" if count else f"Page {passage.page}"
    return (
        f'<details class="recs"><summary aria-label="{label}" title="{label}">{badge}</summary>'
        f'<div class="pop" role="group" aria-label="{label}"><p class="pophead">{head}</p>'
        f"{listed}{''.join(notes)}</div></details>"
    )


# --- the document ------------------------------------------------------------------------------


def _document(sheets: list[str], n_pages: int, source_row, meta: dict, level: str) -> str:
    banner = redaction_banner(level)
    banner_html = f'<div class="cat-kz-redaction-banner" role="note">{html.escape(banner)}</div>' if banner else ""
    pages_nav = " ".join(f'<a href="#p{n}">{n}</a>' for n in range(1, n_pages + 1))
    url = _text(source_row.get("url"))
    original = f' The original is published at <a href="{html.escape(url)}">{html.escape(url)}</a>.' if url else ""
    title = f"Source: {source_row['publisher']}, {source_row['title']}, {source_row['published']}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{VIEWPORT}
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
{page_style.head_block()}</head><body>
<div class="layout">
<nav class="side" aria-label="Pages of the source">
<p class="navhead">Pages</p><p class="pagelinks">{pages_nav}</p>
<form class="find" role="search"><label for="q">Find in the text or a record id</label>
<input id="q" type="search" placeholder="truncheon, act-033" autocomplete="off"><button type="submit">Find</button>
<span id="found" aria-live="polite"></span></form>
</nav>
<main>
{banner_html}
<h1>{html.escape(title)}</h1>
<p class="intro">The text of the submission as transcribed, page by page. <mark>Highlighted</mark> words are quoted
by a record of the data; the number after a passage lists the records coded from it (with links to the reports).
<span class="excl">Dotted</span>: a mention the data does not code, with the reason. <span class="lost">Wavy</span>:
words around a gap where the transcription lost text (the record's notes say what is missing). Nothing here is
corrected: a quote must match this text letter for letter.{original}</p>
{"".join(sheets)}
<footer>
<p><strong>Whose text.</strong> The submission is Human Rights Watch's; this transcription is included so that
every quote in the data can be checked where it stands. It is not covered by the licences of the cat-kz code or
tables: before republishing this page beyond your own briefing, read Human Rights Watch's terms, or link to the
original. The listing of similar documents that preceded the transcription on the site that hosted it is left out.</p>
<details class="cat-kz-researchers"><summary>For researchers</summary><p>{DASHBOARD_HOWTO}</p></details>
<p class="cite"><strong>How to cite.</strong> {html.escape(how_to_cite(meta))}</p>
</footer>
</main></div>
<script>{SCRIPT}</script>
</body></html>
"""
