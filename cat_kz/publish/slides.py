"""``cat-kz slides``: one self-contained HTML slide deck for a 20-minute session.

Eight 16:9 slides, each with one message as its headline sentence: title,
content note, timeline, tally of methods, returns, key findings (the sentences
of :func:`cat_kz.publish.findings.key_findings`), recommendations, how to check.
Figures are drawn for the slide (:mod:`cat_kz.show.slide_plots`: four lanes,
no text under 18 px at 1280x720) from the data with the report's parameters
(the notebooks' own, checked by :func:`cat_kz.check_params`) and embedded as
PNG at twice their size; each records its smallest type in ``data-min-font-px``.
A phone held upright (or a window under 700 px) shows each figure's narrow variant,
drawn 358 px wide with no text under 16 px, chosen by a ``<picture>`` media query.
Every footer names the source and its pages and, when redacted, the redaction
level; the speaker notes keep the detail (units, qualifiers, what is not counted).
The style and script are inline (:mod:`cat_kz.publish.slide_style`): the deck
makes no web request and works with the network off.

Keys: → / PageDown / Space next, ← / PageUp previous, Home / End, N shows the
speaker notes, F full screen. ``#3`` in the address opens slide 3.

>>> deck = build_deck(meta={"rendered_at": "2026-12-03 10:00 UTC", "dataset_fingerprint": "f" * 64})
>>> deck.count('<section class="slide'), deck.count('<footer class="source">'), "data/raw" in deck
(8, 8, False)
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import pandas as pd

from cat_kz._version import __version__
from cat_kz.analysis import refoulement as rf
from cat_kz.analysis import tallies, timeline
from cat_kz.dataset.load import dataset_fingerprint, load_dataset
from cat_kz.errors import DataError, ReportError
from cat_kz.files import write_atomic
from cat_kz.model.citation import SOURCE_TITLE
from cat_kz.model.language import date_text, tr, trn, trp
from cat_kz.publish import keyfacts as kf
from cat_kz.publish.briefing_cover import source_line
from cat_kz.publish.findings import key_findings, people
from cat_kz.publish.html import VIEWPORT
from cat_kz.publish.params import check_params
from cat_kz.publish.reader_dates import reader_date
from cat_kz.publish.routing import given_parameters, route_parameters
from cat_kz.publish.slide_parts import _banner, _cited, _Deck, _e, _figure, _slide
from cat_kz.publish.slide_style import DECK_CSS, DECK_JS
from cat_kz.publish.slides_local import _measure_word, _returns_slide_local, _tally_slide_local
from cat_kz.show import slide_plots

SLIDE_NOTEBOOKS = ("01_timeline", "02_abuse_methods", "03_refoulement")
SOURCE_PAGES = range(1, 11)


def slide_parameters(parameters: Mapping[str, Mapping] | None, dataset) -> dict[str, dict]:
    """Each slide notebook's parameters, checked and with defaults (as the notebook would run)."""
    parameters = parameters or {}
    checked = {}
    for name in SLIDE_NOTEBOOKS:
        given = {k: v for k, v in dict(parameters.get(name, {})).items() if k not in ("output_dir", "redact")}
        checked[name] = check_params(name, dataset, **given)
    return checked


def title_slide(deck: _Deck) -> str:
    first = deck.dataset.events.set_index("event_id").loc["ev-2014-10-hrw-submission"]
    banner = _banner(deck)
    when = first["date_text"] if deck.lang == "en" else reader_date(first, deck.lang)
    lead = tr("What Human Rights Watch told the UN Committee against Torture, {date}", deck.lang).format(date=when)
    rendered = tr("Rendered {when}. Every slide cites the pages of the source.", deck.lang)
    body = (
        f'<p class="lead">{_e(lead)}</p>'
        f'<p class="muted">{_e(deck.facts.source)}</p>'
        + (f'<p class="redaction-banner">{_e(banner)}</p>' if banner else "")
        + f'<p class="muted">{_e(rendered.format(when=deck.meta.get("rendered_at", "")))}</p>'
    )
    notes = tr(
        "Introduce the source: one submission by one organisation, ten pages. Everything shown counts what this "
        "source states, not how common torture is in Kazakhstan.",
        deck.lang,
    )
    headline = tr("Torture and refoulement in Kazakhstan", deck.lang)
    return _slide(deck, headline, body, [int(first["page"])], notes, kind="title")


def content_note_slide(deck: _Deck) -> str:
    acts = deck.dataset.acts[deck.dataset.acts["scope"] == "case"]
    sexual = sorted({int(p) for p in acts.loc[acts["method_category"] == "sexual", "page"]})
    alleged = sorted({int(p) for p in acts["page"]})
    body = (
        "<p>"
        + tr(
            "The next slides describe allegations of torture and ill-treatment in detention, including beatings, "
            "suffocation and sexual violence {cite}, and a death in custody.",
            deck.lang,
        ).format(cite=f'<span class="cite-wrap">({kf.cite(sexual, deck.lang)})</span>')
        + "</p><p>"
        + tr(
            "You may step out at any time. Quotes are shown only where needed; the tallies use method categories.",
            deck.lang,
        )
        + "</p>"
    )
    notes = tr(
        "Say this before any allegation is shown. Give people a way to step out. Allegations are worded as "
        "allegations: 'X testified that ...'.",
        deck.lang,
    )
    return _slide(
        deck,
        tr("Content note: the next slides describe torture in detention", deck.lang),
        body,
        sorted(set(alleged) | set(sexual)),
        notes,
    )


def _count_labels(deck: _Deck) -> dict[str, str]:
    """The stated figures by event ("34 convicted, 13 imprisoned"), written beside the event's mark."""
    counts = deck.dataset.counts[deck.dataset.counts["measure"].isin(kf.KEY_MEASURES)].dropna(
        subset=["event_id", "value"]
    )
    labels: dict[str, list[str]] = {}
    for row in counts.sort_values("count_id").itertuples():
        if deck.lang != "en":  # "осуждены: 34": the label's word leads, so no number inflects it
            figure = rf.n_text(int(row.value), str(row.qualifier)).replace(
                "at least", trp("qualifier", "at least", deck.lang)
            )
            labels.setdefault(row.event_id, []).append(f"{_measure_word(str(row.measure), deck.lang)}: {figure}")
            continue
        measure = "on trial" if row.measure == "defendants on trial" else row.measure  # the short form, for a label
        labels.setdefault(row.event_id, []).append(f"{rf.n_text(int(row.value), str(row.qualifier))} {measure}")
    return {event: ", ".join(parts) for event, parts in labels.items()}


def _busiest_year(starts, lang: str = "en") -> str:
    """The headline of the timeline: how many of the events fall in the busiest twelve months.

    >>> import pandas as pd
    >>> _busiest_year(pd.Series(pd.to_datetime(["2010-05-01", "2011-12-16", "2012-03-27", "2012-06-04"])))
    '3 of the 4 events shown fall in the twelve months from December 2011'
    """
    starts = starts.sort_values().reset_index(drop=True)
    within = [int(((starts >= d) & (starts < d + pd.DateOffset(years=1))).sum()) for d in starts]
    best = max(range(len(starts)), key=lambda i: (within[i], -i))
    if lang == "en":
        return f"{within[best]} of the {len(starts)} events shown fall in the twelve months from {starts[best]:%B %Y}"
    first, last = starts[best], starts[best] + pd.DateOffset(months=11)
    return tr("{k} of the {n} events shown fall in the twelve months {first} to {last}", lang).format(
        k=within[best],
        n=len(starts),
        first=date_text(first.date(), lang, precision="month"),
        last=date_text(last.date(), lang, precision="month"),
    )


def timeline_slide(deck: _Deck) -> str:
    p01 = deck.params["01_timeline"]
    events = timeline.filter_events(
        deck.dataset.events,
        date_from=p01["date_from"],
        date_to=p01["date_to"],
        categories=p01["categories"],
        people=p01["people"],
    )
    # a boolean Series, not a list: an empty list would select no columns of an empty frame
    drawn = events.loc[events["category"].map(lambda c: slide_plots.lane_of(c) is not None).astype(bool)]
    pages = sorted({int(p) for p in drawn["page"]}) or [1]
    if drawn.empty:
        return _slide(
            deck,
            tr("No event in the period chosen", deck.lang),
            "<p>" + tr("Choose a wider period for the timeline.", deck.lang) + "</p>",
            pages,
            "",
            kind="figure",
        )
    headline = _busiest_year(drawn["date_start"], deck.lang)
    lanes = "; ".join(
        f"{slide_plots.lane_name(i, deck.lang)}: {', '.join(categories)}"
        for i, (_, categories) in enumerate(slide_plots.LANES)
    )
    left = events[~events.index.isin(drawn.index)]
    labels = _count_labels(deck) if p01["labels"] else {}
    figure = _figure(
        slide_plots.timeline_figure(drawn, labels=labels, lang=deck.lang),
        headline + ". " + lanes,
        narrow=slide_plots.timeline_figure(drawn, labels=labels, narrow=True, lang=deck.lang),
    )
    if deck.lang == "en":
        notes = (
            f"Events from {p01['date_from']:%d %B %Y} to {p01['date_to']:%d %B %Y}, in four lanes ({_e(lanes)}). "
            f"Not drawn here: {len(left)} events of other kinds ({_e(', '.join(sorted(set(left['category']))) or 'none')}); "
            "the timeline report has them. A bar is an imprecise date (the source says 'spring 2012'), not a long event; "
            "the figures beside a mark are as stated ('at least' kept)."
        )
    else:
        notes = tr(
            "Events from {first} to {last}, in four lanes ({lanes}). Not drawn here: {left} events of other kinds; "
            "the timeline report has them. A bar is an imprecise date, not a long event; the figures beside a mark "
            "are as stated ('at least' kept).",
            deck.lang,
        ).format(
            first=date_text(p01["date_from"], deck.lang),
            last=date_text(p01["date_to"], deck.lang),
            lanes=_e(lanes),
            left=len(left),
        )
    return _slide(deck, headline, figure, pages, notes, kind="figure")


def tally_slide(deck: _Deck) -> str:
    p02 = deck.params["02_abuse_methods"]
    switches = {k: p02[k] for k in ("include_safeguards", "include_groups", "scope", "include_unclear")}
    tally = tallies.tally_methods(deck.dataset.acts, unit=p02["unit"], level=p02["level"], **switches)
    summary = tallies.tally_summary(deck.dataset.acts, tally, unit=p02["unit"], **switches)
    pages = sorted({p for ps in tally["pages"] for p in ps}) or sorted({int(p) for p in deck.dataset.acts["page"]})
    unit = tallies.UNIT_AXIS_LABEL[p02["unit"]].split(" (")[0].lower()
    scope = tallies.SCOPE_NOUN[p02["scope"]]
    if tally.empty:
        return _slide(
            deck,
            tr("Nothing to tally with these settings", deck.lang),
            "<p>" + tr("Choose other settings for the tally.", deck.lang) + "</p>",
            pages,
            "",
            kind="figure",
        )
    if deck.lang != "en":
        return _tally_slide_local(deck, tally, pages, p02)
    top = tally.iloc[0]
    n = int(top["n"])
    if p02["unit"] == "persons":
        counted = f"by {n} {'person or group' if n == 1 else 'persons or groups'}"
    else:
        counted = f"{n} alleged {'act' if n == 1 else 'acts'}"
    headline = f"{top['label']} is the method most often alleged: {counted}, in {scope}"
    figure = _figure(
        slide_plots.tally_figure(tally),
        f"{headline}. Bars by {'single method' if p02['level'] == 'method' else 'method category'}, counted as {unit}.",
        narrow=slide_plots.tally_figure(tally, narrow=True),
    )
    notes = (
        f"Unit: {_e(tallies.UNIT_AXIS_LABEL[p02['unit']].lower())}, in {_e(scope)}. {_e(summary)} "
        "Say the unit when you quote a number; these are allegations in one source, not prevalence."
    )
    return _slide(deck, headline, figure, pages, notes, kind="figure")


def returns_slide(deck: _Deck) -> str:
    p03 = deck.params["03_refoulement"]
    cases = rf.filter_cases(
        deck.dataset.refoulement, destinations=p03["destinations"], date_from=p03["date_from"], date_to=p03["date_to"]
    )
    pages = sorted({int(p) for p in cases["page"]}) or [8]
    if cases.empty:
        return _slide(
            deck,
            tr("No return in the period or destinations chosen", deck.lang),
            "<p>" + tr("Choose a wider period.", deck.lang) + "</p>",
            pages,
            "",
            kind="figure",
        )
    if deck.lang != "en":
        return _returns_slide_local(deck, cases, pages)
    persons = rf.n_text(
        int(cases["n_persons"].sum()), "at least" if (cases["n_qualifier"] != "exact").any() else "exact"
    )
    against = int(cases["cat_action_disregarded"].fillna(False).astype(bool).sum())
    headline = (
        f"Kazakhstan returned {people(persons)} in {len(cases)} case{'s' if len(cases) != 1 else ''}, "
        f"{against} against the Committee against Torture's request"
    )
    details = "; ".join(
        f"{_e(c.date_text)}: {rf.n_text(c.n_persons, c.n_qualifier)} to {_e(c.destination)} ({_e(c.mechanism)}), "
        f"the Committee's action: {_e(c.cat_action)}"
        + (f" ({_e(c.cat_action_date_text)})" if isinstance(c.cat_action_date_text, str) else "")
        for c in cases.itertuples()
    )
    figure = _figure(
        slide_plots.returns_figure(cases),
        f"{headline}. One row per return, on a year axis.",
        narrow=slide_plots.returns_figure(cases, narrow=True),
    )
    notes = (
        f"{details}. Numbers are minimums as stated ('at least 28'); the nationality is given only where the source "
        "states it. A bar is a date the source gives only to the month or part of a year."
    )
    return _slide(deck, headline, figure, pages, notes, kind="figure")


def findings_slide(deck: _Deck) -> str:
    found = key_findings(deck.facts, deck.lang)
    items = "".join(f'<li class="fact">{_cited(f.text, f.pages, f.elsewhere, deck.lang, f.record)}</li>' for f in found)
    pages = sorted({p for f in found for p in f.pages}) or [1]
    detail = "; ".join(
        f"{_e(r.figure)} {_e(r.measure)} ({_e(r.unit)}, {_e(r.qualifier)}): {_e(r.event)}"
        for r in deck.facts.figures.itertuples()
    )
    notes = (
        f"Each figure as the source states it, with its unit and qualifier: {detail}. Where other sources give "
        "another figure the sentence says so; the corroboration report lists them."
        if deck.lang == "en"
        else tr(
            "Each figure as the source states it, with its qualifier. Where other sources give another figure the "
            "finding says so; the corroboration report lists them.",
            deck.lang,
        )
    )
    headline = tr("Key findings: each figure as the source states it", deck.lang)
    return _slide(deck, headline, f'<ul class="findings">{items}</ul>', pages, notes)


def recommendations_slide(deck: _Deck) -> str:
    recs = deck.facts.recommendations
    items = "".join(
        f'<li class="fact" lang="en">{_cited(r.recommendation.rstrip("."), [r.page], lang=deck.lang)}</li>'
        if deck.lang != "en"
        else f'<li class="fact">{_cited(r.recommendation.rstrip("."), [r.page])}</li>'
        for r in recs.itertuples()
    )
    word = tr("articles", deck.lang)
    articles = "; ".join(f"{i}: {word} {_e(r.articles)}" for i, r in enumerate(recs.itertuples(), start=1))
    headline = trn(
        "Human Rights Watch makes {n} recommendation to the government of Kazakhstan",
        "Human Rights Watch makes {n} recommendations to the government of Kazakhstan",
        len(recs),
        deck.lang,
    )
    notes = tr("The Convention's articles each recommendation rests on: {articles}.", deck.lang).format(
        articles=articles
    )
    return _slide(
        deck, headline, f'<ol class="recommendations">{items}</ol>', [int(p) for p in recs["page"]] or [10], notes
    )


def sources_slide(deck: _Deck) -> str:
    fingerprint = str(deck.meta.get("dataset_fingerprint", ""))
    paragraphs = [
        _e(tr("{source}: ten pages.", deck.lang).format(source=deck.facts.source)),
        tr(
            "Every number on these slides gives the page where its quote stands: open the source at that page.",
            deck.lang,
        ),
        tr(
            "The key facts sheet and the reports rendered with these slides hold the tables behind each figure.",
            deck.lang,
        ),
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if fingerprint:
        label = tr("Dataset fingerprint:", deck.lang)
        body += f'<p class="muted">{label} {_e(fingerprint[:16])}…</p>'
    notes = tr("Invite people to check any number against the page cited. ", deck.lang) + (
        tr(
            "The full dataset fingerprint is {fingerprint}; it identifies the data behind these slides.", deck.lang
        ).format(fingerprint=_e(fingerprint))
        if fingerprint
        else ""
    )
    headline = tr("Every number here can be checked on the page cited", deck.lang)
    return _slide(deck, headline, body, list(SOURCE_PAGES), notes)


SLIDES = (
    title_slide,
    content_note_slide,
    timeline_slide,
    tally_slide,
    returns_slide,
    findings_slide,
    recommendations_slide,
    sources_slide,
)


def build_deck(
    *,
    meta: Mapping | None = None,
    redact: str = "none",
    parameters: Mapping[str, Mapping] | None = None,
    lang: str = "en",
) -> str:
    """The deck as one HTML text (see module doc), in ``lang``; raises ``RedactionLeak`` if a name a level hides is left."""
    matplotlib.use("Agg")

    dataset = load_dataset(redact=redact)
    facts = kf.key_facts(dataset, redact="none", lang=lang)  # dataset is already redacted
    facts.level = redact
    if lang != "en":
        facts.source = source_line(facts, dataset, lang)
    deck = _Deck(dataset, slide_parameters(parameters, load_dataset()), facts, redact, dict(meta or {}), lang)
    page = _page([make(deck) for make in SLIDES], lang)
    # the embedded figures are pixels drawn from redacted data; their base64 text could spell a short name by chance
    kf.check_no_names(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page), redact, "the slide deck")
    return page


def _page(slides: list[str], lang: str = "en") -> str:
    title = tr(
        "Slides: torture and refoulement in Kazakhstan (Human Rights Watch to the Committee against Torture, 2014)",
        lang,
    )
    previous, following, notes = tr("Previous slide", lang), tr("Next slide", lang), tr("Notes", lang)
    slides_label, notes_title = tr("Slides", lang), tr("Speaker notes (N)", lang)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
{VIEWPORT}
<title>{title}</title>
<style>{DECK_CSS}</style>
</head><body>
<main id="deck">
{chr(10).join(slides)}
</main>
<nav class="controls" aria-label="{slides_label}"><button id="prev" type="button" aria-label="{previous}">&larr;</button>
<span id="counter" aria-live="polite"></span><button id="next" type="button" aria-label="{following}">&rarr;</button>
<button id="notes" type="button" title="{notes_title}">{notes}</button></nav>
<script>{DECK_JS}</script>
</body></html>
"""


def main_slides(args) -> int:
    """The ``cat-kz slides`` command (see ``cat_kz.cli``)."""
    if Path(args.out).is_dir():
        print(
            f"cat-kz slides: -o {args.out} is a folder; give a file name such as {Path(args.out) / 'slides.html'}",
            file=sys.stderr,
        )
        return 2
    try:
        routed = route_parameters(list(SLIDE_NOTEBOOKS), given_parameters(args))
        meta = {
            "source": SOURCE_TITLE,
            "dataset_fingerprint": dataset_fingerprint(),
            "rendered_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "version": __version__,
        }
        deck = build_deck(meta=meta, redact=args.redact or "none", parameters=routed, lang=getattr(args, "lang", "en"))
    except (ReportError, DataError, ValueError) as error:
        print(f"cat-kz slides: {error}", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, deck)
    except OSError as error:
        print(f"cat-kz slides: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    count = deck.count('<section class="slide')
    print(f"Wrote {out} ({count} slides; open it in a browser, → for the next slide, N for notes)")
    return 0
