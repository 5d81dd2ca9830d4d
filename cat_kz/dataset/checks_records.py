"""Table-specific rules, run on every load after the shared checks of :mod:`cat_kz.dataset.validation`.

Each looks at the records of one table (or the few tables one rule joins):
people (minors and ages, group sizes), refoulement cases (Committee actions,
persons listed, nationality as stated), counts (qualifiers), acts
(restatements, single-day occasions), addresses (``url``) and the claims of
other sources. Every rule returns :class:`~cat_kz.errors.Problem` records.

>>> import pandas as pd
>>> frame = pd.DataFrame({"_row": [1], "count_id": ["cnt-1"], "value": [3], "qualifier": [None]})
>>> [p.message for p in check_counts(frame)]
['a stated value needs a qualifier (exact, at least, approximate)']
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import pandas as pd

from cat_kz.dataset.validation import clip, positions, record_id, suggest, values
from cat_kz.errors import Problem
from cat_kz.model.schema import CLAIM_TARGETS, TABLES
from cat_kz.model.sources import SourceText, normalise_whitespace


def check_people(frame: pd.DataFrame) -> list[Problem]:
    age, minor, size = frame["age"], frame["is_minor"], frame["group_size_min"]
    rules = [  # (rows it flags, column, value, message), checked in this order for each row
        (
            age.notna() & minor.notna() & (minor != (age < 18)),
            "is_minor",
            lambda a, m, s: bool(m),
            "contradicts age {age}",
        ),
        (age.notna() & minor.isna(), "is_minor", lambda a, m, s: None, "empty although age {age} is stated"),
        (
            (frame["kind"] == "individual") & size.notna(),
            "group_size_min",
            lambda a, m, s: int(s),
            "only groups have a size",
        ),
        (size.notna() & (size < 1), "group_size_min", lambda a, m, s: int(s), "must be at least 1"),
    ]
    flagged = [set(positions(mask)) for mask, *_ in rules]
    problems = []
    for i in sorted(set().union(*flagged)):
        row, pid = int(frame["_row"].iat[i]), frame["person_id"].iat[i]
        a, m, s = age.iat[i], minor.iat[i], size.iat[i]
        for hits, (_, column, value, message) in zip(flagged, rules):
            if i in hits:
                problems.append(Problem("people", row, pid, column, value(a, m, s), message.format(age=a)))
    return problems


def check_refoulement(frame: pd.DataFrame, people: pd.DataFrame) -> list[Problem]:
    problems = []
    kinds = dict(zip(people["person_id"], people["kind"]))
    rows, case_ids, actions = values(frame, "_row"), values(frame, "case_id"), values(frame, "cat_action")
    dates, disregarded = values(frame, "cat_action_edtf"), values(frame, "cat_action_disregarded")
    person_ids, numbers = frame["person_ids"].tolist(), values(frame, "n_persons")
    for row, cid, action, date, gone, ids, n in zip(rows, case_ids, actions, dates, disregarded, person_ids, numbers):
        row = int(row)
        if action == "none stated" and (date is not None or gone is not None):
            problems.append(
                Problem(
                    "refoulement",
                    row,
                    cid,
                    "cat_action",
                    action,
                    "no action stated, yet a date or disregarded is filled",
                )
            )
        if action in ("interim measures", "communication") and gone is None:
            problems.append(
                Problem(
                    "refoulement", row, cid, "cat_action_disregarded", None, f"required when cat_action is {action!r}"
                )
            )
        if n is None:
            continue  # reported already as a required value
        if isinstance(ids, list) and ids and all(kinds.get(i) == "individual" for i in ids) and n != len(ids):
            problems.append(
                Problem("refoulement", row, cid, "n_persons", n, f"{len(ids)} individual(s) listed in person_ids")
            )
    return problems


def check_counts(frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for i in positions(frame["value"].notna() & frame["qualifier"].isna()):
        problems.append(
            Problem(
                "counts",
                int(frame["_row"].iat[i]),
                frame["count_id"].iat[i],
                "qualifier",
                None,
                "a stated value needs a qualifier (exact, at least, approximate)",
            )
        )
    return problems


def check_acts(
    frame: pd.DataFrame, people: pd.DataFrame | None = None, events: pd.DataFrame | None = None
) -> list[Problem]:
    """Scope, restatements and dated occasions of alleged acts.

    - a record restates only *other* acts, of the same person or group, or, when
      it is a group's record, of the persons whose accounts it summarises;
    - a record that restates others has scope ``summary`` (so no count adds it
      beside what it restates), and a restated record is not itself a summary
      of the same acts;
    - an act's occasion (``event_id``) is a single day only when the act's own
      quote states that day (the date of an arrest is not the date of a beating
      unless the quote dates the beating too; coders check the sense).
    """
    problems = []
    acts, owners, restates = values(frame, "act_id"), values(frame, "person_id"), frame["restates"].tolist()
    rows, scopes = values(frame, "_row"), values(frame, "scope") if "scope" in frame.columns else None
    person = dict(zip(acts, owners))
    kinds = {} if people is None else dict(zip(people["person_id"], people["kind"]))
    for i in (i for i, restated in enumerate(restates) if restated):  # most records restate nothing
        row, act, own = int(rows[i]), acts[i], owners[i]
        for other in restates[i]:
            same = other in person and person[other] == own
            if other == act or (other in person and not same and kinds.get(own) != "group"):
                problems.append(
                    Problem("acts", row, act, "restates", other, "must be another act of the same person or group")
                )
        if scopes is not None and scopes[i] != "summary":
            problems.append(
                Problem("acts", row, act, "scope", scopes[i], "a record that restates others must have scope 'summary'")
            )
    if events is not None and "event_id" in frame.columns:
        day = events[events["date_precision"] == "day"].set_index("event_id")["date_text"]
        day = day[~day.index.duplicated()]  # a duplicate id is reported by check_unique_keys
        stated = frame["event_id"].map(day)  # the day's phrase, for acts whose occasion is a single day
        quotes, event_ids = frame["quote"], frame["event_id"]
        for i in positions(stated.notna() & quotes.notna()):
            event = event_ids.iat[i]
            phrase = normalise_whitespace(str(stated.iat[i])).removeprefix("On ").removeprefix("on ")
            if phrase not in normalise_whitespace(quotes.iat[i]):
                problems.append(
                    Problem(
                        "acts",
                        int(rows[i]),
                        acts[i],
                        "event_id",
                        event,
                        f"a single-day occasion ({stated.iat[i]!r}) that the act's quote does not state; leave event_id empty or use an event spanning the period",
                    )
                )
    return problems


def check_nationality(frame: pd.DataFrame, sources: dict[str, SourceText]) -> list[Problem]:
    """``refoulement.nationality`` is as stated: anything but 'not stated' needs a
    ``nationality_quote`` on the record's page that contains the nationality."""
    problems = []
    columns = ("_row", "case_id", "nationality", "nationality_quote", "source_id", "page")
    for row, case, nationality, quote, source_id, page in zip(*(values(frame, c) for c in columns)):
        row = int(row)
        if nationality is None or nationality == "not stated":
            if quote is not None:
                problems.append(
                    Problem(
                        "refoulement",
                        row,
                        case,
                        "nationality_quote",
                        clip(quote),
                        "given although nationality is 'not stated'",
                    )
                )
            continue
        if quote is None:
            problems.append(
                Problem(
                    "refoulement",
                    row,
                    case,
                    "nationality",
                    nationality,
                    "needs a nationality_quote stating it, or 'not stated' (never inferred)",
                )
            )
            continue
        if nationality.lower() not in quote.lower():
            problems.append(
                Problem(
                    "refoulement",
                    row,
                    case,
                    "nationality_quote",
                    clip(quote),
                    f"does not state the nationality {nationality!r}",
                )
            )
        source = sources.get(source_id)
        if source is not None and page is not None and source.find_quote(quote, page=int(page)) is None:
            problems.append(
                Problem(
                    "refoulement", row, case, "nationality_quote", clip(quote), f"not found verbatim on page {page}"
                )
            )
    return problems


def check_urls(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every ``url`` cell is a well-formed http(s) address: a scheme, a host with a dot, no spaces.

    >>> frame = pd.DataFrame({"_row": [1], "ext_source_id": ["x"], "url": ["www.example.org/a"]})
    >>> [str(p) for p in check_urls({"external_sources": frame})]
    ["external_sources.csv row 1 (x), column url: 'www.example.org/a': not a well-formed http(s) address (e.g. https://example.org/page)"]
    """
    problems = []
    for name, frame in tables.items():
        if "url" not in frame.columns:
            continue
        seen: dict[str, int] = {}
        for index, url in frame["url"].items():
            if pd.isna(url):
                continue
            row, record = int(frame.at[index, "_row"]), record_id(frame, name, index)
            try:
                parts = urlsplit(url)
                host = parts.hostname or ""
            except ValueError:
                parts, host = None, ""
            if (
                parts is None
                or parts.scheme not in ("http", "https")
                or "." not in host
                or any(c.isspace() for c in url)
            ):
                message = "not a well-formed http(s) address (e.g. https://example.org/page)"
                problems.append(Problem(name, row, record, "url", url, message))
            elif url in seen:
                problems.append(Problem(name, row, record, "url", url, f"the same address as row {seen[url]}"))
            else:
                seen[url] = row
    return problems


def _same_number(claim: object, record: object) -> bool:
    return not pd.isna(claim) and not pd.isna(record) and int(claim) == int(record)


def check_claims(tables: dict[str, pd.DataFrame], reported: Iterable[Problem] = ()) -> list[Problem]:
    """Claims of other sources: each links to an existing record of the submission or says why not.

    - ``record_id`` is a key of the table ``bears_on`` names (see ``schema.CLAIM_TARGETS``);
    - with a record, ``relation`` is required and ``no_record_reason`` empty; without one, the reverse;
    - a ``number`` needs its ``qualifier`` and ``unit``;
    - a comparable attribute (``figure``, ``date``, ``persons returned``) agrees only with the same
      number or an overlapping date, and differs only with another number or a date that does not overlap;
    - a source is not read before it was published (``accessed_edtf`` against ``edtf``).

    ``reported``: problems found already; a cell they name (e.g. a relation outside the
    vocabulary, read as empty) is not reported again as missing.
    """
    problems = _read_before_published(tables.get("external_sources"))
    claims = tables.get("claims")
    if claims is None:
        return problems
    seen = {(p.table, p.row, p.column) for p in reported}
    for index in claims.index:
        row, claim = int(claims.at[index, "_row"]), record_id(claims, "claims", index)

        def bad(column, value, message):
            if ("claims", row, column) not in seen:
                problems.append(Problem("claims", row, claim, column, value, message))

        _check_claim(tables, claims, index, bad)
    return problems


def _read_before_published(sources: pd.DataFrame | None) -> list[Problem]:
    """External sources whose ``accessed_edtf`` ends before their ``edtf`` (publication) starts."""
    if sources is None or "accessed_date_end" not in sources.columns or "date_start" not in sources.columns:
        return []
    problems = []
    early = sources["accessed_date_end"] < sources["date_start"]
    for index in sources.index[early.fillna(False).astype(bool)]:
        problems.append(
            Problem(
                "external_sources",
                int(sources.at[index, "_row"]),
                record_id(sources, "external_sources", index),
                "accessed_edtf",
                sources.at[index, "accessed_edtf"],
                f"read before it was published ({sources.at[index, 'edtf']})",
            )
        )
    return problems


def _check_claim(tables: dict[str, pd.DataFrame], claims: pd.DataFrame, index, bad) -> None:
    """One claim: its cells fit together, its record exists, and its relation fits what the record states.
    ``bad(column, value, message)`` reports a problem."""
    cell = {
        c: claims.at[index, c] for c in ("bears_on", "record_id", "relation", "no_record_reason", "number", "attribute")
    }
    if not pd.isna(cell["number"]):
        for column in ("qualifier", "unit"):
            if pd.isna(claims.at[index, column]):
                bad(column, None, "required when number is given")
    if pd.isna(cell["record_id"]):
        if pd.isna(cell["no_record_reason"]):
            bad("no_record_reason", None, "required when no record_id links the claim to the submission")
        if not pd.isna(cell["relation"]):
            bad("relation", cell["relation"], "a relation needs a record_id to relate to")
        return
    if not pd.isna(cell["no_record_reason"]):
        bad("no_record_reason", cell["no_record_reason"], "given although record_id links a record")
    if pd.isna(cell["relation"]):
        bad("relation", None, "required when record_id links a record (agrees, differs or adds)")
    if pd.isna(cell["bears_on"]):
        return  # reported already as a required value
    name, comparable = CLAIM_TARGETS[cell["bears_on"]]
    target, key = tables[name], TABLES[name].key
    matches = target.index[target[key] == cell["record_id"]]
    if len(matches) == 0:
        bad(
            "record_id",
            cell["record_id"],
            f"no {name}.{key} has this value" + suggest(cell["record_id"], target[key].dropna()),
        )
        return
    column, relation = comparable.get(cell["attribute"]), cell["relation"]
    if column is None or relation not in ("agrees", "differs"):
        return
    compared = _compare(claims, index, f"{name} {cell['record_id']}", target, matches[0], column)
    if compared is None:
        return
    same, stated = compared
    if relation == "agrees" and not same:
        bad("relation", relation, f"but {stated}: the claim differs")
    if relation == "differs" and same:
        bad("relation", relation, f"but {stated}: the claim agrees")


def _compare(
    claims: pd.DataFrame, index, which: str, target: pd.DataFrame, record, column: str
) -> tuple[bool, str] | None:
    """Whether the claim's value is the value in ``column`` of ``target``'s row ``record`` (an
    overlapping date, the same number) and what that record states, or None when either has no value."""
    if column.endswith("edtf"):
        prefix = column.removesuffix("edtf") + "date_"
        start, end = claims.at[index, "value_date_start"], claims.at[index, "value_date_end"]
        other_start, other_end = target.at[record, prefix + "start"], target.at[record, prefix + "end"]
        if any(pd.isna(v) for v in (start, end, other_start, other_end)):
            return None
        return start <= other_end and other_start <= end, f"{which} is dated {target.at[record, column]}"
    number = claims.at[index, "number"]
    if pd.isna(number) or pd.isna(target.at[record, column]):
        return None
    return _same_number(number, target.at[record, column]), f"{which} states {int(target.at[record, column])}"
