"""How a figure or date another source gives relates to the submission's: computed, not typed.

Each side is a number with a qualifier, read as the set of values it allows:

- ``exact`` N: N only;
- ``at least`` N: N and more; ``at most`` N: N and less;
- ``about`` (``approximate``) N: within 10% of N, and at least 1 either side;
- ``range`` N to *high*: every value between (a date is a range of days).

The relation of the claim to the record, from :data:`cat_kz.model.schema.RELATIONS`:

- ``agrees``: the same figure with the same qualifier (or the same range);
- ``consistent``: the two share a value (29 meets "at least 28");
- ``differs``: they share none (15 is not "exactly 12");
- ``narrower``: only when the data say the claim counts a *part* (``part=True``),
  and the part can fit in the whole (its smallest value is no more than the record's largest);
  a part larger than the whole ``differs``;
- ``adds``: the record gives no figure (a lost number, "dozens") and the claim does.

This module lives with the data model so that validation (``cat_kz.dataset``) and the
analysis (:mod:`cat_kz.analysis.agreement`) apply the same rule.

>>> relation(29, "exact", 28, "at least")
'consistent'
>>> relation(7, "exact", 13, "exact"), relation(7, "exact", 13, "exact", part=True)
('differs', 'narrower')
>>> relation(100, "approximate", None, "approximate")
'adds'
"""

from __future__ import annotations

import math

from cat_kz.model.schema import CLAIM_TARGETS, TABLES

#: Qualifiers this rule reads; ``approximate`` is the data's word for ``about``.
QUALIFIERS = ("exact", "at least", "at most", "about", "approximate", "range")


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas' NA
    except TypeError:  # pd.NA refuses bool()
        return True


def bounds(number: float, qualifier: str, high: float | None = None) -> tuple[float, float]:
    """The smallest and largest value a qualified number allows.

    >>> bounds(28, "at least"), bounds(100, "about"), bounds(3, "range", 5)
    ((28, inf), (90, 110), (3, 5))
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; allowed: {', '.join(QUALIFIERS)}")
    if qualifier == "exact":
        return number, number
    if qualifier == "at least":
        return number, math.inf
    if qualifier == "at most":
        return -math.inf, number
    if qualifier == "range":
        if high is None or high < number:
            raise ValueError(f"a range needs a high end no lower than {number}, not {high!r}")
        return number, high
    margin = max(1, round(abs(number) * 0.1))  # about / approximate
    return number - margin, number + margin


def relation(
    claim_number: float | None,
    claim_qualifier: str,
    record_number: float | None,
    record_qualifier: str,
    *,
    claim_high: float | None = None,
    record_high: float | None = None,
    part: bool = False,
) -> str:
    """The relation of a claim's figure to the record's (see the module's docstring).

    ``*_high`` is the high end of a ``range``; ``part`` says (from the claim's data, never
    from the numbers) that the claim counts a part of what the record counts.

    >>> relation(37, "exact", 37, "exact"), relation(28, "exact", 28, "at least")
    ('agrees', 'consistent')
    >>> relation(11, "at least", 12, "exact"), relation(15, "at least", 12, "exact")
    ('consistent', 'differs')
    >>> relation(20, "exact", 13, "exact", part=True)
    'differs'
    """
    if _missing(claim_number):
        raise ValueError("a claim without a number has no computed relation")
    if _missing(record_number):
        return "adds"
    claim = bounds(claim_number, _norm(claim_qualifier), claim_high)
    record = bounds(record_number, _norm(record_qualifier), record_high)
    if part:
        return "narrower" if claim[0] <= record[1] else "differs"
    if claim == record and _norm(claim_qualifier) == _norm(record_qualifier):
        return "agrees"
    overlap = claim[0] <= record[1] and record[0] <= claim[1]
    return "consistent" if overlap else "differs"


def date_relation(claim_start, claim_end, record_start, record_end) -> str:
    """The relation of a claim's date span to the record's: the same days agree, shared days
    are consistent ('2008' and 'October 2008'), no shared day differs.

    >>> import datetime as dt
    >>> d = dt.date
    >>> date_relation(d(2008, 1, 1), d(2008, 12, 31), d(2008, 10, 1), d(2008, 10, 31))
    'consistent'
    >>> date_relation(d(2013, 2, 28), d(2013, 2, 28), d(2013, 2, 28), d(2013, 2, 28))
    'agrees'
    """
    if _missing(record_start) or _missing(record_end):
        return "adds"
    return relation(
        _ordinal(claim_start),
        "range",
        _ordinal(record_start),
        "range",
        claim_high=_ordinal(claim_end),
        record_high=_ordinal(record_end),
    )


def _ordinal(day) -> int:
    return day.toordinal()


def _norm(qualifier: object) -> str:
    return "exact" if _missing(qualifier) else "about" if qualifier == "approximate" else str(qualifier)


#: Qualifier column of each table with a comparable number.
_QUALIFIER_COLUMNS = {"value": "qualifier", "n_persons": "n_qualifier"}


def computed_relations(claims, tables) -> list[str | None]:
    """Per claim (in order), the relation its figure or date has to its record's, or ``None``
    where the numbers cannot decide (no record, an attribute that is not compared, no number).

    *tables* maps table names to frames (a :class:`~cat_kz.dataset.load.Dataset` does); dates are
    read from the derived ``*date_start`` / ``*date_end`` columns. A hand-set ``narrower`` asks
    whether the claim's figure can be a part of the record's.
    """
    out: list[str | None] = []
    indexed: dict[str, object] = {}
    for claim in claims.to_dict("records"):
        target = CLAIM_TARGETS.get(claim.get("bears_on"))
        column = None if target is None else target[1].get(claim.get("attribute"))
        if column is None or _missing(claim.get("record_id")):
            out.append(None)
            continue
        name = target[0]
        if name not in indexed:
            frame = tables[name]
            indexed[name] = frame.drop_duplicates(TABLES[name].key).set_index(TABLES[name].key)
        frame = indexed[name]
        if claim["record_id"] not in frame.index:
            out.append(None)  # reported by validation as an unknown record
            continue
        record = frame.loc[claim["record_id"]]
        if column.endswith("edtf"):
            prefix = column.removesuffix("edtf") + "date_"
            start, end = claim.get("value_date_start"), claim.get("value_date_end")
            bad = prefix + "start" not in frame.columns or any(
                _missing(v) for v in (start, end, record.get(prefix + "start"), record.get(prefix + "end"))
            )
            if bad:  # a date that did not parse is reported by validation already
                out.append(None)
                continue
            out.append(date_relation(start, end, record[prefix + "start"], record[prefix + "end"]))
        elif _missing(claim.get("number")):
            out.append(None)
        else:
            part = claim.get("relation") == "narrower"
            rec_q = record[_QUALIFIER_COLUMNS[column]]
            out.append(relation(claim["number"], claim.get("qualifier"), record[column], rec_q, part=part))
    return out


def effective_relations(claims, tables) -> list[str | None]:
    """The relation each claim is shown with: the computed one, or the hand-set ``relation``
    where the numbers cannot decide or ``relation_reason`` says why the hand-set one stands."""
    computed = computed_relations(claims, tables)
    hand = claims["relation"].astype(object).tolist()
    reasons = claims["relation_reason"].tolist() if "relation_reason" in claims.columns else [None] * len(hand)
    return [
        (None if _missing(h) else str(h)) if c is None or not _missing(r) else c
        for c, h, r in zip(computed, hand, reasons)
    ]
