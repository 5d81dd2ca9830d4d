"""The one-page key facts sheet: what a trainer hands out, generated from the data.

No number here is written by hand: each comes from a record (``data/counts.csv``,
``refoulement.csv``, ``acts.csv``, ``findings.csv``, ``recommendations.csv``)
and keeps its unit, its qualifier and its page.

- **Stated figures** (:data:`KEY_MEASURES`): killed, convicted, imprisoned,
  defendants on trial, extradited; the figure as the source states it ("at
  least 28"), its unit, its qualifier, the event and the page.
- **Returns against the Committee's actions**: each refoulement case, what the
  Committee had asked and whether it was disregarded; persons returned by
  destination (sums of stated minimums, "at least" as soon as one part is).
- **Alleged methods by category**: :func:`cat_kz.analysis.tallies.tally_methods` with its
  defaults, persons or groups alleging in *case allegations*; summaries and
  general findings are never added in (docs/counting.md), and the sheet says what
  it left out.
- **Findings** (``findings.csv``) as statements with whose finding it is, never counted.
- **Recommendations** of the source.

:func:`key_facts` gathers them (redacted at any level of :mod:`cat_kz.dataset.redaction`);
:func:`to_html` writes the page (``keyfacts.html`` of ``cat-kz report``, first
page of ``briefing.pdf``); :func:`check_no_names` refuses a redacted text that
still holds a name.

>>> facts = key_facts()
>>> killed = facts.figures.set_index("measure").loc["killed"]
>>> killed["figure"], killed["unit"], killed["qualifier"], int(killed["page"])
('12', 'persons', 'exact', 3)
>>> facts.returns["number"].tolist()
['4', '1', 'at least 28', '1']
>>> asphyxiation = facts.methods.set_index("category").loc["Asphyxiation"]
>>> int(asphyxiation["n"]), asphyxiation["unit"]
(5, 'persons')
>>> facts.pages()
[2, 3, 4, 5, 6, 7, 8, 9, 10]
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from cat_kz.analysis.corroboration import facts_table
from cat_kz.analysis.overview import findings_table
from cat_kz.analysis.refoulement import case_table, n_text, persons_by
from cat_kz.analysis.tallies import tally_methods, tally_summary
from cat_kz.dataset.load import load_dataset, load_people
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.errors import RedactionLeak
from cat_kz.model.citation import passage_href
from cat_kz.model.language import tr
from cat_kz.publish import page_style
from cat_kz.publish.findings import key_findings, page_citation
from cat_kz.publish.html import VIEWPORT, redaction_banner
from cat_kz.publish.reader_dates import action_dates, cell_text, place, reader_date

#: The stated figures the sheet shows, in this order (``counts.measure``).
KEY_MEASURES = ("killed", "convicted", "imprisoned", "defendants on trial", "extradited")

#: What a methods tally counts, in words for the sheet.
METHODS_UNIT = (
    "persons or groups alleging each category in case allegations (a group counts once; "
    "a person alleging methods in several categories is counted in each)"
)


@dataclass
class KeyFacts:
    """The sheet's content; every frame has a ``page`` (or ``pages``) column."""

    level: str
    source: str
    figures: pd.DataFrame
    returns: pd.DataFrame
    returned_by_destination: pd.DataFrame
    methods: pd.DataFrame
    methods_note: str
    findings: pd.DataFrame
    recommendations: pd.DataFrame
    #: ``(bears_on, record_id) -> [(number, other source id), ...]``: the numbers of the
    #: claims that differ from a record (:func:`other_numbers`).
    others: dict = field(default_factory=dict)
    #: the language of the dates and places in ``figures`` and ``returns`` (:func:`key_facts`)
    lang: str = "en"

    def pages(self) -> list[int]:
        """Every page the sheet cites, sorted."""
        pages = [*self.figures["page"], *self.returns["page"]]
        pages += [p for ps in self.methods["pages"] for p in ps]
        pages += [*self.findings["page"], *self.recommendations["page"]]
        return sorted({int(page) for page in pages})


def _figure_text(value, value_text: str, qualifier: str) -> str:
    if pd.isna(value):
        return str(value_text)
    return n_text(int(value), str(qualifier))


def corroboration_marks(dataset) -> dict[tuple[str, str], str]:
    """``(bears_on, record_id) -> "agrees" | "consistent" | "differs"`` for the facts other sources
    speak to: the statuses :func:`cat_kz.analysis.corroboration.agreement_counts` counts (relations
    computed from the figures); facts no other source speaks to are absent."""
    if "claims" not in dataset.tables() or dataset.claims.empty:
        return {}
    facts = facts_table(dataset)
    found = facts[facts["status"] != "not found elsewhere"]
    return {(b, r): str(s) for b, r, s in zip(found["bears_on"], found["record_id"], found["status"])}


def other_numbers(dataset) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """The numbers other sources give where they differ from a record, with each source's id.

    >>> from cat_kz.dataset.load import load_dataset
    >>> others = other_numbers(load_dataset())
    >>> sorted({n for n, _ in others[("count", "cnt-01")]})
    [11, 14, 15, 16, 17]
    """
    if "claims" not in dataset.tables() or dataset.claims.empty:
        return {}
    claims = dataset.claims
    claims = claims[(claims["relation"] == "differs") & claims["number"].notna() & claims["record_id"].notna()]
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for bears_on, record_id, number, source in zip(
        claims["bears_on"], claims["record_id"], claims["number"], claims["ext_source_id"]
    ):
        found.setdefault((str(bears_on), str(record_id)), []).append((int(number), str(source)))
    return found


def _link_cases(figures: pd.DataFrame, cases: pd.DataFrame, elsewhere: dict) -> None:
    """A stated figure of persons returned speaks for its return case: where no claim bears on
    the count itself, the case's corroboration (same event, same number) stands for it."""
    for i, row in figures.iterrows():
        same = cases[
            (cases["event_id"] == row["event_id"]) & (cases["n_persons"].astype(str) == row["figure"].split()[-1])
        ]
        if same.empty or row["elsewhere"]:
            continue
        case_id = same["case_id"].iloc[0]
        figures.at[i, "elsewhere"] = elsewhere.get(("refoulement case", case_id), "")
        figures.at[i, "record"] = ("refoulement case", case_id)


def _elsewhere(status: str) -> str:
    if not status:
        return ""
    words = {
        "agrees": "other sources agree",
        "consistent": "other sources' figures fit it (see the corroboration report)",
    }.get(status, "other sources give other figures (see the corroboration report)")
    return f' <small class="elsewhere {status}">{words}</small>'


def _figures(dataset, events: pd.DataFrame, elsewhere: dict, lang: str = "en") -> pd.DataFrame:
    """The stated figures of :data:`KEY_MEASURES`, in that order, with their event, date, place and page."""
    counts = dataset.counts[dataset.counts["measure"].isin(KEY_MEASURES)].copy()
    counts["order"] = counts["measure"].map({m: i for i, m in enumerate(KEY_MEASURES)})
    counts = counts.sort_values(["order", "page", "count_id"])
    return pd.DataFrame(
        {
            "measure": counts["measure"].astype(str),
            "figure": [
                _figure_text(v, t, q) for v, t, q in zip(counts["value"], counts["value_text"], counts["qualifier"])
            ],
            "unit": counts["unit"].astype(str),
            "qualifier": counts["qualifier"].astype(str),
            "event": [
                f"{events.at[e, 'title']} ({events.at[e, 'date_text']})"
                if isinstance(e, str) and e in events.index
                else ""
                for e in counts["event_id"]
            ],
            "page": counts["page"].astype(int),
            "quote": counts["quote"].astype(str),
            "elsewhere": [elsewhere.get(("count", c), "") for c in counts["count_id"]],
            "record": [("count", c) for c in counts["count_id"]],
            "event_id": counts["event_id"],
            "date": [
                reader_date(events.loc[e], lang) if isinstance(e, str) and e in events.index else ""
                for e in counts["event_id"]
            ],
            "place": [
                place(cell_text(events.at[e, "place"]), lang) if isinstance(e, str) and e in events.index else ""
                for e in counts["event_id"]
            ],
        }
    ).reset_index(drop=True)


def key_facts(dataset=None, *, redact: str = "none", lang: str = "en") -> KeyFacts:
    """The key facts of ``dataset`` (default: the project's data), names hidden at ``redact``;
    dates and places in ``lang`` (the rest is translated where it is shown)."""
    if dataset is None:
        dataset = load_dataset(redact=redact)
    elif redact != "none":
        dataset = Redactor(dataset.people, redact).dataset(dataset)
    events = dataset.events.set_index("event_id")
    elsewhere = corroboration_marks(dataset)
    figures = _figures(dataset, events, elsewhere, lang)
    cases = dataset.refoulement.sort_values(["date_start", "case_id"], ignore_index=True)
    returns = case_table(cases)
    returns["elsewhere"] = [elsewhere.get(("refoulement case", c), "") for c in cases["case_id"]]
    returns["event_id"] = cases["event_id"]
    returns["date_rendered"] = [reader_date(r, lang) for _, r in cases.iterrows()]
    returns["action_date_rendered"] = [reader_date(action_dates(r), lang) for _, r in cases.iterrows()]
    _link_cases(figures, cases, elsewhere)
    by_destination = persons_by(cases, "destination")
    acts = dataset.acts
    methods = tally_methods(acts)
    note = tally_summary(acts, methods)
    methods = methods.rename(columns={"label": "category"})[["category", "n", "n_groups", "unit", "pages"]]
    findings = findings_table(dataset)[["topic", "finding", "found_by", "page", "finding_id"]]
    recommendations = pd.DataFrame(
        {
            "recommendation": dataset.recommendations["text"].astype(str),
            "articles": dataset.recommendations["cat_articles"].map(lambda arts: ", ".join(map(str, arts))),
            "page": dataset.recommendations["page"].astype(int),
        }
    )
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    return KeyFacts(
        others=other_numbers(dataset),
        lang=lang,
        level=redact,
        source=f"{source['publisher']}, {source['title']}, {source['published']}",
        figures=figures,
        returns=returns,
        returned_by_destination=by_destination,
        methods=methods,
        methods_note=note,
        findings=findings,
        recommendations=recommendations,
    )


# --- HTML -------------------------------------------------------------------------


def cite(pages, lang: str = "en", record: str | None = None) -> str:
    """The page citation every fact carries ("с. 8" in Russian); with the ``record`` it rests
    on, a link that opens the record's passage on the source page.

    >>> cite(8), cite([4, 5, 6, 8])
    ('<span class="cite">p. 8</span>', '<span class="cite">pp. 4–6, 8</span>')
    >>> cite(3, record="cnt-01")
    '<span class="cite"><a href="source.html#cnt-01">p. 3</a></span>'
    """
    pages = [int(p) for p in (pages if isinstance(pages, (list, tuple)) else [pages])]
    label = page_citation(pages, lang)
    if record:
        label = f'<a href="{html.escape(passage_href(record), quote=True)}">{label}</a>'
    return f'<span class="cite">{label}</span>'


def _e(value) -> str:
    return (
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))
        else html.escape(str(value))
    )


def figures_html(facts: KeyFacts) -> str:
    """The key findings: the same sentences as the briefing's (:func:`cat_kz.publish.findings.key_findings`),
    each with its page and, where other sources differ, the clause saying so."""
    items = []
    for finding in key_findings(facts):
        clause = f'; <span class="elsewhere">{_e(finding.elsewhere)}</span>' if finding.elsewhere else ""
        items.append(
            f'<li class="fact">{_e(finding.text)} {cite(finding.pages, facts.lang, finding.record)}{clause}.</li>'
        )
    return f'<ul class="facts figures">{"".join(items)}</ul>'


def returns_html(facts: KeyFacts) -> str:
    """One row per return: when, who, how many, where, the Committee's action, disregarded, page."""
    rows = []
    for row in facts.returns.itertuples():
        action = _e(row.committee_action)
        if _e(row.committee_action_date):
            action += f" ({_e(row.committee_action_date)})"
        disregarded = "not stated" if pd.isna(row.disregarded) else "yes" if bool(row.disregarded) else "no"
        rows.append(
            f'<tr class="fact"><td>{_e(row.date)}</td><td>{_e(row.number)} <small>({_e(row.persons)})</small></td>'
            f"<td>{_e(row.mechanism)} to {_e(row.destination)}</td><td>{action}</td><td>{disregarded}</td><td>{cite(row.page, record=row.case_id)}{_elsewhere(row.elsewhere)}</td></tr>"
        )
    totals = "; ".join(
        f"{_e(r.destination)}: {_e(_figure_text(r.n_persons, '', r.qualifier))} person{'s' if r.n_persons != 1 else ''} "
        f"in {r.cases} case{'s' if r.cases != 1 else ''} {cite(r.pages)}"
        for r in facts.returned_by_destination.itertuples()
    )
    return (
        '<table class="returns"><thead><tr><th>Date (as stated)</th><th>Persons returned</th><th>How, where</th>'
        "<th>Committee's action before</th><th>Disregarded</th><th>Page</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="fact totals">Persons returned, by destination (sums of stated minimums): {totals}</p>'
    )


def methods_html(facts: KeyFacts) -> str:
    """The persons tally of alleged methods by category, its unit, and what it left out."""
    items = "".join(
        f'<li class="fact">{_e(r.category)}: <strong>{r.n}</strong> '
        f"<small>({r.n_groups} of them group{'s' if r.n_groups != 1 else ''})</small> {cite(r.pages)}</li>"
        for r in facts.methods.itertuples()
    )
    return (
        f'<p class="unit">Unit: {html.escape(METHODS_UNIT)}. Allegations in one source, not how common a method is.</p>'
        f'<ul class="facts methods columns">{items}</ul>'
        f'<p class="note">{html.escape(facts.methods_note)}</p>'
    )


def findings_html(facts: KeyFacts) -> str:
    """The source's findings by topic, each a statement with its page (never counted).

    Human Rights Watch's own findings are unmarked; another's says whose it is.
    """
    parts = []
    for topic, group in facts.findings.groupby("topic", sort=False):
        items = "".join(
            f'<li class="fact">{_e(r.finding)}'
            + (f" <small>({_e(r.found_by)})</small>" if r.found_by != "human rights watch" else "")
            + f" {cite(r.page, record=r.finding_id)}</li>"
            for r in group.itertuples()
        )
        parts.append(f'<li class="topic"><strong>{_e(topic)}</strong><ul>{items}</ul></li>')
    return f'<ul class="findings">{"".join(parts)}</ul>'


def recommendations_html(facts: KeyFacts) -> str:
    """The source's recommendations, with the Convention's articles and the page."""
    items = "".join(
        f'<li class="fact">{_e(r.recommendation)} <small>(articles {_e(r.articles)})</small> {cite(r.page)}</li>'
        for r in facts.recommendations.itertuples()
    )
    return f'<ol class="recommendations">{items}</ol>'


SHEET_CSS = """
body { font-family: system-ui, sans-serif; margin: 1em auto; padding: 0 1em; max-width: 60em; color: #222; line-height: 1.35; }
h1 { font-size: 1.5em; margin: .2em 0; } h2 { font-size: 1.1em; margin: .9em 0 .3em; border-bottom: 1px solid #ccc; }
.cite { white-space: nowrap; color: #555; font-size: .9em; } .cite::before { content: "("; } .cite::after { content: ")"; }
ul.facts, ul.findings { padding-left: 1.2em; margin: .2em 0; } ul.findings ul { padding-left: 1em; } li { margin: .15em 0; }
.figure { font-size: 1.15em; } small { color: #444; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: .2em .4em; text-align: left; vertical-align: top; }
td.n { text-align: right; } .unit, .note, .about { font-size: .9em; } .about { color: #444; }
.cat-kz-redaction-banner { background: #fff4d6; border: 1px solid #d9a400; padding: .5em 1em; margin: .5em 0; font-weight: bold; }
code { overflow-wrap: anywhere; }
/* one list style: every list a disc list, the findings' topics as small headings */
ul.facts, ul.findings ul, ol.recommendations { list-style: disc; }
ul.findings { list-style: none; padding-left: 0; } li.topic > strong { display: block; margin-top: .35em; }
/* no heading stranded at a page or column foot: a heading keeps its first item */
h2, li.topic > strong { break-after: avoid; page-break-after: avoid; } li.fact { break-inside: avoid; page-break-inside: avoid; }
.columns { column-width: 22em; column-gap: 1.5em; }
@media print {
  body.keyfacts { font-size: 7.5pt; line-height: 1.15; max-width: none; }
  body.keyfacts p { margin: .25em 0; }
  body.keyfacts h1 { font-size: 12pt; } body.keyfacts h2 { font-size: 9pt; margin: .4em 0 .15em; break-before: auto; page-break-before: auto; }
  body.keyfacts .columns { column-count: 2; column-width: auto; }
  body.keyfacts li { margin: .05em 0; } body.keyfacts ul.findings { font-size: 7pt; padding-left: .8em; } body.keyfacts ul.findings ul { padding-left: .8em; }
}
"""


#: The sheet's page margins: room at the bottom for the PDF's footer.
SHEET_PAGE = "@page { margin: 9mm 10mm 14mm 10mm; }"


def to_html(facts: KeyFacts, meta: dict | None = None) -> str:
    """The key facts page: a standalone HTML file (no web request), every fact with its page.

    ``meta`` may give ``dataset_fingerprint`` and ``rendered_at`` (as ``cat-kz report`` does).
    Raises :class:`RedactionLeak` if a redacted page still holds a name.
    """
    meta = meta or {}
    banner = redaction_banner(facts.level)
    banner_html = f'<div class="cat-kz-redaction-banner" role="note">{html.escape(banner)}</div>' if banner else ""
    about = [f"Source: {html.escape(facts.source)}. Every fact cites the page of the source where its quote stands."]
    if meta.get("dataset_fingerprint"):
        about.append(
            f"Dataset fingerprint (sha256 over data/): <code>{html.escape(meta['dataset_fingerprint'])}</code>."
        )
    if meta.get("rendered_at"):
        about.append(f"Rendered {html.escape(meta['rendered_at'])}.")
    lang = facts.lang
    heads = {
        "title": tr("Key facts: Human Rights Watch on Kazakhstan to the Committee against Torture, 2014", lang),
        "h1": tr("Key facts: Human Rights Watch on Kazakhstan to the Committee against Torture (2014)", lang),
        "figures": tr("Key findings", lang),
        "returns": tr("Returns despite the Committee against Torture", lang),
        "methods": tr("Alleged methods of torture and ill-treatment, by category", lang),
        "recommendations": tr("Recommendations to the government of Kazakhstan", lang),
        "findings": tr("The source's findings about law and practice", lang),
    }
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
{VIEWPORT}
<title>{heads["title"]}</title>
<style>{SHEET_CSS}</style>
</head><body class="keyfacts">
{banner_html}
<h1>{heads["h1"]}</h1>
<p>What one source states, with the page of each statement. Figures are as stated ("at least" kept);
allegations are worded as allegations; counts are of records in this source, not prevalence.</p>
<p class="about">{" ".join(about)}</p>
<h2 id="figures">{heads["figures"]}</h2>
{figures_html(facts)}
<h2 id="returns">{heads["returns"]}</h2>
{returns_html(facts)}
<h2 id="methods">{heads["methods"]}</h2>
{methods_html(facts)}
<h2 id="recommendations">{heads["recommendations"]}</h2>
{recommendations_html(facts)}
<h2 id="findings">{heads["findings"]}</h2>
<p class="unit">Findings of Human Rights Watch unless another is named; statements, not counts.</p>
{findings_html(facts)}
</body></html>
"""
    check_no_names(page, facts.level)
    # one sheet: narrower margins than a report's (after the shared style, so they win)
    return page_style.add_to_page(page).replace("</head>", f"<style>{SHEET_PAGE}</style>\n</head>", 1)


def check_no_names(text: str, level: str, what: str = "the key facts page") -> None:
    """Raise :class:`RedactionLeak` if ``text`` holds a name that ``level`` hides (names are not listed).

    >>> check_no_names("Defendant C testified", "victims")
    >>> check_no_names("Rosa Tuletaeva testified", "victims")
    Traceback (most recent call last):
    ...
    cat_kz.errors.RedactionLeak: the key facts page would show 1 name that redaction level 'victims' hides; nothing was written
    """
    if level in (None, "none"):
        return

    found = scan(html.unescape(text), Redactor(load_people(), level))
    if found:
        raise RedactionLeak(
            f"{what} would show {len(found)} name{'s' if len(found) != 1 else ''} that redaction level {level!r} hides; nothing was written"
        )
