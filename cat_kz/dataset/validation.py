"""Checks run on every load, and the one error type that reports them.

Every rule returns :class:`Problem` records instead of raising, so that one
:class:`DataError` can list *every* problem found, each naming the file, the
row (1 = the first record under the header), the record's id, the column and
the offending value.

Rules, in the order they run:

1. files: present, not empty, exactly the schema's columns;
2. cells: required values present, ids well-formed, numbers, booleans,
   vocabularies and EDTF strings parse;
3. keys unique;
4. references resolve (person_ids, event_id, method_code, source_id,
   cat_articles, huridocs_code);
5. sources: the file exists and its sha256 matches the sources table;
6. quotes occur verbatim (whitespace-normalised) on the stated page, and a
   record's date phrase occurs inside its quote;
7. table-specific consistency (minors and ages, group sizes, Committee
   actions, qualifiers, restated acts).

>>> from cat_kz.errors import DataError, Problem
>>> p = Problem("acts", 3, "act-003", "method_code", "gauntlett", "unknown method_code")
>>> print(p)
acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
>>> print(DataError([p]))  # doctest: +ELLIPSIS
1 problem in the data:
  acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from cat_kz.errors import Problem
from cat_kz.model.schema import TABLES
from cat_kz.model.sources import SourceText, normalise_whitespace

#: above this many known values a did-you-mean hint is not searched for (difflib is
#: linear in them, and a large dataset with many bad values would take hours)
SUGGEST_LIMIT = 50_000


def suggest(value: str, known: Iterable[str]) -> str:
    """A '; did you mean ...?' hint, or '' when nothing is close (or there are too many to search).

    >>> suggest("p7", ["p07", "p08"])
    "; did you mean 'p07'?"
    """
    candidates = [str(k) for k in known]
    if len(candidates) > SUGGEST_LIMIT:
        return ""
    close = difflib.get_close_matches(str(value), candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _record_id(frame: pd.DataFrame, table: str, index: int) -> str | None:
    key = TABLES[table].key
    if key in frame.columns:
        value = frame.at[index, key]
        return None if pd.isna(value) else str(value)
    return None


def values(frame: pd.DataFrame, column: str) -> list:
    """A column as a plain list, missing values as None: loops over it are fast.

    >>> values(pd.DataFrame({"a": pd.array([1, None], dtype="Int64")}), "a")
    [1, None]
    """
    return frame[column].to_numpy(dtype=object, na_value=None).tolist()


def _positions(mask: pd.Series) -> list[int]:
    """Positions (not labels) where a boolean mask is True; NA counts as False."""
    return np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)).tolist()


def check_unique_keys(table: str, frame: pd.DataFrame) -> list[Problem]:
    key = TABLES[table].key
    problems = []
    duplicated = frame[key].notna() & frame[key].duplicated(keep=False)
    for value, rows in frame[duplicated].groupby(key, sort=True).groups.items():
        numbers = [int(frame.at[i, "_row"]) for i in rows]
        problems.append(
            Problem(table, numbers[1], str(value), key, value, f"duplicate id (rows {', '.join(map(str, numbers))})")
        )
    return problems


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every ref/refs/ints column with ``ref=`` points at an existing key."""
    problems = []
    keys: dict[str, set] = {}  # table -> its keys, built once however many columns refer to it
    for name, frame in tables.items():
        rows = None
        for column in TABLES[name].columns:
            if column.ref is None or column.name not in frame.columns or column.ref not in tables:
                continue
            target = TABLES[column.ref]
            if column.ref not in keys:
                keys[column.ref] = set(tables[column.ref][target.key].dropna().tolist())
            known = keys[column.ref]
            cells = frame[column.name]
            if column.kind in {"refs", "ints"}:  # lists: check the non-empty ones
                cells_list = cells.tolist()
                suspects = [i for i, cell in enumerate(cells_list) if cell and isinstance(cell, list) and not known.issuperset(cell)]
            else:
                # as object: pandas' isin on pyarrow strings converts each key to a pyarrow scalar in Python
                suspects = _positions(cells.notna() & ~cells.astype(object).isin(known))
                cells_list = None
            for i in suspects:
                if rows is None:
                    rows = values(frame, "_row")
                cell = cells_list[i] if cells_list is not None else cells.iat[i]
                for value in cell if isinstance(cell, list) else [cell]:
                    if value not in known:
                        problems.append(
                            Problem(
                                name,
                                int(rows[i]),
                                _record_id(frame, name, frame.index[i]),
                                column.name,
                                value,
                                f"no {column.ref}.{target.key} has this value" + suggest(value, known),
                            )
                        )
    return problems


def check_huridocs_codes(methods: pd.DataFrame, reference: pd.DataFrame) -> list[Problem]:
    """``huridocs_code`` is a code of micro-thesaurus 5, as 12 digits."""
    known = set(reference["code"])
    problems = []
    for index, code in methods["huridocs_code"].items():
        if pd.isna(code):
            continue
        if len(code) != 12 or not code.isdigit():
            message = "a HURIDOCS code has 12 digits (keep leading zeros: save the column as text)"
        elif code not in known:
            message = "not a code of HURIDOCS micro-thesaurus 5 (data/reference/)"
        else:
            continue
        problems.append(
            Problem("methods", int(methods.at[index, "_row"]), _record_id(methods, "methods", index), "huridocs_code", code, message)
        )
    return problems


def check_quotes(name: str, frame: pd.DataFrame, sources: dict[str, SourceText]) -> tuple[list[Problem], pd.DataFrame]:
    """Each quote occurs on its page; returns problems and the char_start/char_end found."""
    problems = []
    rows = values(frame, "_row")
    quotes, pages, source_ids = values(frame, "quote"), values(frame, "page"), values(frame, "source_id")
    phrases = [(column, values(frame, column)) for column in ("date_text", "cat_action_date_text") if column in frame.columns]
    starts: list[int | None] = [None] * len(frame)
    ends: list[int | None] = [None] * len(frame)
    for i, (quote, page, source_id) in enumerate(zip(quotes, pages, source_ids)):
        if quote is None:
            continue  # reported as a required value
        needle = normalise_whitespace(quote)
        if page is not None and source_id is not None:
            source = sources.get(source_id)
            span = None if source is None or not needle else source.find_normalised(needle, int(page))
            if span is not None:
                starts[i], ends[i] = span
            else:
                problems.append(_quote_problem(name, frame, i, int(rows[i]), quote, int(page), source_id, source))
        # A date phrase must be one the quote states: the date is evidence too.
        for column, phrase_values in phrases:
            if phrase_values[i] is not None:
                phrase = normalise_whitespace(phrase_values[i])
                if phrase not in needle:
                    record = _record_id(frame, name, frame.index[i])
                    problems.append(Problem(name, int(rows[i]), record, column, phrase, "the date phrase does not occur in the quote"))
    spans = pd.DataFrame(
        {"char_start": pd.array(starts, dtype="Int64"), "char_end": pd.array(ends, dtype="Int64")}, index=frame.index
    )
    return problems, spans


def _quote_problem(name, frame, i, row, quote, page, source_id, source) -> Problem:
    """Why the quote of row position *i* is not on its page (or cannot be checked)."""
    record = _record_id(frame, name, frame.index[i])
    if source is None:
        return Problem(name, row, record, "source_id", source_id, "no paged source text to check the quote against")
    elsewhere = source.find_quote(quote)
    if elsewhere is not None:
        return Problem(name, row, record, "page", page, f"quote is on page {source.page_of(elsewhere[0])}, not page {page}")
    if page not in {p.number for p in source.pages}:
        return Problem(name, row, record, "page", page, f"{source_id} has pages 1 to {len(source.pages)}")
    return Problem(name, row, record, "quote", _clip(quote), f"not found verbatim on page {page} of {source_id}")


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def check_sources(frame: pd.DataFrame, actual_hashes: dict[str, str | None]) -> list[Problem]:
    """Each source file exists and has the recorded sha256."""
    problems = []
    for index in frame.index:
        source_id = frame.at[index, "source_id"]
        actual = actual_hashes.get(source_id)
        row = int(frame.at[index, "_row"])
        if actual is None:
            problems.append(Problem("sources", row, source_id, "path", frame.at[index, "path"], "file not found"))
        elif actual != frame.at[index, "sha256"]:
            problems.append(
                Problem(
                    "sources",
                    row,
                    source_id,
                    "sha256",
                    frame.at[index, "sha256"],
                    f"the file's sha256 is {actual}: the source changed or the wrong file is in place",
                )
            )
    return problems


def check_people(frame: pd.DataFrame) -> list[Problem]:
    age, minor, size = frame["age"], frame["is_minor"], frame["group_size_min"]
    rules = [  # (rows it flags, column, value, message), checked in this order for each row
        (age.notna() & minor.notna() & (minor != (age < 18)), "is_minor", lambda a, m, s: bool(m), "contradicts age {age}"),
        (age.notna() & minor.isna(), "is_minor", lambda a, m, s: None, "empty although age {age} is stated"),
        ((frame["kind"] == "individual") & size.notna(), "group_size_min", lambda a, m, s: int(s), "only groups have a size"),
        (size.notna() & (size < 1), "group_size_min", lambda a, m, s: int(s), "must be at least 1"),
    ]
    flagged = [set(_positions(mask)) for mask, *_ in rules]
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
                Problem("refoulement", row, cid, "cat_action", action, "no action stated, yet a date or disregarded is filled")
            )
        if action in ("interim measures", "communication") and gone is None:
            problems.append(Problem("refoulement", row, cid, "cat_action_disregarded", None, f"required when cat_action is {action!r}"))
        if n is None:
            continue  # reported already as a required value
        if isinstance(ids, list) and ids and all(kinds.get(i) == "individual" for i in ids) and n != len(ids):
            problems.append(
                Problem("refoulement", row, cid, "n_persons", n, f"{len(ids)} individual(s) listed in person_ids")
            )
    return problems


def check_counts(frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for i in _positions(frame["value"].notna() & frame["qualifier"].isna()):
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


def check_acts(frame: pd.DataFrame, people: pd.DataFrame | None = None, events: pd.DataFrame | None = None) -> list[Problem]:
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
                problems.append(Problem("acts", row, act, "restates", other, "must be another act of the same person or group"))
        if scopes is not None and scopes[i] != "summary":
            problems.append(
                Problem("acts", row, act, "scope", scopes[i], "a record that restates others must have scope 'summary'")
            )
    if events is not None and "event_id" in frame.columns:
        day = events[events["date_precision"] == "day"].set_index("event_id")["date_text"]
        day = day[~day.index.duplicated()]  # a duplicate id is reported by check_unique_keys
        stated = frame["event_id"].map(day)  # the day's phrase, for acts whose occasion is a single day
        quotes, event_ids = frame["quote"], frame["event_id"]
        for i in _positions(stated.notna() & quotes.notna()):
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
                problems.append(Problem("refoulement", row, case, "nationality_quote", _clip(quote), "given although nationality is 'not stated'"))
            continue
        if quote is None:
            problems.append(
                Problem("refoulement", row, case, "nationality", nationality, "needs a nationality_quote stating it, or 'not stated' (never inferred)")
            )
            continue
        if nationality.lower() not in quote.lower():
            problems.append(Problem("refoulement", row, case, "nationality_quote", _clip(quote), f"does not state the nationality {nationality!r}"))
        source = sources.get(source_id)
        if source is not None and page is not None and source.find_quote(quote, page=int(page)) is None:
            problems.append(Problem("refoulement", row, case, "nationality_quote", _clip(quote), f"not found verbatim on page {page}"))
    return problems


def check_urls(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every ``url`` cell is a well-formed http(s) address: a scheme, a host with a dot, no spaces.

    >>> frame = pd.DataFrame({"_row": [1], "ext_source_id": ["x"], "url": ["www.example.org/a"]})
    >>> [str(p) for p in check_urls({"external_sources": frame})]
    ["external_sources.csv row 1 (x), column url: 'www.example.org/a': not a well-formed http(s) address (e.g. https://example.org/page)"]
    """
    from urllib.parse import urlsplit

    problems = []
    for name, frame in tables.items():
        if "url" not in frame.columns:
            continue
        seen: dict[str, int] = {}
        for index, url in frame["url"].items():
            if pd.isna(url):
                continue
            row, record = int(frame.at[index, "_row"]), _record_id(frame, name, index)
            try:
                parts = urlsplit(url)
                host = parts.hostname or ""
            except ValueError:
                parts, host = None, ""
            if parts is None or parts.scheme not in ("http", "https") or "." not in host or any(c.isspace() for c in url):
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
    from cat_kz.model.schema import CLAIM_TARGETS

    problems: list[Problem] = []
    sources = tables.get("external_sources")
    if sources is not None and "accessed_date_end" in sources.columns and "date_start" in sources.columns:
        early = sources["accessed_date_end"] < sources["date_start"]
        for index in sources.index[early.fillna(False).astype(bool)]:
            problems.append(
                Problem(
                    "external_sources",
                    int(sources.at[index, "_row"]),
                    _record_id(sources, "external_sources", index),
                    "accessed_edtf",
                    sources.at[index, "accessed_edtf"],
                    f"read before it was published ({sources.at[index, 'edtf']})",
                )
            )
    claims = tables.get("claims")
    if claims is None:
        return problems
    seen = {(p.table, p.row, p.column) for p in reported}
    for index in claims.index:
        row, claim = int(claims.at[index, "_row"]), _record_id(claims, "claims", index)
        cell = {c: claims.at[index, c] for c in ("bears_on", "record_id", "relation", "no_record_reason", "number", "attribute")}

        def bad(column, value, message):
            if ("claims", row, column) not in seen:
                problems.append(Problem("claims", row, claim, column, value, message))

        if not pd.isna(cell["number"]):
            for column in ("qualifier", "unit"):
                if pd.isna(claims.at[index, column]):
                    bad(column, None, "required when number is given")
        if pd.isna(cell["record_id"]):
            if pd.isna(cell["no_record_reason"]):
                bad("no_record_reason", None, "required when no record_id links the claim to the submission")
            if not pd.isna(cell["relation"]):
                bad("relation", cell["relation"], "a relation needs a record_id to relate to")
            continue
        if not pd.isna(cell["no_record_reason"]):
            bad("no_record_reason", cell["no_record_reason"], "given although record_id links a record")
        if pd.isna(cell["relation"]):
            bad("relation", None, "required when record_id links a record (agrees, differs or adds)")
        if pd.isna(cell["bears_on"]):
            continue  # reported already as a required value
        name, comparable = CLAIM_TARGETS[cell["bears_on"]]
        target = tables[name]
        key = TABLES[name].key
        matches = target.index[target[key] == cell["record_id"]]
        if len(matches) == 0:
            bad("record_id", cell["record_id"], f"no {name}.{key} has this value" + suggest(cell["record_id"], target[key].dropna()))
            continue
        record = matches[0]
        column = comparable.get(cell["attribute"])
        relation = cell["relation"]
        if column is None or relation not in ("agrees", "differs"):
            continue
        if column.endswith("edtf"):
            prefix = column.removesuffix("edtf") + "date_"
            start, end = claims.at[index, "value_date_start"], claims.at[index, "value_date_end"]
            other_start, other_end = target.at[record, prefix + "start"], target.at[record, prefix + "end"]
            if any(pd.isna(v) for v in (start, end, other_start, other_end)):
                continue
            same = start <= other_end and other_start <= end
            stated = f"{name} {cell['record_id']} is dated {target.at[record, column]}"
        else:
            if pd.isna(cell["number"]) or pd.isna(target.at[record, column]):
                continue
            same = _same_number(cell["number"], target.at[record, column])
            stated = f"{name} {cell['record_id']} states {int(target.at[record, column])}"
        if relation == "agrees" and not same:
            bad("relation", relation, f"but {stated}: the claim differs")
        if relation == "differs" and same:
            bad("relation", relation, f"but {stated}: the claim agrees")
    return problems
