"""The data model: tables, columns, keys, references and closed vocabularies.

This module is the single description of the hand-coded CSV files in ``data/``.
The loader types columns from it, the validator checks rows against it and the
data model reference, docs/data-model.md, is written from it (:mod:`cat_kz.model.schema_doc`,
``cat-kz schema``).

Column kinds (how a CSV cell is read):

``id``        a record's own key: non-empty, unique, lower-case letters and digits joined by - or _.
``text``      free text, kept as written.
``int``       a whole number -> pandas ``Int64`` (nullable).
``bool``      ``true`` / ``false`` (empty = unknown) -> pandas ``boolean``.
``category``  one value of a closed vocabulary -> pandas ``category``.
``ref``       one id of another table (``ref=`` says which).
``refs``      several ids of another table, separated by ``;`` -> a Python list.
``ints``      several whole numbers separated by ``;`` -> a list of ints.
``edtf``      a Library of Congress EDTF string; the loader derives
              ``date_start``, ``date_end`` and ``date_precision`` from it.

>>> from cat_kz.model.schema import TABLES
>>> TABLES["acts"].key
'act_id'
>>> TABLES["acts"].column("method_code").ref
'methods'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

# --- closed vocabularies ---------------------------------------------------

#: Event categories: code -> label. Lanes of the timeline, in this order.
EVENT_CATEGORIES: dict[str, str] = {
    "zhanaozen": "Zhanaozen violence and custody",
    "trial": "Trial and testimony",
    "accountability": "Accountability and investigations",
    "refoulement": "Refoulement",
    "un": "UN and treaty-body actions",
    "legislation": "Legislation and institutions",
    "repression": "Other repression",
    "advocacy": "Advocacy and documentation",
    "media": "Media reports",
    "context": "Context outside Kazakhstan",
}

#: Method categories: code -> label. ``safeguards`` are violations of
#: procedural safeguards, not torture methods; tallies keep them apart.
METHOD_CATEGORIES: dict[str, str] = {
    "blunt_trauma": "Blunt trauma",
    "positional": "Positional",
    "asphyxiation": "Asphyxiation",
    "sexual": "Sexual violence",
    "environmental": "Environmental",
    "deprivation": "Deprivation",
    "psychological": "Psychological",
    "humiliation": "Humiliation",
    "electric": "Electric",
    "burns": "Burns",
    "mutilation": "Mutilation",
    "other": "Other or unspecified ill-treatment",
    "safeguards": "Procedural safeguards violated",
}

PERSON_KINDS = ("individual", "group")
SEXES = ("male", "female", "not stated")
ROLES = (
    "detainee",
    "defendant",
    "official",
    "asylum seeker",
    "refugee",
    "lawyer",
    "opposition leader",
    "person returned",
)
#: Redaction levels, from least to most redacted; each includes the one before
#: (what each hides: :mod:`cat_kz.dataset.redaction`).
LEVELS = ("none", "minors", "victims", "all")
SETTINGS = ("arrest", "transport", "custody", "interrogation", "investigation", "not stated")
#: Who makes the allegation (the channel it reached the source by is ``reported_by``).
ALLEGED_BY = (
    "the person at trial",
    "the person to relatives",
    "the person in a complaint",
    "a fellow detainee",
    "victims and witnesses",
    "relatives",
    "lawyer",
    "trial monitors",
    "human rights watch",
    "un special rapporteur",
    "not stated",
)
#: What an allegation record is. Only ``case`` records are counted by default:
#: a summary restates other records and a general finding is not a case, so
#: neither may be added into the same count as the accounts (see docs/counting.md).
SCOPES: dict[str, str] = {
    "case": "Case allegation: an identified person or group",
    "summary": "Summary: restates allegations detailed in other records",
    "general": "General finding: country-wide, not a case",
}
#: Whether the surviving text establishes the act.
CERTAINTIES: dict[str, str] = {
    "stated": "Stated in the surviving text",
    "unclear": "Unclear: words lost in transcription or the text is ambiguous",
}
#: What a finding of the source is about: code -> label.
FINDING_TOPICS: dict[str, str] = {
    "ill_treatment": "Ill-treatment and impunity",
    "evidence": "Evidence obtained by torture",
    "investigation": "Investigation and accountability",
    "safeguards": "Procedural safeguards",
    "refoulement": "Non-refoulement",
    "npm": "National Preventive Mechanism",
    "definition": "Definition of torture",
    "climate": "Human rights climate and freedoms",
}
FOUND_BY = ("human rights watch", "un special rapporteur", "monitors", "lawyer")
MECHANISMS = ("extradition", "forcible return")
CAT_ACTIONS = ("interim measures", "communication", "none stated")
REFUGEE_STATUSES = ("denied", "not stated")
QUALIFIERS = ("exact", "at least", "approximate")
UNITS = ("persons", "acts", "organisations", "years", "days", "not stated")
#: Kinds of external sources (cited, never stored: claims state their facts in our words).
EXTERNAL_KINDS = ("UN document", "treaty-body decision", "NGO report", "trial monitoring", "news")
#: How a claim of another source relates to the record of the submission it bears on.
#: For a figure or date it is computed, not typed (:mod:`cat_kz.model.relations`).
RELATIONS: dict[str, str] = {
    "agrees": "Agrees: states the same fact, figure or date",
    "consistent": "Consistent: another figure or date that fits the submission's bound or range",
    "narrower": "Narrower: a figure for a part of what the submission counts (the claim's reason says which part)",
    "differs": "Differs: states another figure or date for the same fact, one the submission's excludes",
    "adds": "Adds: states something about the record that the submission does not",
}
#: What a claim bears on -> (table of the submission's record, {comparable attribute: column}).
#: A claim whose ``attribute`` is a comparable one is checked against that column of its record:
#: ``agrees`` needs the same number (or an overlapping date), ``differs`` another one.
CLAIM_TARGETS: dict[str, tuple[str, dict[str, str]]] = {
    "event": ("events", {"date": "edtf"}),
    "count": ("counts", {"figure": "value"}),
    "person": ("people", {}),
    "refoulement case": ("refoulement", {"date": "edtf", "persons returned": "n_persons"}),
    "finding": ("findings", {}),
}


def allowed_values(value: object, allowed) -> str:
    """'; allowed values: 'a', 'b'' plus a did-you-mean hint when one is close.

    >>> allowed_values("Category", ("category", "method"))
    "; allowed values: 'category', 'method' (did you mean 'category'?)"
    """
    text = "; allowed values: " + ", ".join(repr(a) for a in allowed)
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    return text + (f" (did you mean {close[0]!r}?)" if close else "")


def check_choice(name: str, value: object, allowed) -> None:
    """Raise the project's one ValueError for a value outside a closed set.

    >>> check_choice("unit", "victims", ("persons", "acts"))
    Traceback (most recent call last):
    ...
    ValueError: unit = 'victims' is not allowed; allowed values: 'persons', 'acts'
    """
    if value not in allowed:
        raise ValueError(f"{name} = {value!r} is not allowed" + allowed_values(value, allowed))


@dataclass(frozen=True)
class Column:
    """One CSV column."""

    name: str
    kind: str
    description: str
    required: bool = True
    ref: str | None = None
    vocab: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        kinds = {"id", "text", "int", "bool", "category", "ref", "refs", "ints", "edtf"}
        if self.kind not in kinds:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")
        if self.kind == "category" and not self.vocab:
            raise ValueError(f"column {self.name}: a category needs a vocabulary")
        if self.kind in {"ref", "refs"} and not self.ref:
            raise ValueError(f"column {self.name}: a reference needs ref=")


@dataclass(frozen=True)
class Table:
    """One hand-coded table: a CSV file in the data directory."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: str
    #: has source_id, page and quote; the quote must be on that page of that source
    quoted: bool = True
    #: has date_text and edtf; the loader adds date_start, date_end, date_precision
    dated: bool = False
    #: may hold no records (corroboration is optional); every other table needs at least one
    may_be_empty: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name} has no column {name!r}")


def _provenance() -> tuple[Column, ...]:
    return (
        Column("source_id", "ref", "The source the quote comes from.", ref="sources"),
        Column("page", "int", "Printed page of the source (1 to 10) where the quote stands."),
        Column(
            "quote",
            "text",
            "Verbatim passage of the source (whitespace-normalised) that states the record: at least 12 "
            "characters, found exactly once on its page (a quote found twice there is refused: where it stands "
            "would be a guess).",
        ),
    )


def _dates(required: bool = True) -> tuple[Column, ...]:
    return (
        Column(
            "date_text",
            "text",
            "The source's own date phrase, verbatim; the EDTF must meet the years it names (and its month, when it "
            "names one month and one year).",
            required=required,
        ),
        Column(
            "edtf",
            "edtf",
            "The date as Library of Congress EDTF; the only input to date_start, date_end and date_precision.",
            required=required,
        ),
    )


_articles = Column(
    "cat_articles",
    "ints",
    "Convention articles, from the heading of the source section that reports the record.",
    required=False,
    ref="articles",
)
_notes = Column("notes", "text", "Coder's notes: transcription losses, context, coding decisions.", required=False)

TABLES: dict[str, Table] = {}


def _table(table: Table) -> Table:
    TABLES[table.name] = table
    return table


_table(
    Table(
        "sources",
        "Documents the dataset is coded from or refers to, with the hash checked on load.",
        (
            Column("source_id", "id", "Key."),
            Column("title", "text", "Title."),
            Column("publisher", "text", "Publisher or author."),
            Column("published", "text", "Publication date as printed.", required=False),
            Column("url", "text", "Where the document is published (http(s) address), if it is.", required=False),
            Column("path", "text", "File path relative to the data directory."),
            Column("sha256", "text", "sha256 of the file's bytes; checked on every load."),
            Column(
                "has_pages",
                "bool",
                "True if the file is a transcription with numbered page lines that quotes cite.",
            ),
        ),
        key="source_id",
        quoted=False,
    )
)

_table(
    Table(
        "articles",
        "The Convention against Torture's substantive articles 1 to 16 with short titles.",
        (
            Column("article", "int", "Article number (the key)."),
            Column("title", "text", "Short title."),
        ),
        key="article",
        quoted=False,
    )
)

_table(
    Table(
        "people",
        "Persons and groups the source names or describes (one row each).",
        (
            Column("person_id", "id", "Key; deliberately carries no name, so ids survive redaction."),
            Column(
                "name",
                "text",
                "Name spelled as in the source, or a description for groups. Other spellings that redaction also "
                "replaces (transliterations, Cyrillic): data/name_variants.csv (person_id, name, variant, kind, reason).",
            ),
            Column("kind", "category", "individual or group.", vocab=PERSON_KINDS),
            Column(
                "group_size_min",
                "int",
                "For groups: the smallest size the source states (e.g. 5 for 'at least five').",
                required=False,
            ),
            Column("sex", "category", "Only as the source's pronouns or nouns state it.", vocab=SEXES),
            Column("age", "int", "Age as stated in the source.", required=False),
            Column("is_minor", "bool", "Under 18 as stated; empty when the source does not say.", required=False),
            Column("role", "category", "The role in which the source presents the person.", vocab=ROLES),
            Column("description", "text", "Who the person is, in the source's words.", required=False),
            *_provenance(),
            _notes,
        ),
        key="person_id",
    )
)

_table(
    Table(
        "events",
        "Dated events: the timeline. One row per event the source dates.",
        (
            Column("event_id", "id", "Key: ev-<date>-<slug>, no personal names."),
            *_dates(),
            Column(
                "category",
                "category",
                "Timeline lane.",
                vocab=tuple(EVENT_CATEGORIES),
            ),
            Column("title", "text", "Short title."),
            Column("description", "text", "What the source says happened, worded as it words it."),
            Column("place", "text", "Place as stated.", required=False),
            _articles,
            Column("person_ids", "refs", "People the event concerns.", required=False, ref="people"),
            *_provenance(),
            _notes,
        ),
        key="event_id",
        dated=True,
    )
)

_table(
    Table(
        "methods",
        "The taxonomy of alleged methods, mapped to HURIDOCS micro-thesaurus 5.",
        (
            Column("method_code", "id", "Key."),
            Column("label", "text", "Short label."),
            Column("category", "category", "Method category.", vocab=tuple(METHOD_CATEGORIES)),
            Column(
                "huridocs_code",
                "text",
                "HURIDOCS Events Standard Formats, micro-thesaurus 5 (Methods of violence), "
                "12 digits; empty where none fits.",
                required=False,
            ),
            Column("description", "text", "What the method covers."),
        ),
        key="method_code",
        quoted=False,
    )
)

_table(
    Table(
        "acts",
        "Alleged acts: one row per person or group x method x occasion.",
        (
            Column("act_id", "id", "Key."),
            Column("person_id", "ref", "Who suffered the act (a person or group).", ref="people"),
            Column("method_code", "ref", "The alleged method.", ref="methods"),
            Column(
                "event_id",
                "ref",
                "The dated occasion of the act itself (e.g. the custody period); empty when the source "
                "does not date it.",
                required=False,
                ref="events",
            ),
            Column(
                "allegation_event_id",
                "ref",
                "The dated event in which the allegation was made (e.g. testimony at trial).",
                required=False,
                ref="events",
            ),
            Column("setting", "category", "Where in the process of detention.", vocab=SETTINGS),
            Column("perpetrator", "text", "Perpetrator as stated.", required=False),
            Column("purpose", "text", "Purpose as stated (e.g. to coerce testimony).", required=False),
            Column("alleged_by", "category", "Who makes the allegation.", vocab=ALLEGED_BY),
            Column(
                "reported_by",
                "text",
                "Through whom the source learned of it (the channel the source names), in the coder's words.",
                required=False,
            ),
            Column(
                "scope",
                "category",
                "What the record is: `case` (an allegation of an identified person or group), `summary` "
                "(restates allegations detailed in other records) or `general` (a country-wide finding, "
                "not a case). Tallies count `case` records unless asked otherwise, and never add "
                "summaries or general findings into the same count.",
                vocab=tuple(SCOPES),
            ),
            Column(
                "certainty",
                "category",
                "`stated` when the surviving text establishes the act; `unclear` when words are lost or "
                "the text does not say whether it was done (e.g. done or threatened). Unclear acts are "
                "listed with their quote, not tallied as a method by default.",
                vocab=tuple(CERTAINTIES),
            ),
            Column(
                "restates",
                "refs",
                "Acts this record restates in general terms (e.g. a summary of a detailed account); "
                "a record that restates others has scope `summary`.",
                required=False,
                ref="acts",
            ),
            *_provenance(),
            _notes,
        ),
        key="act_id",
    )
)

_table(
    Table(
        "refoulement",
        "Returns of asylum seekers and refugees: one row per case.",
        (
            Column("case_id", "id", "Key."),
            Column("persons", "text", "Who was returned, in the source's words."),
            Column("person_ids", "refs", "The people or group returned.", ref="people"),
            Column("n_persons", "int", "Number of persons: the minimum stated."),
            Column("n_qualifier", "category", "Qualifier of n_persons.", vocab=QUALIFIERS),
            Column("nationality", "text", "Nationality as stated, or 'not stated' (never inferred)."),
            Column(
                "nationality_quote",
                "text",
                "Verbatim passage on the record's page that states the nationality; required unless "
                "nationality is 'not stated'.",
                required=False,
            ),
            Column("destination", "text", "Country returned to."),
            *_dates(),
            Column("mechanism", "category", "How they were returned.", vocab=MECHANISMS),
            Column("cat_action", "category", "The Committee's action in the case.", vocab=CAT_ACTIONS),
            Column("cat_action_date_text", "text", "Its date, verbatim.", required=False),
            Column("cat_action_edtf", "edtf", "Its date as EDTF.", required=False),
            Column(
                "cat_action_disregarded",
                "bool",
                "The return went ahead despite the Committee's action (empty: no action stated).",
                required=False,
            ),
            Column("refugee_status", "category", "Refugee status decision.", vocab=REFUGEE_STATUSES),
            Column("charges", "text", "Charges in the receiving state, as stated.", required=False),
            Column("risk", "text", "Risk faced, as stated.", required=False),
            Column("event_id", "ref", "The return on the timeline.", ref="events"),
            *_provenance(),
            _notes,
        ),
        key="case_id",
        dated=True,
    )
)

_table(
    Table(
        "counts",
        "Every figure the source states, with its unit and qualifier.",
        (
            Column("count_id", "id", "Key."),
            Column("measure", "text", "What is counted (killed, convicted, extradited, ...)."),
            Column(
                "value",
                "int",
                "The number; empty if the figure is not a number ('dozens') or was lost.",
                required=False,
            ),
            Column("value_text", "text", "The figure as printed ('34', 'at least 28', 'dozens')."),
            Column("unit", "category", "What one unit is.", vocab=UNITS),
            Column(
                "qualifier",
                "category",
                "exact, at least or approximate; empty only where the figure was lost.",
                required=False,
                vocab=QUALIFIERS,
            ),
            Column("event_id", "ref", "The event the figure belongs to.", required=False, ref="events"),
            *_provenance(),
            _notes,
        ),
        key="count_id",
    )
)

_table(
    Table(
        "recommendations",
        "The source's recommendations to the government of Kazakhstan.",
        (
            Column("rec_id", "id", "Key."),
            Column("text", "text", "The recommendation, summarised in the source's words."),
            _articles,
            Column("person_ids", "refs", "People it names.", required=False, ref="people"),
            *_provenance(),
            _notes,
        ),
        key="rec_id",
    )
)

_table(
    Table(
        "findings",
        "The source's findings about law and practice (not individual cases): one row per finding.",
        (
            Column("finding_id", "id", "Key."),
            Column("topic", "category", "What the finding is about.", vocab=tuple(FINDING_TOPICS)),
            Column("finding", "text", "The finding, in the source's words (losses marked '...')."),
            Column("found_by", "category", "Whose finding the source reports.", vocab=FOUND_BY),
            _articles,
            Column("event_id", "ref", "The event the finding concerns, if any.", required=False, ref="events"),
            *_provenance(),
            _notes,
        ),
        key="finding_id",
    )
)

_table(
    Table(
        "external_sources",
        "Other public documents that state facts the submission states: cited by address, not stored.",
        (
            Column("ext_source_id", "id", "Key."),
            Column("title", "text", "Title, or the document symbol of a UN document."),
            Column("publisher", "text", "Publisher (organisation or news agency)."),
            Column("kind", "category", "What kind of document it is.", vocab=EXTERNAL_KINDS),
            Column(
                "edtf",
                "edtf",
                "Publication date as EDTF (`?` where the date is inferred from the text); empty when the copy "
                "read does not show it.",
                required=False,
            ),
            Column("url", "text", "Where it was read: an http(s) address."),
            Column("accessed_edtf", "edtf", "The day the address was read, as EDTF."),
            _notes,
        ),
        key="ext_source_id",
        quoted=False,
        may_be_empty=True,
    )
)

_table(
    Table(
        "claims",
        "Facts other sources state, one per row, each tied to the submission's record it bears on "
        "(or a reason why there is none). Values are in the coder's words, never the source's sentences.",
        (
            Column("claim_id", "id", "Key."),
            Column("topic", "category", "Timeline lane the fact belongs to.", vocab=tuple(EVENT_CATEGORIES)),
            Column(
                "bears_on", "category", "What kind of record of the submission it bears on.", vocab=tuple(CLAIM_TARGETS)
            ),
            Column(
                "record_id",
                "text",
                "Key of that record (an events, counts, people, refoulement or findings id); empty when the "
                "submission has no record of it.",
                required=False,
            ),
            Column(
                "attribute",
                "text",
                "What the claim states about the record: `figure` (of a count), `date`, `persons returned`, or "
                "another short phrase (then it is shown, not compared).",
            ),
            Column("value", "text", "The value, in the coder's words (a figure, a date, a short statement)."),
            Column("number", "int", "The value as a whole number, when it is one.", required=False),
            Column("qualifier", "category", "Qualifier of number.", required=False, vocab=QUALIFIERS),
            Column("unit", "category", "Unit of number.", required=False, vocab=UNITS),
            Column("value_edtf", "edtf", "The value as EDTF, when it is a date.", required=False),
            Column("ext_source_id", "ref", "The source that states it.", ref="external_sources"),
            Column("locator", "text", "Where in the source (paragraph, section).", required=False),
            Column(
                "relation",
                "category",
                "How it relates to the record (agrees, consistent, narrower, differs, adds); empty when there is "
                "no record. For a figure or date it must be the relation computed from the numbers or dates and "
                "their qualifiers, unless relation_reason says why not.",
                required=False,
                vocab=tuple(RELATIONS),
            ),
            Column(
                "relation_reason",
                "text",
                "Why the relation is set by hand where the numbers cannot decide it: required for `narrower` (which "
                "part the claim counts) and wherever the relation differs from the computed one.",
                required=False,
            ),
            Column("no_record_reason", "text", "Why no record of the submission is linked.", required=False),
            Column("notes", "text", "Verification notes: how the fact was checked, what is inferred.", required=False),
        ),
        key="claim_id",
        quoted=False,
        may_be_empty=True,
    )
)

#: Load order: a table is loaded after the tables it refers to.
TABLE_ORDER = (
    "sources",
    "articles",
    "people",
    "events",
    "methods",
    "acts",
    "refoulement",
    "counts",
    "recommendations",
    "findings",
    "external_sources",
    "claims",
)
assert set(TABLE_ORDER) == set(TABLES)

#: How a spelling in ``name_variants.csv`` differs from the name in ``people.csv``.
VARIANT_KINDS = ("cyrillic", "transliteration", "inflection")

#: Other spellings of a person's name (``data/name_variants.csv``), matched by the redactor and
#: the leak scan like the name itself. Not one of :data:`TABLES` (no quote, not loaded into the
#: dataset): :mod:`cat_kz.dataset.spellings` reads it. Spellings that differ only in case,
#: diacritics, invisible characters, look-alike letters, Cyrillic transliterated as the source
#: does, or a surname's -a, -s and -'s endings are matched without a row here.
NAME_VARIANTS = Table(
    "name_variants",
    "Other spellings of a person's name that redaction must also replace (one row each).",
    (
        Column("person_id", "ref", "The person.", ref="people"),
        Column("name", "text", "The person's name exactly as in people.csv (a variant applies only to that name)."),
        Column("variant", "text", "The other spelling, in any script (Cyrillic is transliterated for matching)."),
        Column("kind", "category", "cyrillic, transliteration or inflection.", vocab=VARIANT_KINDS),
        Column("reason", "text", "Where the spelling occurs or why it is expected."),
    ),
    key="variant",
    quoted=False,
)
