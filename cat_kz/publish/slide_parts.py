"""The parts every slide of :mod:`cat_kz.publish.slides` is made of: the deck's data, a slide
(headline, body, footer naming the source, its pages and the redaction level, speaker notes),
a figure as PNG with its natural size and smallest type, a sentence with its citation.
In another language than English the footer and pseudonyms are in that language.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from cat_kz.model.language import tr
from cat_kz.publish import keyfacts as kf
from cat_kz.publish.briefing_cover import level_name, redaction
from cat_kz.publish.html import redaction_banner
from cat_kz.publish.pseudonyms_text import pseudonyms_in
from cat_kz.publish.slide_style import PHONE_MEDIA
from cat_kz.show.plotting import redaction_note
from cat_kz.show.slide_plots import CSS_DPI, min_font_pt


@dataclass
class _Deck:
    """What every slide draws on: the (redacted) data, the notebooks' parameters, the key facts."""

    dataset: object
    params: dict
    facts: kf.KeyFacts
    redact: str
    meta: dict
    lang: str = "en"


def _e(text) -> str:
    return html.escape(str(text))


def _slide(deck: _Deck, headline: str, body: str, pages, notes: str, *, kind: str = "") -> str:
    """One slide: headline sentence, body, the footer (source, pages, redaction level), speaker notes."""
    note = _redaction_note(deck)
    redaction = f' · <span class="redaction">{_e(note)}</span>' if note else ""
    source = tr("Source: Human Rights Watch, Oct 2014,", deck.lang)
    speaker = tr("Speaker notes.", deck.lang)
    html_text = (
        f'<section class="{" ".join(["slide", kind]).strip()}" aria-label="{_e(headline)}"><h2>{_e(headline)}</h2>'
        f'<div class="body">{body}</div>'
        f'<footer class="source">{source} {kf.cite(sorted({int(p) for p in pages}) or [1], deck.lang)}{redaction}</footer>'
        f'<aside class="notes"><strong>{speaker}</strong> {notes}</aside></section>'
    )
    return html_text if deck.lang == "en" else pseudonyms_in(html_text, deck.lang)


def _redaction_note(deck: _Deck) -> str:
    """The footer's word on redaction ('' when nothing is hidden)."""
    if deck.lang == "en" or deck.redact in (None, "none"):
        return redaction_note(deck.redact)

    return tr("Redacted (level: {level}): names are pseudonyms", deck.lang).format(
        level=level_name(deck.redact, deck.lang)
    )


def _banner(deck: _Deck) -> str:
    """The title slide's sentence on redaction ('' when nothing is hidden)."""
    if deck.lang == "en" or deck.redact in (None, "none"):
        return redaction_banner(deck.redact)

    return redaction(deck.redact, deck.lang)["description"]


def _png(fig) -> str:
    """``fig`` as PNG at twice its size in CSS px, its natural size and smallest type: attributes for an image."""
    smallest = min_font_pt(fig) * CSS_DPI / 72
    width, height = (round(v * CSS_DPI) for v in fig.get_size_inches())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=2 * CSS_DPI, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'data:image/png;base64,{data}" width="{width}" height="{height}" '
        f'data-natural-width="{width}" data-min-font-px="{smallest:.1f}"'
    )


def _figure(fig, alt: str, narrow=None) -> str:
    """A slide figure as an ``<img>`` with its natural size and smallest type in CSS px (``data-*``);
    with ``narrow`` (the figure drawn for a phone) a ``<picture>`` whose ``<source>`` a phone chooses.

    >>> from cat_kz.show.slide_plots import _figure as blank
    >>> html = _figure(blank((200, 100)), "A", narrow=blank((100, 100)))
    >>> html.count("<source"), 'media="(max-width: 700px), (orientation: portrait)"' in html
    (1, True)
    """
    image = f'<img src="{_png(fig)} alt="{_e(alt)}">'
    if narrow is not None:
        image = f'<picture><source media="{PHONE_MEDIA}" srcset="{_png(narrow)}>{image}</picture>'
    return f'<div class="figure">{image}</div>'


def _cited(text: str, pages, elsewhere: str | None = None, lang: str = "en", record: str | None = None) -> str:
    """A sentence, its page citation in brackets (no larger than the text; with ``record``, a link
    to its passage on the source page) and, if given, a clause."""
    clause = f"; {_e(elsewhere)}" if elsewhere else ""
    return f'{_e(text)} <span class="cite-wrap">({kf.cite(list(pages), lang, record)})</span>{clause}.'
