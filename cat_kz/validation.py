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

>>> from cat_kz.validation import Problem, DataError
>>> p = Problem("acts", 3, "act-003", "method_code", "gauntlett", "unknown method_code")
>>> print(p)
acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
>>> print(DataError([p]))  # doctest: +ELLIPSIS
1 problem in the data:
  acts.csv row 3 (act-003), column method_code: 'gauntlett': unknown method_code
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .schema import TABLES
from .sources import SourceText, normalise_whitespace


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data."""

    table: str
    row: int | None  # 1-based record number under the header; None for file-level problems
    record_id: str | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = f"{self.table}.csv"
        if self.row is not None:
            where += f" row {self.row}"
            if self.record_id:
                where += f" ({self.record_id})"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f"{self.value!r}: "
        return f"{where}: {value}{self.message}"


class DataError(ValueError):
    """The data failed validation; ``problems`` lists everything found."""

    def __init__(self, problems: Sequence[Problem], *, where: str = "the data") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {where}:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


def suggest(value: str, known: Iterable[str]) -> str:
    """A '; did you mean ...?' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _record_id(frame: pd.DataFrame, table: str, index: int) -> str | None:
    key = TABLES[table].key
    if key in frame.columns:
        value = frame.at[index, key]
        return None if pd.isna(value) else str(value)
    return None


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
    for name, frame in tables.items():
        for column in TABLES[name].columns:
            if column.ref is None or column.name not in frame.columns or column.ref not in tables:
                continue
            target = TABLES[column.ref]
            known = set(tables[column.ref][target.key].dropna())
            for index, cell in frame[column.name].items():
                values = cell if isinstance(cell, list) else ([] if pd.isna(cell) else [cell])
                for value in values:
                    if value not in known:
                        problems.append(
                            Problem(
                                name,
                                int(frame.at[index, "_row"]),
                                _record_id(frame, name, index),
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
    starts: list[object] = []
    ends: list[object] = []
    for index in frame.index:
        row = int(frame.at[index, "_row"])
        record = _record_id(frame, name, index)
        quote, page, source_id = frame.at[index, "quote"], frame.at[index, "page"], frame.at[index, "source_id"]
        span = None
        if not (pd.isna(quote) or pd.isna(page) or pd.isna(source_id)) and source_id not in sources:
            problems.append(Problem(name, row, record, "source_id", source_id, "no paged source text to check the quote against"))
        elif not (pd.isna(quote) or pd.isna(page) or pd.isna(source_id)):
            source = sources[source_id]
            span = source.find_quote(quote, page=int(page))
            if span is None:
                elsewhere = source.find_quote(quote)
                if elsewhere is not None:
                    found = source.page_of(elsewhere[0])
                    message = f"quote is on page {found}, not page {page}"
                    problems.append(Problem(name, row, record, "page", int(page), message))
                elif int(page) not in {p.number for p in source.pages}:
                    message = f"{source_id} has pages 1 to {len(source.pages)}"
                    problems.append(Problem(name, row, record, "page", int(page), message))
                else:
                    problems.append(
                        Problem(name, row, record, "quote", _clip(quote), f"not found verbatim on page {page} of {source_id}")
                    )
        starts.append(pd.NA if span is None else span[0])
        ends.append(pd.NA if span is None else span[1])
        problems += _check_date_phrases(name, frame, index, row, record, quote)
    spans = pd.DataFrame({"char_start": starts, "char_end": ends}, index=frame.index).astype("Int64")
    return problems, spans


def _check_date_phrases(name, frame, index, row, record, quote) -> list[Problem]:
    # A date phrase must be one the quote states: the date is evidence too.
    problems = []
    for column in ("date_text", "cat_action_date_text"):
        if column not in frame.columns or pd.isna(frame.at[index, column]) or pd.isna(quote):
            continue
        phrase = normalise_whitespace(frame.at[index, column])
        if phrase not in normalise_whitespace(quote):
            problems.append(Problem(name, row, record, column, phrase, "the date phrase does not occur in the quote"))
    return problems


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
    problems = []
    for index in frame.index:
        row, pid = int(frame.at[index, "_row"]), frame.at[index, "person_id"]
        age, minor = frame.at[index, "age"], frame.at[index, "is_minor"]
        kind, size = frame.at[index, "kind"], frame.at[index, "group_size_min"]
        if not pd.isna(age) and not pd.isna(minor) and bool(minor) != (age < 18):
            problems.append(Problem("people", row, pid, "is_minor", bool(minor), f"contradicts age {age}"))
        if not pd.isna(age) and pd.isna(minor):
            problems.append(Problem("people", row, pid, "is_minor", None, f"empty although age {age} is stated"))
        if kind == "individual" and not pd.isna(size):
            problems.append(Problem("people", row, pid, "group_size_min", int(size), "only groups have a size"))
        if not pd.isna(size) and size < 1:
            problems.append(Problem("people", row, pid, "group_size_min", int(size), "must be at least 1"))
    return problems


def check_refoulement(frame: pd.DataFrame, people: pd.DataFrame) -> list[Problem]:
    problems = []
    kinds = dict(zip(people["person_id"], people["kind"]))
    for index in frame.index:
        row, cid = int(frame.at[index, "_row"]), frame.at[index, "case_id"]
        action = frame.at[index, "cat_action"]
        has_date = not pd.isna(frame.at[index, "cat_action_edtf"])
        disregarded = frame.at[index, "cat_action_disregarded"]
        if action == "none stated" and (has_date or not pd.isna(disregarded)):
            problems.append(
                Problem("refoulement", row, cid, "cat_action", action, "no action stated, yet a date or disregarded is filled")
            )
        if action in ("interim measures", "communication") and pd.isna(disregarded):
            problems.append(Problem("refoulement", row, cid, "cat_action_disregarded", None, f"required when cat_action is {action!r}"))
        ids = frame.at[index, "person_ids"]
        n = frame.at[index, "n_persons"]
        if pd.isna(n):
            continue  # reported already as a required value
        if isinstance(ids, list) and ids and all(kinds.get(i) == "individual" for i in ids) and n != len(ids):
            problems.append(
                Problem("refoulement", row, cid, "n_persons", n, f"{len(ids)} individual(s) listed in person_ids")
            )
    return problems


def check_counts(frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for index in frame.index:
        if not pd.isna(frame.at[index, "value"]) and pd.isna(frame.at[index, "qualifier"]):
            problems.append(
                Problem(
                    "counts",
                    int(frame.at[index, "_row"]),
                    frame.at[index, "count_id"],
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
    person = dict(zip(frame["act_id"], frame["person_id"]))
    kinds = {} if people is None else dict(zip(people["person_id"], people["kind"]))
    for index in frame.index:
        row = int(frame.at[index, "_row"])
        act, restated = frame.at[index, "act_id"], frame.at[index, "restates"]
        own = frame.at[index, "person_id"]
        for other in restated:
            same = other in person and person[other] == own
            if other == act or (other in person and not same and kinds.get(own) != "group"):
                problems.append(Problem("acts", row, act, "restates", other, "must be another act of the same person or group"))
        if restated and "scope" in frame.columns and frame.at[index, "scope"] != "summary":
            problems.append(
                Problem("acts", row, act, "scope", frame.at[index, "scope"], "a record that restates others must have scope 'summary'")
            )
    if events is not None and "event_id" in frame.columns:
        day = events[events["date_precision"] == "day"].set_index("event_id")["date_text"]
        for index in frame.index:
            event = frame.at[index, "event_id"]
            if pd.isna(event) or event not in day.index or pd.isna(frame.at[index, "quote"]):
                continue
            phrase = normalise_whitespace(str(day[event])).removeprefix("On ").removeprefix("on ")
            if phrase not in normalise_whitespace(frame.at[index, "quote"]):
                problems.append(
                    Problem(
                        "acts",
                        int(frame.at[index, "_row"]),
                        frame.at[index, "act_id"],
                        "event_id",
                        event,
                        f"a single-day occasion ({day[event]!r}) that the act's quote does not state; leave event_id empty or use an event spanning the period",
                    )
                )
    return problems


def check_nationality(frame: pd.DataFrame, sources: dict[str, SourceText]) -> list[Problem]:
    """``refoulement.nationality`` is as stated: anything but 'not stated' needs a
    ``nationality_quote`` on the record's page that contains the nationality."""
    problems = []
    for index in frame.index:
        row, case = int(frame.at[index, "_row"]), frame.at[index, "case_id"]
        nationality, quote = frame.at[index, "nationality"], frame.at[index, "nationality_quote"]
        if pd.isna(nationality) or nationality == "not stated":
            if not pd.isna(quote):
                problems.append(Problem("refoulement", row, case, "nationality_quote", _clip(quote), "given although nationality is 'not stated'"))
            continue
        if pd.isna(quote):
            problems.append(
                Problem("refoulement", row, case, "nationality", nationality, "needs a nationality_quote stating it, or 'not stated' (never inferred)")
            )
            continue
        if nationality.lower() not in quote.lower():
            problems.append(Problem("refoulement", row, case, "nationality_quote", _clip(quote), f"does not state the nationality {nationality!r}"))
        source, page = sources.get(frame.at[index, "source_id"]), frame.at[index, "page"]
        if source is not None and not pd.isna(page) and source.find_quote(quote, page=int(page)) is None:
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
    from .schema import CLAIM_TARGETS

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
