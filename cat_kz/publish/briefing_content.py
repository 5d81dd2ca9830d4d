"""The edited briefing (``briefing.pdf``): its content built from the data, then typeset.

:func:`build_content` turns :func:`cat_kz.publish.keyfacts.key_facts` and the dataset into the
content :mod:`cat_kz.publish.typeset` prints: a cover (title, source, date rendered, redaction
level, content note), the key findings in sentences (:func:`cat_kz.publish.findings.key_findings`),
the timeline and the methods tally drawn for a 160 mm column, the returns against the
Committee's actions, the source's findings on law and practice, its recommendations, how
things were counted, and the sources with their fingerprints. No number is typed by hand;
the text is for readers (no commands, file names or code).

:func:`write_briefing` draws the figures, typesets the PDF and reads it back: a redacted PDF
that still holds a name is refused (:class:`cat_kz.errors.RedactionLeak`).

>>> content = build_content(key_facts_for("none"), {"rendered_at": "2025-03-12"}, figures={})
>>> content["cover"]["subtitle"]
'Submission to the United Nations Committee against Torture'
>>> content["sections"]["key_findings"]["items"][0][0]
'In December 2011, 12 people were killed in the violence in Zhanaozen '
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from cat_kz.publish.findings import Finding, key_findings, people
from cat_kz.publish.keyfacts import KeyFacts, check_no_names, key_facts

#: The event categories the briefing's timeline shows (fewer lanes than the report's).
TIMELINE_CATEGORIES = ("zhanaozen", "trial", "refoulement", "un")
#: A 160 mm text column, in inches.
COLUMN_IN = 160 / 25.4
LEVEL_WORDS = {
    "minors": "names of minors replaced by pseudonyms",
    "victims": "names of everyone but officials replaced by pseudonyms",
    "all": "every personal name replaced by a pseudonym",
}
FOUND_BY = {"human rights watch": "Human Rights Watch", "un special rapporteur": "the UN special rapporteur"}
ACTIONS = {"interim measures": "interim measures", "communication": "a communication", "none stated": "none stated"}
LABELS = {
    "contents": "Contents",
    "page": "Page",
    "figure": "Figure",
    "content_note": "Content note",
    "redaction_level": "Redaction",
    "not_redacted": "None: names appear as they do in the source",
    "key_findings": "Key findings",
    "timeline": "What happened when",
    "methods": "Methods of torture and ill-treatment alleged",
    "returns": "Returns despite the Committee against Torture",
    "law_practice": "Law and practice",
    "recommendations": "Recommendations",
    "counting": "How things were counted",
    "sources": "Sources and provenance",
}


def key_facts_for(level: str) -> KeyFacts:
    """The key facts at redaction ``level`` (the project's data)."""
    return key_facts(redact=level)


def cite(pages) -> dict:
    """A citation run: ``{"cite": {"label": "p. 3"}}``."""
    return {"cite": {"label": Finding("", [int(p) for p in pages]).citation()}}


def finding_item(finding: Finding) -> list:
    """A key finding as rich text: sentence, citation, the clause on other sources."""
    return [f"{finding.text} ", cite(finding.pages), f"; {finding.elsewhere}." if finding.elsewhere else "."]


def redaction(level: str) -> dict | None:
    """What the cover and every page's footer say about redaction (None when nothing is hidden).

    >>> redaction("victims")["footer"]
    'Redacted (level: victims): names of everyone but officials replaced by pseudonyms'
    """
    if level in (None, "none"):
        return None
    words = LEVEL_WORDS.get(level, "names replaced by pseudonyms")
    return {
        "level": level,
        "description": f"Level {level}: {words}. A pseudonym that replaced a name inside a quotation is in square brackets.",
        "footer": f"Redacted (level: {level}): {words}",
    }


def content_note(dataset) -> str:
    """The cover's warning, the youngest person's age taken from the records."""
    ages = pd.to_numeric(
        dataset.people.loc[dataset.people["is_minor"].fillna(False).astype(bool), "age"], errors="coerce"
    ).dropna()
    minor = f" One of them was {int(ages.min())} years old." if len(ages) else ""
    return (
        "This briefing describes torture and ill-treatment in custody, including sexual violence and threats of rape, "
        f"and a death in custody. The people it names are real.{minor}"
    )


def cover(facts: KeyFacts, meta: dict, dataset) -> dict:
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    findings = key_findings(facts)
    return {
        "kicker": "Briefing",
        "title": "Kazakhstan: torture in custody, impunity and returns despite the Committee",
        "subtitle": "Submission to the United Nations Committee against Torture",
        "author": [str(source["publisher"])],
        "meta": [
            {"label": "Source", "value": facts.source},
            {"label": "Date rendered", "value": meta.get("rendered_at") or pd.Timestamp.now().strftime("%-d %B %Y")},
        ],
        "content_note": content_note(dataset),
        "summary": [
            f"In {source['published']} {source['publisher']} submitted a memorandum to the United Nations Committee against "
            "Torture ahead of its review of Kazakhstan. This briefing condenses it: the violence in Zhanaozen and the "
            "treatment of those detained after it, the trial that followed, the return of asylum seekers despite the "
            f"Committee's requests, and where law and practice fall short of the Convention. Its {len(findings)} key findings "
            "are drawn from the records coded from the submission; every statement cites the page it rests on, and where "
            "other published sources give another figure, the finding says so."
        ],
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def timeline_section(dataset, figure: str | None) -> dict:
    from cat_kz.analysis.timeline import filter_events
    from cat_kz.publish.keyfacts import reader_date

    events = filter_events(dataset.events, categories=list(TIMELINE_CATEGORIES))
    key = [[f"{_capital(reader_date(row._asdict()))}: {row.title} ", cite([row.page])] for row in events.itertuples()]
    section = {
        "intro": [
            f"The figure places the {len(events)} events the submission dates on the violence in Zhanaozen, the trial, "
            "the returns and the United Nations' actions on one time axis; the numbers refer to the list below it. "
            "A dot is an event dated to the day; a bar spans the first to the last day an event stated less exactly "
            "may have happened."
        ],
        "after": [],
        "subsections": [{"heading": "The events, in order", "items": key, "numbered": True}],
    }
    if figure:
        section["figure"] = {
            "path": figure,
            "alt": f"Timeline of {len(events)} events in {len(set(events['category']))} lanes, 2009 to 2013.",
            "caption": "Events the submission dates, by category",
            "note": "Numbers as in the list below; dates as the source states them.",
            "placement": "none",
        }
    return section


def methods_section(facts: KeyFacts, dataset, figure: str | None) -> dict:
    from cat_kz.analysis.tallies import describe_apart, records_apart

    total = int(facts.methods["n"].sum())
    top = facts.methods.iloc[0] if len(facts.methods) else None
    lead = (
        f"{top['category']} is the category alleged most often: by {people(str(top['n']))} ({cite_text(top['pages'])}). "
        if top is not None
        else ""
    )
    section = {
        "intro": [
            "People detained after the Zhanaozen events described, in court and to Human Rights Watch, specific methods "
            f"of torture and ill-treatment. {lead}The chart counts persons or groups alleging each category in case "
            "allegations; a group counts once, and a person alleging methods in several categories is counted in each "
            f"({total} counts in all). These are allegations in one source, not how common a method is."
        ],
        "after": [
            f"{describe_apart(records_apart(dataset.acts))} Summaries restate allegations counted already, general "
            "findings name no person, and an unclear act is listed apart with its quotation in the report."
        ],
    }
    if figure:
        section["figure"] = {
            "path": figure,
            "alt": "Bar chart: " + ", ".join(f"{r.category} {r.n}" for r in facts.methods.itertuples()),
            "caption": "Alleged methods of torture and ill-treatment, by category",
            "unit": "Unit: persons or groups alleging each category in case allegations.",
            "placement": "none",
        }
    return section


def cite_text(pages) -> str:
    return Finding("", [int(p) for p in pages]).citation()


def _action(case) -> str:
    """The Committee's action before a return, with its date and year: "interim measures (December 2010)"."""
    from cat_kz.publish.keyfacts import reader_date

    action = str(case["cat_action"])
    if action in ("none stated", "nan", "<NA>"):
        return "None stated"
    when = reader_date(
        {
            "date_start": case["cat_action_date_start"],
            "date_precision": case["cat_action_date_precision"],
            "date_text": case["cat_action_date_text"],
        }
    )
    disregarded = "; disregarded" if case["cat_action_disregarded"] is True else ""
    words = ACTIONS.get(action, action)
    return (
        f"{words[:1].upper()}{words[1:]} ({when}){disregarded}"
        if when
        else f"{words[:1].upper()}{words[1:]}{disregarded}"
    )


def returns_section(facts: KeyFacts, dataset) -> dict:
    from cat_kz.publish.keyfacts import reader_date

    cases = dataset.refoulement.set_index("case_id")
    rows = []
    for row in facts.returns.itertuples():
        case = cases.loc[row.case_id]
        rows.append(
            [
                reader_date(case)[:1].upper() + reader_date(case)[1:],
                f"{people(str(row.number))}: {row.persons}",
                str(row.destination),
                str(row.mechanism).replace("forcible return", "forcible return").capitalize(),
                _action(case),
                cite_text([row.page]),
            ]
        )
    totals = "; ".join(
        f"{r.destination}: {people(('at least ' if r.qualifier == 'at least' else '') + str(r.n_persons))} in "
        f"{r.cases} case{'s' if r.cases != 1 else ''}"
        for r in facts.returned_by_destination.itertuples()
    )
    disregarded = int((facts.returns["disregarded"] == True).sum())  # noqa: E712 (a nullable boolean column)
    return {
        "intro": [
            "Article 3 of the Convention forbids returning anyone to a state where they would be in danger of torture. "
            f"The submission records {len(facts.returns)} returns; in {disregarded} of them Kazakhstan disregarded "
            "an action of the Committee against Torture asking it not to return the people concerned."
        ],
        "table": {
            "columns": ["Date", "Who", "Returned to", "How", "Committee's action before", "Page"],
            "widths": [1.2, 2.6, 1.1, 1.1, 1.9, 0.6],
            "rows": rows,
            "caption": f"Persons returned, by destination (sums of the stated minimums): {totals}.",
        },
    }


def law_section(facts: KeyFacts) -> dict:
    subsections = []
    for topic, group in facts.findings.groupby("topic", sort=False):
        items = []
        for r in group.itertuples():
            whose = (
                ""
                if r.found_by == "human rights watch"
                else f" (finding of {FOUND_BY.get(str(r.found_by), str(r.found_by))})"
            )
            items.append([f"{r.finding}{whose} ", cite([r.page])])
        subsections.append({"heading": str(topic), "items": items, "numbered": False})
    return {
        "intro": [
            "The source's findings about law and practice, by topic: findings of Human Rights Watch unless another is named. They are statements, not counts."
        ],
        "subsections": subsections,
    }


def recommendations_section(facts: KeyFacts) -> dict:
    items = [
        [f"{r.recommendation} (Convention articles {r.articles}) ", cite([r.page])]
        for r in facts.recommendations.itertuples()
    ]
    return {
        "intro": [
            f"Human Rights Watch asked the Committee to urge the government of Kazakhstan to take these {len(items)} steps, in the submission's order and words."
        ],
        "items": items,
        "numbered": True,
    }


def counting_section(facts: KeyFacts) -> dict:
    return {
        "intro": [
            "Every figure in this briefing comes from records coded from the submission, each with the page and the words "
            "it rests on. Figures are given as the source states them, with their qualifier: \u201cat least 28\u201d is kept, "
            "and a sum of figures of which one is a minimum is itself a minimum. The methods chart counts persons or groups "
            "alleging each category in case allegations: a group counts once, a person alleging several categories counts in "
            "each, and summaries, general findings and unclear acts are left out and said so. Findings and recommendations "
            "are statements of the source, never counted. Where other published sources speak to a figure, their figures "
            "were recorded beside the submission's; a key finding says when they differ, with the range they give."
        ]
    }


def sources_section(facts: KeyFacts, meta: dict, dataset) -> dict:
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    n_other = int(dataset.claims["ext_source_id"].nunique()) if "claims" in dataset.tables() else 0
    provenance = [
        {"label": "Source document", "value": f"{facts.source}, {source['url']}"},
        {"label": "Source text (SHA-256)", "value": str(source["sha256"]), "mono": True},
    ]
    if meta.get("dataset_fingerprint"):
        provenance.append({"label": "Dataset fingerprint", "value": str(meta["dataset_fingerprint"]), "mono": True})
    if meta.get("rendered_at"):
        provenance.append({"label": "Date rendered", "value": str(meta["rendered_at"])})
    return {
        "intro": [
            f"The source is the memorandum {source['publisher']} submitted to the Committee against Torture in "
            f"{source['published']}. Figures of other sources come from {n_other} published documents by UN bodies, "
            "non-governmental organisations, trial monitors and news agencies, cited in the corroboration report. "
            "The fingerprints below identify the exact text and data this briefing was made from."
        ],
        "provenance": provenance,
        "keep_together": True,
    }


def build_content(facts: KeyFacts, meta: dict, *, figures: dict[str, str], dataset=None) -> dict:
    """The briefing's content for :func:`cat_kz.publish.typeset.compile_briefing`;
    ``figures`` maps ``"timeline"`` and ``"methods"`` to SVG paths (a missing one is left out)."""
    from cat_kz.dataset.load import load_dataset

    dataset = dataset if dataset is not None else load_dataset(redact=facts.level)
    publisher = dataset.sources.set_index("source_id").at["hrw-2014", "publisher"]
    return {
        "lang": "en",
        "labels": LABELS,
        "footer": {"source": f"Source: {facts.source}"},
        "redaction": redaction(facts.level),
        "cover": cover(facts, meta, dataset),
        "sections": {
            "key_findings": {
                "intro": [
                    f"What {publisher} states, with the page of each statement. Figures are as stated; allegations are worded as allegations."
                ],
                "items": [finding_item(f) for f in key_findings(facts)],
                "numbered": True,
            },
            "timeline": timeline_section(dataset, figures.get("timeline")),
            "methods": methods_section(facts, dataset, figures.get("methods")),
            "returns": returns_section(facts, dataset),
            "law_practice": law_section(facts),
            "recommendations": recommendations_section(facts),
            "counting": counting_section(facts),
            "sources": sources_section(facts, meta, dataset),
        },
    }


def draw_figures(dataset, folder: Path) -> dict[str, str]:
    """The timeline and the methods tally as SVG in ``folder``, drawn for a 160 mm column."""
    import matplotlib
    from matplotlib.figure import Figure

    from cat_kz.analysis.tallies import tally_methods
    from cat_kz.analysis.timeline import filter_events
    from cat_kz.show.tally_plots import plot_tally
    from cat_kz.show.timeline_plot import plot_timeline

    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "cat-kz", "font.size": 9}):
        fig = Figure(figsize=(COLUMN_IN, 3.2))
        ax = fig.add_axes((0.2, 0.1, 0.77, 0.86))
        plot_timeline(filter_events(dataset.events, categories=list(TIMELINE_CATEGORIES)), ax=ax, title="")
        if ax.get_legend() is not None:  # the section's text says what a dot and a bar are
            ax.get_legend().remove()
        fig.savefig(folder / "timeline.svg", metadata={"Date": None})
        tally = tally_methods(dataset.acts)
        fig = Figure(figsize=(COLUMN_IN, max(2.6, 0.3 * len(tally) + 1.0)), layout="constrained")
        plot_tally(tally, ax=fig.add_subplot()).set_title("")  # the caption names the chart
        fig.savefig(folder / "methods.svg", metadata={"Date": None})
    return {"timeline": "timeline.svg", "methods": "methods.svg"}


def briefing_pdf(meta: dict, *, redact: str = "none", paper: str = "A4") -> bytes:
    """The briefing as PDF bytes at redaction level ``redact``; a redacted PDF that still shows
    a name raises :class:`cat_kz.errors.RedactionLeak` (nothing is written)."""
    from cat_kz.dataset.load import load_dataset
    from cat_kz.publish.pdf import check_pdf
    from cat_kz.publish.typeset import compile_briefing

    dataset = load_dataset(redact=redact)
    facts = key_facts(redact=redact)
    with tempfile.TemporaryDirectory(prefix="briefing-figures-") as folder:
        figures = draw_figures(dataset, Path(folder))
        content = build_content(facts, meta, figures=figures, dataset=dataset)
        check_no_names(str(content), redact, "the briefing")
        pdf = compile_briefing(content, figures_dir=folder, paper=paper)
    check_pdf(pdf, redact, "briefing.pdf")
    return pdf
