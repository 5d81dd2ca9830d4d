"""The slides whose wording differs in another language than English (:mod:`cat_kz.publish.slides`):
the tally and the returns as headlines whose numbers stand after a colon, so no word inflects with
them ("Возвращения из Казахстана: не менее 34 человек (в 4 случаях)"), the labels from the catalogue.
"""

from __future__ import annotations

from cat_kz.model.language import place_text, tr, trn, trp
from cat_kz.publish.briefing_content import persons_text
from cat_kz.publish.briefing_figures import localise_tally
from cat_kz.publish.reader_dates import reader_date
from cat_kz.publish.slide_parts import _Deck, _e, _figure, _slide
from cat_kz.show import slide_plots


def _measure_word(measure: str, lang: str) -> str:
    """A stated figure's measure as a label's word ("killed" -> "убиты")."""
    words = {
        "killed": lambda: trp("measure", "killed", lang),
        "convicted": lambda: trp("measure", "convicted", lang),
        "imprisoned": lambda: trp("measure", "imprisoned", lang),
        "defendants on trial": lambda: trp("measure", "on trial", lang),
        "extradited": lambda: trp("measure", "extradited", lang),
    }
    return words[measure]() if measure in words else measure


def _tally_slide_local(deck: _Deck, tally, pages, p02) -> str:
    """The tally slide in another language than English: labels from the catalogue."""
    tally = localise_tally(tally, deck.lang)
    top = tally.iloc[0]
    if p02["unit"] == "persons":
        counted = trn("alleged by {n} person or group", "alleged by {n} persons or groups", int(top["n"]), deck.lang)
    else:
        counted = trn("{n} alleged act", "{n} alleged acts", int(top["n"]), deck.lang)
    scope = {
        "case": lambda: tr("in case allegations", deck.lang),
        "summary": lambda: tr("in summaries of other records", deck.lang),
        "general": lambda: tr("in general findings", deck.lang),
    }[p02["scope"]]()
    headline = tr("The method most often alleged is “{label}”: {counted}, {scope}", deck.lang).format(
        label=top["label"], counted=counted, scope=scope
    )
    figure = _figure(
        slide_plots.tally_figure(tally, lang=deck.lang),
        headline,
        narrow=slide_plots.tally_figure(tally, narrow=True, lang=deck.lang),
    )
    notes = tr("Say the unit when you quote a number; these are allegations in one source, not prevalence.", deck.lang)
    return _slide(deck, headline, figure, pages, notes, kind="figure")


def _returns_slide_local(deck: _Deck, cases, pages) -> str:
    """The returns slide in another language than English."""
    qualified = "at least " if (cases["n_qualifier"] != "exact").any() else ""
    persons = persons_text(f"{qualified}{int(cases['n_persons'].sum())}", deck.lang)
    against = int(cases["cat_action_disregarded"].fillna(False).astype(bool).sum())
    headline = tr(
        "Returns from Kazakhstan: {persons} ({cases}); against the Committee against Torture's request: {against}",
        deck.lang,
    ).format(persons=persons, cases=trn("in {n} case", "in {n} cases", len(cases), deck.lang), against=against)
    details = "; ".join(
        f"{_e(reader_date(c._asdict(), deck.lang))}: {_e(persons_text(f'{c.n_qualifier} {c.n_persons}' if c.n_qualifier == 'at least' else str(c.n_persons), deck.lang))} "
        f"{_e(place_text(str(c.destination), deck.lang, 'to'))} ({_e(trp('mechanism', str(c.mechanism), deck.lang))})"
        for c in cases.itertuples()
    )
    figure = _figure(
        slide_plots.returns_figure(cases, lang=deck.lang),
        headline,
        narrow=slide_plots.returns_figure(cases, narrow=True, lang=deck.lang),
    )
    notes = details + ". " + tr("Numbers are minimums as stated ('at least 28').", deck.lang)
    return _slide(deck, headline, figure, pages, notes, kind="figure")
