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

import re
from dataclasses import dataclass

import pandas as pd

from cat_kz.model.citation import page_ranges
from cat_kz.model.language import place_text, tr, trn, trp

#: Numbers in words for the count of other sources ("two other sources give 29").
_SMALL = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


@dataclass(frozen=True)
class Finding:
    """One key finding: the sentence (no final stop, no citation), the source pages it rests
    on, and what other sources say where they differ (a clause, or ``None``)."""

    text: str
    pages: list[int]
    elsewhere: str | None = None
    lang: str = "en"
    #: the record the sentence rests on (its passage: ``source.html#<record>``)
    record: str | None = None

    def citation(self) -> str:
        """ "p. 3" or "pp. 3–5" ("с. 3", "с. 3–5" in Russian)."""
        return page_citation(self.pages, self.lang)

    def sentence(self) -> str:
        """The whole sentence as plain text: text, citation in brackets, the clause, a stop."""
        clause = f"; {self.elsewhere}" if self.elsewhere else ""
        return f"{self.text} ({self.citation()}){clause}."


def page_citation(pages, lang: str = "en") -> str:
    """ "p. 3", "pp. 3–5"; "с. 3" in Russian.

    >>> page_citation([3, 4, 5], "ru")
    'с. 3–5'
    """
    pages = [int(p) for p in pages]
    if lang == "en":
        return f"{'p.' if len(set(pages)) == 1 else 'pp.'} {page_ranges(pages)}"
    label = tr("p.", lang) if len(set(pages)) == 1 else tr("pp.", lang)
    return f"{label} {page_ranges(pages)}"


def people(figure: str) -> str:
    """ "12 people", "1 person", "at least 28 people".

    >>> people("1"), people("at least 28")
    ('1 person', 'at least 28 people')
    """
    return f"{figure} {'person' if figure.split()[-1] == '1' else 'people'}"


def capital(text: str) -> str:
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
        return capital(f"{lead}a court{where} convicted {people(row.figure)}")
    if row.measure == "imprisoned":
        return capital(f"{lead}the court{where} sent {row.figure} of the defendants to prison")
    if row.measure == "defendants on trial":
        return capital(f"{lead}the trial of {row.figure} defendants began{where}")
    if row.measure == "extradited":
        return _return_text(row, case)
    return capital(f"{row.figure} {row.unit} {row.measure}: {row.event}")


def key_findings(facts, lang: str | None = None) -> list[Finding]:
    """The key findings of ``facts`` (:class:`cat_kz.publish.keyfacts.KeyFacts`), one per stated
    figure, in the sheet's order, each with its page and, where other sources differ, the clause;
    in ``lang`` (default: the language of ``facts``' dates), in another language than English
    as headlines (:func:`local_findings`)."""
    lang = lang or getattr(facts, "lang", "en")
    if lang != "en":
        return local_findings(facts, lang)
    cases = {r.case_id: r for r in facts.returns.itertuples()}
    found = []
    for row in facts.figures.itertuples():
        record = tuple(row.record) if isinstance(row.record, (tuple, list)) else ("count", "")
        case = cases.get(record[1]) if record[0] == "refoulement case" else None
        elsewhere = elsewhere_clause(facts.others.get(record, [])) if row.elsewhere == "differs" else None
        if row.elsewhere == "differs" and elsewhere is None:
            elsewhere = "other sources differ"
        found.append(Finding(_figure_text(row, case), [int(row.page)], elsewhere=elsewhere, record=record[1] or None))
    return found


# --- other languages: headlines -------------------------------------------------
# An English sentence puts the place and date inside the clause, where Russian would inflect
# them. The headline form keeps every inflected word in the catalogue: the place and date lead
# in the nominative, then the figure with its verb, whose plural forms are the catalogue's
# (trn); a qualified figure ("at least 28") takes its own forms ("не менее 28 человек").


def _count(measure: str, figure: str, lang: str) -> str | None:
    """The figure with its verb ("убиты 12 человек"); None for a measure without its own wording."""
    found = re.fullmatch(r"(?:(at least|about) )?(\d+)", figure.strip())
    if not found:
        return None
    n = int(found.group(2))
    if found.group(1) == "at least":
        forms = {
            "killed": lambda: trn("at least {n} person killed", "at least {n} people killed", n, lang),
            "convicted": lambda: trn("at least {n} person convicted", "at least {n} people convicted", n, lang),
            "imprisoned": lambda: trn(
                "at least {n} defendant imprisoned", "at least {n} defendants imprisoned", n, lang
            ),
            "defendants on trial": lambda: trn(
                "trial of at least {n} defendant", "trial of at least {n} defendants", n, lang
            ),
            "extradited": lambda: trn("at least {n} person", "at least {n} people", n, lang),
        }
        return forms[measure]() if measure in forms else None
    if found.group(1) == "about":
        return trn("about {n} person", "about {n} people", n, lang) if measure == "extradited" else None
    forms = {
        "killed": lambda: trn("{n} person killed", "{n} people killed", n, lang),
        "convicted": lambda: trn("{n} person convicted", "{n} people convicted", n, lang),
        "imprisoned": lambda: trn("{n} defendant imprisoned", "{n} defendants imprisoned", n, lang),
        "defendants on trial": lambda: trn("trial of {n} defendant", "trial of {n} defendants", n, lang),
        "extradited": lambda: trn("{n} person", "{n} persons", n, lang),
    }
    return forms[measure]() if measure in forms else None


def _return_lead(case, lang: str) -> str:
    """ "Выдача в Узбекистан": the way of return and the destination."""
    mechanism = (
        trp("mechanism", str(case.mechanism), lang) if case is not None else trp("mechanism", "extradition", lang)
    )
    if case is None or pd.isna(case.destination):
        return capital(mechanism)
    return f"{capital(mechanism)} {place_text(str(case.destination), lang, 'to')}"


def _despite(case, lang: str) -> str:
    """ ", несмотря на временные меры Комитета против пыток (декабрь 2010 г.)" (empty without an action)."""
    if case is None or str(case.committee_action) in ("none stated", "<NA>", "nan"):
        return ""
    action = trp("committee action", str(case.committee_action), lang)
    when = str(getattr(case, "action_date_rendered", "") or "")
    if when:
        return tr(", despite the Committee against Torture's {action} ({date})", lang).format(action=action, date=when)
    return tr(", despite the Committee against Torture's {action}", lang).format(action=action)


def local_text(row, case, lang: str) -> str:
    """One headline (no citation, no stop)."""
    count = _count(str(row.measure), str(row.figure), lang)
    if row.measure == "extradited":
        lead = ", ".join(part for part in (_return_lead(case, lang), row.date) if part)
        return f"{lead}: {count or row.figure}{_despite(case, lang)}"
    lead = ", ".join(part for part in (row.place, row.date) if part)
    if count is None:
        count = tr("{figure} ({unit}): {measure}", lang).format(
            figure=row.figure, unit=trp("unit", str(row.unit), lang), measure=row.measure
        )
    return f"{lead}: {count}" if lead else capital(count)


def local_elsewhere(others: list[tuple[int, str]], lang: str) -> str | None:
    """What other sources give where they differ ("другие источники: от 11 до 17").

    >>> local_elsewhere([(11, "a"), (17, "b")], "ru"), local_elsewhere([(7, "a")], "ru")
    ('другие источники: от 11 до 17', 'другой источник: 7')
    """
    if not others:
        return None
    numbers = sorted({n for n, _ in others})
    figure = (
        str(numbers[0]) if len(numbers) == 1 else tr("{low} to {high}", lang).format(low=numbers[0], high=numbers[-1])
    )
    if len({s for _, s in others}) == 1:
        return tr("another source: {figure}", lang).format(figure=figure)
    return tr("other sources: {figure}", lang).format(figure=figure)


def local_findings(facts, lang: str) -> list[Finding]:
    """:func:`key_findings` in ``lang`` (``facts`` built with ``lang``'s dates), as headlines.

    >>> from cat_kz.publish.keyfacts import key_facts
    >>> local_findings(key_facts(lang="ru"), "ru")[0].sentence()
    'Жанаозен, декабрь 2011\u202fг.: убиты 12 человек (с. 3); другие источники: от 11 до 17.'
    """
    cases = {r.case_id: r for r in facts.returns.itertuples()}
    found = []
    for row in facts.figures.itertuples():
        record = tuple(row.record) if isinstance(row.record, (tuple, list)) else ("count", "")
        case = cases.get(record[1]) if record[0] == "refoulement case" else None
        elsewhere = local_elsewhere(facts.others.get(record, []), lang) if row.elsewhere == "differs" else None
        if row.elsewhere == "differs" and elsewhere is None:
            elsewhere = tr("other sources differ", lang)
        text = local_text(row, case, lang)
        found.append(Finding(text, [int(row.page)], elsewhere=elsewhere, lang=lang, record=record[1] or None))
    return found
