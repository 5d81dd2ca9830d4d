"""The key findings in sentences: one function every reader output uses (briefing, key facts
page, slides), so a figure reads the same wherever it travels.

Each sentence is generated from the records of :func:`cat_kz.publish.keyfacts.key_facts`:
the stated figure with its qualifier ("at least 28"), the event's place and date, the
destination and the Committee's action of a return; nothing in it is typed by hand but the
words around the data. Where other sources give another figure, :attr:`Finding.elsewhere`
says so in one clause, its range computed from the differing claims' numbers.

>>> from cat_kz.publish.keyfacts import key_facts
>>> first = key_findings(key_facts())[0]
>>> first.text, first.pages, first.elsewhere
('In December 2011, 12 people were killed in the violence in Zhanaozen', [3], 'other sources give 11 to 17')
>>> first.sentence()
'In December 2011, 12 people were killed in the violence in Zhanaozen (p. 3); other sources give 11 to 17.'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cat_kz.model.citation import page_ranges

#: Numbers in words for the count of other sources ("two other sources give 29").
_SMALL = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


@dataclass(frozen=True)
class Finding:
    """One key finding: the sentence (no final stop, no citation), the source pages it rests
    on, and what other sources say where they differ (a clause, or ``None``)."""

    text: str
    pages: list[int]
    elsewhere: str | None = None

    def citation(self) -> str:
        """ "p. 3" or "pp. 3–5"."""
        return f"{'p.' if len(set(self.pages)) == 1 else 'pp.'} {page_ranges(self.pages)}"

    def sentence(self) -> str:
        """The whole sentence as plain text: text, citation in brackets, the clause, a stop."""
        clause = f"; {self.elsewhere}" if self.elsewhere else ""
        return f"{self.text} ({self.citation()}){clause}."


def people(figure: str) -> str:
    """ "12 people", "1 person", "at least 28 people".

    >>> people("1"), people("at least 28")
    ('1 person', 'at least 28 people')
    """
    return f"{figure} {'person' if figure.split()[-1] == '1' else 'people'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def elsewhere_clause(others: list[tuple[int, str]]) -> str | None:
    """One clause on the figures other sources give where they differ from the source.

    >>> elsewhere_clause([(11, "a"), (17, "b"), (15, "c")])
    'other sources give 11 to 17'
    >>> elsewhere_clause([(7, "a")]), elsewhere_clause([(29, "a"), (29, "b")])
    ('another source gives 7', 'two other sources give 29')
    """
    if not others:
        return None
    numbers = sorted({n for n, _ in others})
    n_sources = len({s for _, s in others})
    figure = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]} to {numbers[-1]}"
    if n_sources == 1:
        return f"another source gives {figure}"
    who = f"{_SMALL[n_sources]} other sources" if len(numbers) == 1 and n_sources in _SMALL else "other sources"
    return f"{who} give {figure}"


def _where(row) -> str:
    return f" in {row.place}" if row.place else ""


def _on(row) -> str:
    """ "On 4 June 2012" / "In December 2011" / "In late 2010" (empty without a date)."""
    if not row.date:
        return ""
    return f"On {row.date}" if row.date[:1].isdigit() else f"In {row.date}"


def _return_text(row, case) -> str:
    destination = f" to {case.destination}" if case is not None and not pd.isna(case.destination) else ""
    text = (
        f"{_on(row)}, Kazakhstan extradited {people(row.figure)}{destination}"
        if row.date
        else f"Kazakhstan extradited {people(row.figure)}{destination}"
    )
    if case is not None and str(case.committee_action) not in ("none stated", "<NA>", "nan"):
        when = f" of {case.committee_action_date}" if not pd.isna(case.committee_action_date) else ""
        text += f", despite the Committee against Torture's {case.committee_action}{when}"
    return text


def _figure_text(row, case) -> str:
    """The sentence for one stated figure; a measure without its own wording keeps the event's title."""
    on, where = _on(row), _where(row)
    lead = f"{on}, " if on else ""
    if row.measure == "killed":
        return f"{lead}{people(row.figure)} were killed in the violence{where}"
    if row.measure == "convicted":
        return _capital(f"{lead}a court{where} convicted {people(row.figure)}")
    if row.measure == "imprisoned":
        return _capital(f"{lead}the court{where} sent {row.figure} of the defendants to prison")
    if row.measure == "defendants on trial":
        return _capital(f"{lead}the trial of {row.figure} defendants began{where}")
    if row.measure == "extradited":
        return _return_text(row, case)
    return _capital(f"{row.figure} {row.unit} {row.measure}: {row.event}")


def key_findings(facts) -> list[Finding]:
    """The key findings of ``facts`` (:class:`cat_kz.publish.keyfacts.KeyFacts`), one per stated
    figure, in the sheet's order, each with its page and, where other sources differ, the clause."""
    cases = {r.case_id: r for r in facts.returns.itertuples()}
    found = []
    for row in facts.figures.itertuples():
        record = tuple(row.record) if isinstance(row.record, (tuple, list)) else ("count", "")
        case = cases.get(record[1]) if record[0] == "refoulement case" else None
        elsewhere = elsewhere_clause(facts.others.get(record, [])) if row.elsewhere == "differs" else None
        if row.elsewhere == "differs" and elsewhere is None:
            elsewhere = "other sources differ"
        found.append(Finding(text=_figure_text(row, case), pages=[int(row.page)], elsewhere=elsewhere))
    return found
