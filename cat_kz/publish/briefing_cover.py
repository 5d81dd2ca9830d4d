"""The briefing's cover and its labels: title, source, date rendered, redaction, content note, summary.

Part of :mod:`cat_kz.publish.briefing_content` (which names everything here too): every
string is marked for the catalogue (:mod:`cat_kz.model.language`).

>>> labels("ru")["key_findings"], level_name("victims", "ru")
('Основные выводы', 'пострадавшие')
"""

from __future__ import annotations

import pandas as pd

from cat_kz.model.language import date_text, tr, trn, trp
from cat_kz.publish.findings import key_findings
from cat_kz.publish.keyfacts import KeyFacts


def level_words(level: str, lang: str = "en") -> str:
    """What a redaction level hides, in words."""
    words = {
        "minors": lambda: tr("names of minors replaced by pseudonyms", lang),
        "victims": lambda: tr("names of everyone but officials replaced by pseudonyms", lang),
        "all": lambda: tr("every personal name replaced by a pseudonym", lang),
    }
    return words[level]() if level in words else tr("names replaced by pseudonyms", lang)


def level_name(level: str, lang: str = "en") -> str:
    """A redaction level's name ("victims"; "пострадавшие" in Russian)."""
    if lang == "en":
        return level
    names = {
        "minors": lambda: trp("redaction level", "minors", lang),
        "victims": lambda: trp("redaction level", "victims", lang),
        "all": lambda: trp("redaction level", "all", lang),
    }
    return names[level]() if level in names else level


def labels(lang: str = "en") -> dict[str, str]:
    """Every heading and label the template prints."""
    return {
        "contents": tr("Contents", lang),
        "page": tr("Page", lang),
        "figure": tr("Figure", lang),
        "content_note": tr("Content note", lang),
        "redaction_level": tr("Redaction", lang),
        "not_redacted": tr("None: names appear as they do in the source", lang),
        "key_findings": tr("Key findings", lang),
        "timeline": tr("What happened when", lang),
        "methods": tr("Methods of torture and ill-treatment alleged", lang),
        "returns": tr("Returns despite the Committee against Torture", lang),
        "law_practice": tr("Law and practice", lang),
        "recommendations": tr("Recommendations", lang),
        "counting": tr("How things were counted", lang),
        "sources": tr("Sources and provenance", lang),
    }


#: The English labels (``LABELS["key_findings"]``): tests check that none is left in another language.
LABELS = labels("en")


def redaction(level: str, lang: str = "en") -> dict | None:
    """What the cover and every page's footer say about redaction (None when nothing is hidden).

    >>> redaction("victims")["footer"]
    'Redacted (level: victims): names of everyone but officials replaced by pseudonyms'
    """
    if level in (None, "none"):
        return None
    words = level_words(level, lang)
    return {
        "level": level,
        "description": tr(
            "Level {level}: {words}. A pseudonym that replaced a name inside a quotation is in square brackets.", lang
        ).format(level=level_name(level, lang), words=words),
        "footer": tr("Redacted (level: {level}): {words}", lang).format(level=level_name(level, lang), words=words),
    }


def content_note(dataset, lang: str = "en") -> str:
    """The cover's warning, the youngest person's age taken from the records."""
    ages = pd.to_numeric(
        dataset.people.loc[dataset.people["is_minor"].fillna(False).astype(bool), "age"], errors="coerce"
    ).dropna()
    minor = (
        " " + trn("One of them was {n} year old.", "One of them was {n} years old.", int(ages.min()), lang)
        if len(ages)
        else ""
    )
    return (
        tr(
            "This briefing describes torture and ill-treatment in custody, including sexual violence and threats of "
            "rape, and a death in custody. The people it names are real.",
            lang,
        )
        + minor
    )


def published_text(source, lang: str) -> str:
    """The source's date of publication ("October 2014"; "октябрь 2014 г.")."""
    if lang == "en":
        return str(source["published"])
    return date_text(pd.Timestamp(str(source["published"])).date(), lang, precision="month")


def cover(facts: KeyFacts, meta: dict, dataset, lang: str = "en") -> dict:
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    findings = key_findings(facts, lang)
    rendered = meta.get("rendered_at") or (
        pd.Timestamp.now().strftime("%-d %B %Y") if lang == "en" else date_text(pd.Timestamp.now().date(), lang)
    )
    extra = []
    if lang != "en":  # the source's words are quoted as they stand
        extra = [
            {
                "label": tr("Quotations", lang),
                "value": tr("In the source's language (English), as are its findings and recommendations.", lang),
            }
        ]
    return {
        "kicker": tr("Briefing", lang),
        "title": tr("Kazakhstan: torture in custody, impunity and returns despite the Committee", lang),
        "subtitle": tr("Submission to the United Nations Committee against Torture", lang),
        "author": [str(source["publisher"])],
        "meta": [
            {"label": tr("Source", lang), "value": facts.source},
            {"label": tr("Date rendered", lang), "value": rendered},
            *extra,
        ],
        "content_note": content_note(dataset, lang),
        "summary": [
            tr(
                "In {published} {publisher} submitted a memorandum to the United Nations Committee against "
                "Torture ahead of its review of Kazakhstan. This briefing condenses it: the violence in Zhanaozen and "
                "the treatment of those detained after it, the trial that followed, the return of asylum seekers "
                "despite the Committee's requests, and where law and practice fall short of the Convention. Its {n} "
                "key findings are drawn from the records coded from the submission; every statement cites the page "
                "it rests on, and where other published sources give another figure, the finding says so.",
                lang,
            ).format(published=published_text(source, lang), publisher=source["publisher"], n=len(findings))
        ],
    }


def source_line(facts: KeyFacts, dataset, lang: str) -> str:
    """The source as the cover and every footer name it: "Human Rights Watch, <title>, October 2014"."""
    if lang == "en":
        return facts.source
    source = dataset.sources.set_index("source_id").loc["hrw-2014"]
    return f"{source['publisher']}, {source['title']}, {published_text(source, lang)}"
