"""The edited briefing (``briefing.pdf``): its content built from the data, then typeset.

:func:`build_content` turns :func:`cat_kz.publish.keyfacts.key_facts` and the dataset into the
content :mod:`cat_kz.publish.typeset` prints: a cover (title, source, date rendered, redaction
level, content note), the key findings in sentences (:func:`cat_kz.publish.findings.key_findings`),
the timeline and the methods tally drawn for a 160 mm column, the returns against the
Committee's actions, the source's findings on law and practice, its recommendations, how
things were counted, and the sources with their fingerprints. No number is typed by hand;
the text is for readers (no commands, file names or code).

Every string a reader sees is marked for the catalogue (:mod:`cat_kz.model.language`):
``build_content(..., lang="ru")`` gives the briefing in Russian, its dates and numbers by
Babel, its vocabulary labels from the catalogue, its pseudonyms in Russian
(:mod:`cat_kz.publish.pseudonyms_text`); the source's words (quotes, findings,
recommendations) and the records' titles stay in English, the source's language.

:func:`write_briefing` draws the figures, typesets the PDF and reads it back: a redacted PDF
that still holds a name is refused (:class:`cat_kz.errors.RedactionLeak`).

>>> content = build_content(key_facts(redact="none"), {"rendered_at": "2025-03-12"}, figures={})
>>> content["cover"]["subtitle"]
'Submission to the United Nations Committee against Torture'
>>> content["sections"]["key_findings"]["items"][0][0]
'In December 2011, 12 people were killed in the violence in Zhanaozen '
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

from cat_kz.analysis.tallies import describe_apart, records_apart
from cat_kz.analysis.timeline import filter_events
from cat_kz.dataset.load import load_dataset
from cat_kz.model.citation import passage_href
from cat_kz.model.language import check_language, number_text, place_text, tr, trn, trp
from cat_kz.publish.briefing_cover import (
    cover,
    labels,
    published_text,
    redaction,
    source_line,
)
from cat_kz.publish.briefing_figures import TIMELINE_CATEGORIES, draw_figures
from cat_kz.publish.findings import Finding, capital, key_findings, page_citation, people
from cat_kz.publish.keyfacts import KeyFacts, check_no_names, key_facts
from cat_kz.publish.pdf import check_pdf
from cat_kz.publish.pseudonyms_text import map_strings, pseudonyms_in
from cat_kz.publish.reader_dates import reader_date
from cat_kz.publish.typeset import compile_briefing


def cite(pages, lang: str = "en", record: str | None = None) -> dict:
    """A citation run: ``{"cite": {"label": "p. 3"}}``; with the ``record`` it rests on, a link
    (``href``) to the record's passage on the source page beside the briefing."""
    run = {"label": page_citation(pages, lang)}
    return {"cite": run | {"href": passage_href(record)} if record else run}


def cite_text(pages, lang: str = "en") -> str:
    return page_citation(pages, lang)


def finding_item(finding: Finding) -> list:
    """A key finding as rich text: sentence, citation, the clause on other sources."""
    return [
        f"{finding.text} ",
        cite(finding.pages, finding.lang, finding.record),
        f"; {finding.elsewhere}." if finding.elsewhere else ".",
    ]


def timeline_section(dataset, figure: str | None, lang: str = "en") -> dict:
    events = filter_events(dataset.events, categories=list(TIMELINE_CATEGORIES))
    key = [
        [f"{capital(reader_date(row._asdict(), lang))}: {row.title} ", cite([row.page], lang, row.event_id)]
        for row in events.itertuples()
    ]
    section = {
        "intro": [
            trn(
                "The figure places the {n} event the submission dates on the violence in Zhanaozen, the trial, "
                "the returns and the United Nations' actions on one time axis; the numbers refer to the list below it. "
                "A dot is an event dated to the day; a bar spans the first to the last day an event stated less exactly "
                "may have happened.",
                "The figure places the {n} events the submission dates on the violence in Zhanaozen, the trial, "
                "the returns and the United Nations' actions on one time axis; the numbers refer to the list below it. "
                "A dot is an event dated to the day; a bar spans the first to the last day an event stated less exactly "
                "may have happened.",
                len(events),
                lang,
            )
        ],
        "after": [],
        "subsections": [{"heading": tr("The events, in order", lang), "items": key, "numbered": True}],
    }
    if figure:
        section["figure"] = {
            "path": figure,
            "alt": tr("Timeline of {events} events in {lanes} lanes, 2009 to 2013.", lang).format(
                events=len(events), lanes=len(set(events["category"]))
            ),
            "caption": tr("Events the submission dates, by category", lang),
            "note": tr("Numbers as in the list below; dates as the source states them.", lang),
            "placement": "none",
        }
    return section


def _apart_text(apart: pd.DataFrame, lang: str) -> str:
    """:func:`cat_kz.analysis.tallies.describe_apart` in ``lang``."""
    if lang == "en":
        return describe_apart(apart)
    words = {
        "general finding": lambda n: tr("general findings: {n}", lang).format(n=n),
        "summary": lambda n: tr("summaries: {n}", lang).format(n=n),
        "unclear": lambda n: tr("unclear acts: {n}", lang).format(n=n),
        "case": lambda n: tr("case allegations: {n}", lang).format(n=n),
    }
    parts = [words[why](n) for why, n in apart["why"].value_counts().sort_index().items()]
    return tr("Records not counted in the tally: {n} ({parts}).", lang).format(n=len(apart), parts="; ".join(parts))


def _lead(facts: KeyFacts, lang: str) -> str:
    """The methods section's first sentence: the category alleged most often."""
    if not len(facts.methods):
        return ""
    top = facts.methods.iloc[0]
    if lang == "en":
        return f"{top['category']} is the category alleged most often: by {people(str(top['n']))} ({cite_text(top['pages'])}). "
    by = trn("alleged by {n} person", "alleged by {n} persons", int(top["n"]), lang)
    return tr("The category alleged most often is \u201c{category}\u201d: {by} ({cite}). ", lang).format(
        category=trp("method category", str(top["category"]), lang), by=by, cite=cite_text(top["pages"], lang)
    )


def methods_section(facts: KeyFacts, dataset, figure: str | None, lang: str = "en") -> dict:
    total = int(facts.methods["n"].sum())
    section = {
        "intro": [
            tr(
                "People detained after the Zhanaozen events described, in court and to Human Rights Watch, specific "
                "methods of torture and ill-treatment. {lead}The chart counts persons or groups alleging each category "
                "in case allegations; a group counts once, and a person alleging methods in several categories is "
                "counted in each ({total} counts in all). These are allegations in one source, not how common a "
                "method is.",
                lang,
            ).format(lead=_lead(facts, lang), total=number_text(total, lang))
        ],
        "after": [
            _apart_text(records_apart(dataset.acts), lang)
            + " "
            + tr(
                "Summaries restate allegations counted already, general findings name no person, and an unclear act "
                "is listed apart with its quotation in the report.",
                lang,
            )
        ],
        # after the chart, which fits under the intro only without a quote between them
        "closing_quotes": _quotes(quoted_testimony(dataset, lang)),
    }
    if figure:
        bars = ", ".join(f"{trp('method category', r.category, lang)} {r.n}" for r in facts.methods.itertuples())
        section["figure"] = {
            "path": figure,
            "alt": tr("Bar chart: {bars}", lang).format(bars=bars),
            "caption": tr("Alleged methods of torture and ill-treatment, by category", lang),
            "unit": tr("Unit: persons or groups alleging each category in case allegations.", lang),
            # floats (to the top of the next page) rather than leave a hole under the intro
            "placement": "auto",
        }
    return section


def quote(text: str, page, publisher: str = "Human Rights Watch", lang: str = "en") -> dict:
    """A verbatim quote for the template's quote block: the source's words in quotation marks, then who and where.

    The text comes from a quote column of ``load_dataset(redact=...)``: a pseudonym that replaced
    a name in it is already bracketed ("[Defendant A]"), so no altered quote passes for the source's words.
    In another language than English the quote is marked as English (``"lang": "en"``).

    >>> quote("[Defendant A] told the court that he was stripped naked", 5)
    {'text': '\u201c[Defendant A] told the court that he was stripped naked\u201d', 'source': ['\u2014 Human Rights Watch ', {'cite': {'label': 'p. 5'}}]}
    """
    q = {"text": f"\u201c{str(text).strip()}\u201d", "source": [f"\u2014 {publisher} ", cite([page], lang)]}
    return q if lang == "en" else {**q, "lang": "en"}


def quoted_testimony(dataset, lang: str = "en") -> dict | None:
    """The first case allegation quoted as testimony ("testified", "told the court"), with its page."""
    acts = dataset.acts[dataset.acts["scope"] == "case"].sort_values("act_id")
    told = acts[acts["quote"].fillna("").str.contains(r"\b(?:testified|told the court)\b", regex=True)]
    return quote(told.iloc[0]["quote"], told.iloc[0]["page"], lang=lang) if len(told) else None


def returns_quote(dataset, lang: str = "en") -> dict | None:
    """The source's words on the largest return made despite the Committee's action, with its page."""
    cases = dataset.refoulement[dataset.refoulement["cat_action_disregarded"].fillna(False).astype(bool)]
    if cases.empty:
        return None
    case = cases.sort_values(["n_persons", "case_id"], ascending=[False, True]).iloc[0]
    return quote(case["quote"], case["page"], lang=lang)


def law_quote(dataset, lang: str = "en") -> dict | None:
    """Human Rights Watch's first finding quoted as a whole sentence (capital to full stop), with its page."""
    findings = dataset.findings[dataset.findings["found_by"] == "human rights watch"].sort_values("finding_id")
    whole = findings[findings["quote"].fillna("").str.match(r"^[A-Z].*\.$")]
    return quote(whole.iloc[0]["quote"], whole.iloc[0]["page"], lang=lang) if len(whole) else None


def _quotes(q: dict | None) -> list[dict]:
    return [q] if q else []


def _action_words(action: str, lang: str) -> tuple[str, str]:
    """A Committee action and what "disregarded" is for it: ("interim measures", "; disregarded")."""
    if lang == "en":
        return (
            {"interim measures": "interim measures", "communication": "a communication"}.get(action, action),
            "; disregarded",
        )
    disregarded = {
        "interim measures": lambda: tr("; interim measures disregarded", lang),
        "communication": lambda: tr("; communication disregarded", lang),
    }
    return trp("committee action", action, lang), disregarded.get(action, lambda: tr("; disregarded", lang))()


def _action(case, lang: str = "en") -> str:
    """The Committee's action before a return, with its date and year: "interim measures (December 2010)"."""
    action = str(case["cat_action"])
    if action in ("none stated", "nan", "<NA>"):
        return capital(trp("committee action", "none stated", lang))
    when = reader_date(
        {
            "date_start": case["cat_action_date_start"],
            "date_end": case["cat_action_date_end"],
            "date_precision": case["cat_action_date_precision"],
            "date_text": case["cat_action_date_text"],
        },
        lang,
    )
    words, disregarded_words = _action_words(action, lang)
    disregarded = disregarded_words if case["cat_action_disregarded"] is True else ""
    return f"{capital(words)} ({when}){disregarded}" if when else f"{capital(words)}{disregarded}"


def persons_text(figure: str, lang: str) -> str:
    """ "at least 28 people" in ``lang`` (a figure as :func:`cat_kz.analysis.refoulement.n_text` writes it)."""
    if lang == "en":
        return people(figure)
    n = int(figure.split()[-1])
    if figure.startswith("at least"):
        return trn("at least {n} person", "at least {n} people", n, lang)
    return trn("{n} person", "{n} persons", n, lang)


def _totals(facts: KeyFacts, lang: str) -> str:
    if lang == "en":
        return "; ".join(
            f"{r.destination}: {people(('at least ' if r.qualifier == 'at least' else '') + str(r.n_persons))} in "
            f"{r.cases} case{'s' if r.cases != 1 else ''}"
            for r in facts.returned_by_destination.itertuples()
        )
    parts = []
    for r in facts.returned_by_destination.itertuples():
        persons = persons_text(("at least " if r.qualifier == "at least" else "") + str(r.n_persons), lang)
        cases = trn("in {n} case", "in {n} cases", int(r.cases), lang)
        parts.append(f"{place_text(str(r.destination), lang)}: {persons} ({cases})")
    return "; ".join(parts)


def returns_section(facts: KeyFacts, dataset, lang: str = "en") -> dict:
    cases = dataset.refoulement.set_index("case_id")
    rows = []
    for row in facts.returns.itertuples():
        case = cases.loc[row.case_id]
        rows.append(
            [
                capital(reader_date(case, lang)),
                f"{persons_text(str(row.number), lang)}: {row.persons}",
                place_text(str(row.destination), lang),
                capital(trp("mechanism", str(row.mechanism), lang)),
                _action(case, lang),
                cite_text([row.page], lang),
            ]
        )
    disregarded = int((facts.returns["disregarded"] == True).sum())  # noqa: E712 (a nullable boolean column)
    return {
        "intro": [
            tr(
                "Article 3 of the Convention forbids returning anyone to a state where they would be in danger of "
                "torture. The submission records {returns} returns; in {disregarded} of them Kazakhstan disregarded an "
                "action of the Committee against Torture asking it not to return the people concerned.",
                lang,
            ).format(returns=len(facts.returns), disregarded=disregarded)
        ],
        "quotes": _quotes(returns_quote(dataset, lang)),
        "table": {
            "columns": [
                tr("Date", lang),
                tr("Who", lang),
                tr("Returned to", lang),
                tr("How", lang),
                tr("Committee's action before", lang),
                tr("Page", lang),
            ],
            "widths": [1.2, 2.6, 1.1, 1.1, 1.9, 0.6],
            "rows": rows,
            "caption": tr("Persons returned, by destination (sums of the stated minimums): {totals}.", lang).format(
                totals=_totals(facts, lang)
            ),
        },
    }


def _whose(found_by: str, lang: str) -> str:
    """ " (finding of the UN special rapporteur)"; empty for Human Rights Watch's own findings."""
    if found_by == "human rights watch":
        return ""
    who = {
        "un special rapporteur": lambda: tr("the UN special rapporteur", lang),
        "monitors": lambda: tr("monitors", lang),
        "lawyer": lambda: tr("a lawyer", lang),
    }
    if lang == "en":
        return f" (finding of {'the UN special rapporteur' if found_by == 'un special rapporteur' else found_by})"
    return tr(" (finding of {who})", lang).format(who=who[found_by]() if found_by in who else found_by)


def law_section(facts: KeyFacts, dataset, lang: str = "en") -> dict:
    subsections = []
    for topic, group in facts.findings.groupby("topic", sort=False):
        items = [
            [f"{r.finding}{_whose(str(r.found_by), lang)} ", cite([r.page], lang, r.finding_id)]
            for r in group.itertuples()
        ]
        subsections.append({"heading": trp("finding topic", str(topic), lang), "items": items, "numbered": False})
    return {
        "intro": [
            tr(
                "The source's findings about law and practice, by topic: findings of Human Rights Watch unless "
                "another is named. They are statements, not counts.",
                lang,
            )
        ],
        "quotes": _quotes(law_quote(dataset, lang)),
        "subsections": subsections,
    }


def recommendations_section(facts: KeyFacts, lang: str = "en") -> dict:
    items = [
        [
            f"{r.recommendation} " + tr("(Convention articles {articles})", lang).format(articles=r.articles) + " ",
            cite([r.page], lang),
        ]
        for r in facts.recommendations.itertuples()
    ]
    return {
        "intro": [
            tr(
                "Human Rights Watch asked the Committee to urge the government of Kazakhstan to take these {n} steps, "
                "in the submission's order and words.",
                lang,
            ).format(n=len(items))
        ],
        "items": items,
        "numbered": True,
    }


def counting_section(lang: str = "en") -> dict:
    return {
        "intro": [
            tr(
                "Every figure in this briefing comes from records coded from the submission, each with the page and "
                "the words it rests on. Figures are given as the source states them, with their qualifier: "
                "\u201cat least 28\u201d is kept, and a sum of figures of which one is a minimum is itself a minimum. "
                "The methods chart counts persons or groups alleging each category in case allegations: a group "
                "counts once, a person alleging several categories counts in each, and summaries, general findings "
                "and unclear acts are left out and said so. Findings and recommendations are statements of the "
                "source, never counted. Where other published sources speak to a figure, their figures were recorded "
                "beside the submission's; a key finding says when they differ, with the range they give.",
                lang,
            )
        ]
    }


def sources_section(facts: KeyFacts, meta: dict, dataset, lang: str = "en") -> dict:
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    n_other = int(dataset.claims["ext_source_id"].nunique()) if "claims" in dataset.tables() else 0
    provenance = [
        {"label": tr("Source document", lang), "value": f"{facts.source}, {source['url']}"},
        {"label": tr("Source text (SHA-256)", lang), "value": str(source["sha256"]), "mono": True},
    ]
    if meta.get("dataset_fingerprint"):
        provenance.append(
            {"label": tr("Dataset fingerprint", lang), "value": str(meta["dataset_fingerprint"]), "mono": True}
        )
    if meta.get("rendered_at"):
        provenance.append({"label": tr("Date rendered", lang), "value": str(meta["rendered_at"])})
    return {
        "intro": [
            tr(
                "The source is the memorandum {publisher} submitted to the Committee against Torture in {published}. "
                "Figures of other sources come from {n} published documents by UN bodies, non-governmental "
                "organisations, trial monitors and news agencies, cited in the corroboration report. The fingerprints "
                "below identify the exact text and data this briefing was made from.",
                lang,
            ).format(publisher=source["publisher"], published=published_text(source, lang), n=n_other)
        ],
        "provenance": provenance,
        "keep_together": True,
    }


def build_content(facts: KeyFacts, meta: dict, *, figures: dict[str, str], dataset=None, lang: str = "en") -> dict:
    """The briefing's content for :func:`cat_kz.publish.typeset.compile_briefing`;
    ``figures`` maps ``"timeline"`` and ``"methods"`` to SVG paths (a missing one is left out);
    in ``lang`` (``facts`` built with ``lang``'s dates: :func:`cat_kz.publish.keyfacts.key_facts` with ``lang``)."""
    check_language(lang)
    dataset = dataset if dataset is not None else load_dataset(redact=facts.level)
    facts = replace(facts, source=source_line(facts, dataset, lang))
    publisher = dataset.sources.set_index("source_id").at["hrw-2014", "publisher"]
    content = {
        "lang": lang,
        "labels": labels(lang),
        "footer": {"source": tr("Source: {source}", lang).format(source=facts.source)},
        "redaction": redaction(facts.level, lang),
        "cover": cover(facts, meta, dataset, lang),
        "sections": {
            "key_findings": {
                "intro": [
                    tr(
                        "What {publisher} states, with the page of each statement. Figures are as stated; allegations "
                        "are worded as allegations.",
                        lang,
                    ).format(publisher=publisher)
                ],
                "items": [finding_item(f) for f in key_findings(facts, lang)],
                "numbered": True,
            },
            "timeline": timeline_section(dataset, figures.get("timeline"), lang),
            "methods": methods_section(facts, dataset, figures.get("methods"), lang),
            "returns": returns_section(facts, dataset, lang),
            "law_practice": law_section(facts, dataset, lang),
            "recommendations": recommendations_section(facts, lang),
            "counting": counting_section(lang),
            "sources": sources_section(facts, meta, dataset, lang),
        },
    }
    return content if lang == "en" else map_strings(content, lambda text: pseudonyms_in(text, lang))


def briefing_pdf(meta: dict, *, redact: str = "none", paper: str = "A4", lang: str = "en") -> bytes:
    """The briefing as PDF bytes at redaction level ``redact``, in ``lang``; a redacted PDF that still
    shows a name raises :class:`cat_kz.errors.RedactionLeak` (nothing is written)."""
    dataset = load_dataset(redact=redact)
    facts = key_facts(redact=redact, lang=lang)
    with tempfile.TemporaryDirectory(prefix="briefing-figures-") as folder:
        figures = draw_figures(dataset, Path(folder), lang=lang)
        content = build_content(facts, meta, figures=figures, dataset=dataset, lang=lang)
        check_no_names(str(content), redact, "the briefing")
        pdf = compile_briefing(content, figures_dir=folder, paper=paper)
    check_pdf(pdf, redact, "briefing.pdf")
    return pdf
