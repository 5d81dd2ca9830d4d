"""The explorer's HTML views: the status line, the method tally as a bar table, the allegations as records.

:class:`cat_kz.show.explore.Explorer` fills its widgets with these; they take
plain frames (a :func:`cat_kz.show.explore.select` result), so they are tested
without widgets.

>>> import cat_kz
>>> ds = cat_kz.load_dataset()
>>> "cat-kz-tally-table" in tally_html(ds.acts)
True
>>> records_html(ds.acts.head(0), ds.events)
'<p>No allegations match these filters.</p>'
"""

from __future__ import annotations

import html

import pandas as pd

from cat_kz.analysis.tallies import person_label, tally_methods
from cat_kz.dataset.load import Dataset
from cat_kz.model.citation import passage_href
from cat_kz.model.schema import METHOD_CATEGORIES

#: how the records table marks what the tally does not count
RECORD_KIND = {"summary": "summary (not counted)", "general": "general finding (not counted)"}


def status_html(ds: Dataset, events: pd.DataFrame, acts: pd.DataFrame, cases: pd.DataFrame, notes: list[str]) -> str:
    """How much of ``ds`` the filters keep (events, allegation records, refoulement cases), then the notes."""
    # the tally's default (docs/counting.md): stated case allegations, safeguards apart; its unit is persons or groups
    counted = acts[
        (acts["scope"] == "case") & (acts["certainty"] == "stated") & (acts["method_category"] != "safeguards")
    ]
    persons = counted["person_id"].nunique()
    parts = [
        f"{len(events)} of {len(ds.events)} events",
        f"{len(acts)} of {len(ds.acts)} allegation records (the tally counts {persons} persons or groups in {len(counted)} of them)",
        f"{len(cases)} of {len(ds.refoulement)} refoulement cases match",
    ]
    return "<p><b>" + "; ".join(parts) + "</b>" + "".join(f"<br>{html.escape(n)}" for n in notes) + "</p>"


def tally_html(acts: pd.DataFrame) -> str:
    """The method tally (persons or groups per category) as an HTML bar table."""
    tally = tally_methods(acts, unit="persons", level="category")  # the reports' default (docs/counting.md)
    if tally.empty:
        return '<div class="cat-kz-tally-empty">No allegations match.</div>'
    top = max(tally["n"].max(), 1)
    rows = "".join(
        f'<tr><td>{html.escape(label)}</td><td style="width:60%"><div style="background:#0072B2;height:0.9em;'
        f'width:{100 * n / top:.0f}%"></div></td><td class="n">{n}</td></tr>'
        for label, n in zip(tally["label"], tally["n"])
    )
    return (
        "<table class='cat-kz-tally-table' style='width:100%;max-width:60em'><caption style='text-align:left'>Alleged methods: persons or groups alleging each category "
        "in case allegations (each counted once; summaries, general findings, unclear acts and procedural safeguards are listed below, not counted; "
        "allegations in one source, not prevalence)</caption>"
        f"<tbody>{rows}</tbody></table>"
    )


def _page_cell(record_id: str, page: object, source_url: str | None) -> str:
    """The page number; a link to the record's passage on the source page when there is one."""
    if not source_url:
        return html.escape(str(page))
    href = html.escape(passage_href(record_id, page=source_url), quote=True)
    return f"<a class='cat-kz-cite' href='{href}' target='_blank' rel='noopener'>{html.escape(str(page))}</a>"


def records_html(
    acts: pd.DataFrame,
    events: pd.DataFrame,
    *,
    limit: int = 200,
    corroborated: dict[str, list[str]] | None = None,
    source_url: str | None = None,
) -> str:
    """The matching allegations with date, page and quote, as an HTML table.

    ``corroborated`` (act id -> claim ids, from :func:`cat_kz.analysis.corroboration.corroborated_acts`)
    adds a column marking acts another source agrees with a record about (same person or occasion).
    With ``source_url`` (the source page, as the dashboard serves it) each page number opens the
    record's passage there in a new tab.
    """
    if acts.empty:
        return "<p>No allegations match these filters.</p>"
    dates = events.set_index("event_id")["date_text"] if len(events) else pd.Series(dtype=object)
    all_dates = dict(dates)
    rows = []
    shown = acts.assign(person=person_label(acts)).sort_values(["person", "page", "act_id"]).head(limit)
    for act in shown.itertuples():
        occasion = act.event_id if isinstance(act.event_id, str) else act.allegation_event_id
        date = all_dates.get(occasion, "") if isinstance(occasion, str) else ""
        kind = RECORD_KIND.get(act.scope, "unclear (not counted)" if act.certainty == "unclear" else "case")
        mark = ""
        if corroborated is not None:
            claims = corroborated.get(act.act_id, [])
            title = html.escape("agreeing claims: " + ", ".join(claims), quote=True)
            mark = (
                f"<td class='corroborated' title='{title}'>corroborated</td>"
                if claims
                else "<td class='corroborated'></td>"
            )
        rows.append(
            f"<tr><td class='person'>{html.escape(act.person)}</td><td class='method'>{html.escape(act.method_label)}</td>"
            f"<td>{html.escape(METHOD_CATEGORIES[act.method_category])}</td><td class='kind'>{html.escape(kind)}</td><td>{html.escape(str(date))}</td>"
            f"<td class='page'>{_page_cell(act.act_id, act.page, source_url)}</td>"
            f"<td class='quote'>{html.escape(act.quote)}</td>{mark}</tr>"
        )
    more = f"<p>Showing the first {limit} of {len(acts)}.</p>" if len(acts) > limit else ""
    return (
        "<table class='cat-kz-records' style='width:100%'><thead><tr><th>Person or group</th><th>Method</th><th>Category</th><th>Record</th>"
        "<th>Date</th><th>Page</th><th>Quote (verbatim)</th>"
        + (
            "<th title='Another source agrees with a record about the same person or occasion (notebook 06_corroboration)'>"
            "Elsewhere</th>"
            if corroborated is not None
            else ""
        )
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + more
    )
