"""Tallies of alleged methods: by category or method, in persons or acts.

These count *allegations in one source*, not the prevalence of torture.

The counting unit is always explicit:

``persons``  distinct persons or groups alleging a method; a group (e.g. "at
             least two others") counts once and is marked as a group.
``acts``     act records.

Which records are counted (docs/counting.md explains each rule):

- **scope**: only one scope is counted at a time, ``case`` by default (an
  allegation of an identified person or group). Summaries (records that restate
  others) and general findings (the UN special rapporteur's country-wide
  finding) are shown apart with ``scope="summary"`` or ``scope="general"``,
  never added into the count of cases they summarise or stand beside.
- **certainty**: acts the surviving text does not establish (``unclear``) are
  listed by :func:`records_apart`, not tallied, unless ``include_unclear=True``.
- Procedural safeguards (e.g. questioning a minor without a parent) are not
  torture methods and are left out unless ``include_safeguards=True``.

>>> import cat_kz
>>> from cat_kz.analysis.tallies import tally_methods
>>> t = tally_methods(cat_kz.load_acts(), unit="persons", level="category")
>>> t.loc[t["key"] == "asphyxiation", ["n", "unit"]].values.tolist()
[[5, 'persons']]
"""

from __future__ import annotations

import pandas as pd

from cat_kz.model.schema import METHOD_CATEGORIES, SCOPES, check_choice

UNITS = ("persons", "acts")
LEVELS = ("category", "method")
UNIT_AXIS_LABEL = {
    "persons": "Persons or groups alleging (each counted once)",
    "acts": "Alleged acts (records)",
}
#: what one counted record is, by scope: the heading words of every tally
SCOPE_NOUN = {
    "case": "case allegations",
    "summary": "summaries of other records",
    "general": "general findings (not cases)",
}


def select_acts(
    acts: pd.DataFrame,
    *,
    unit: str = "persons",
    include_safeguards: bool = False,
    include_groups: bool = True,
    scope: str = "case",
    include_unclear: bool = False,
) -> pd.DataFrame:
    """The act records a tally counts: one scope, stated acts, and the safeguards and groups switches.

    >>> import cat_kz
    >>> acts = cat_kz.load_acts()
    >>> chosen = select_acts(acts)
    >>> set(chosen["scope"]), set(chosen["certainty"])
    ({'case'}, {'stated'})
    """
    check_choice("unit", unit, UNITS)
    check_choice("scope", scope, tuple(SCOPES))
    keep = acts["scope"] == scope
    if not include_unclear:
        keep &= acts["certainty"] == "stated"
    if not include_safeguards:
        keep &= acts["method_category"] != "safeguards"
    if not include_groups:
        keep &= acts["person_kind"] != "group"
    return acts[keep]


def records_apart(acts: pd.DataFrame, *, scope: str = "case", include_unclear: bool = False) -> pd.DataFrame:
    """The records a tally of ``scope`` does not count, each with why, page and quote.

    One row per record: ``why`` is "summary", "general finding" or "unclear";
    ``restates`` names the records a summary restates. Nothing is dropped
    silently: a tally plus these rows accounts for every act record (apart from
    the safeguards and groups switches, which :func:`tally_summary` reports).

    >>> import cat_kz
    >>> apart = records_apart(cat_kz.load_acts())
    >>> sorted(apart["why"].unique())
    ['general finding', 'summary', 'unclear']
    """
    check_choice("scope", scope, tuple(SCOPES))
    other_scope = acts["scope"] != scope
    unclear = (acts["certainty"] == "unclear") & ~other_scope & (not include_unclear)
    chosen = acts[other_scope | unclear]
    why = chosen["scope"].astype(str).map({"summary": "summary", "general": "general finding", "case": "case"})
    why = why.where(chosen["scope"] != scope, "unclear")
    table = pd.DataFrame(
        {
            "why": why.astype("string"),
            "person": person_label(chosen),
            "method": chosen["method_label"],
            "category": chosen["method_category"].map(METHOD_CATEGORIES).astype("string"),
            "restates": chosen["restates"].map(lambda ids: ", ".join(ids)).astype("string"),
            "page": chosen["page"],
            "quote": chosen["quote"],
            "notes": chosen["notes"],
            "act_id": chosen["act_id"],
        }
    )
    return table.sort_values(["why", "page", "act_id"], ignore_index=True)


def describe_apart(apart: pd.DataFrame) -> str:
    """One sentence on what :func:`records_apart` holds, with plurals a reader expects.

    >>> import cat_kz
    >>> describe_apart(records_apart(cat_kz.load_acts()))
    '19 records not counted in the tally: 6 general findings, 11 summaries, 2 unclear acts.'
    """
    words = {
        "general finding": ("general finding", "general findings"),
        "summary": ("summary", "summaries"),
        "unclear": ("unclear act", "unclear acts"),
        "case": ("case allegation", "case allegations"),
    }
    parts = [f"{n} {words[why][int(n != 1)]}" for why, n in apart["why"].value_counts().sort_index().items()]
    return (
        f"{len(apart)} record{'s' if len(apart) != 1 else ''} not counted in the tally"
        + (": " + ", ".join(parts) if parts else "")
        + "."
    )


def tally_methods(
    acts: pd.DataFrame,
    *,
    unit: str = "persons",
    level: str = "category",
    include_safeguards: bool = False,
    include_groups: bool = True,
    scope: str = "case",
    include_unclear: bool = False,
) -> pd.DataFrame:
    """One row per method category (or method): ``key, label, n, n_groups, unit, scope, pages``.

    ``n`` counts ``unit`` among the records of one ``scope`` (see
    :func:`select_acts`); ``n_groups`` says how many of them are groups (for
    acts: acts suffered by groups). Sorted by ``n`` descending, then label.
    """
    check_choice("level", level, LEVELS)
    chosen = select_acts(
        acts,
        unit=unit,
        include_safeguards=include_safeguards,
        include_groups=include_groups,
        scope=scope,
        include_unclear=include_unclear,
    )
    key = "method_category" if level == "category" else "method_code"
    rows = []
    for value, group in chosen.groupby(key, observed=True, sort=False):
        if unit == "persons":
            people = group.drop_duplicates("person_id")
            n, n_groups = len(people), int((people["person_kind"] == "group").sum())
        else:
            n, n_groups = len(group), int((group["person_kind"] == "group").sum())
        label = METHOD_CATEGORIES[value] if level == "category" else group["method_label"].iloc[0]
        rows.append(
            {
                "key": str(value),
                "label": label,
                "category": str(group["method_category"].iloc[0]),
                "n": n,
                "n_groups": n_groups,
                "unit": unit,
                "scope": scope,
                "pages": sorted(int(p) for p in group["page"].unique()),
            }
        )
    columns = ["key", "label", "category", "n", "n_groups", "unit", "scope", "pages"]
    table = pd.DataFrame(rows, columns=columns)
    if level == "category":
        table = table.drop(columns="category")
    return table.sort_values(["n", "label"], ascending=[False, True], ignore_index=True)


def tally_summary(
    acts: pd.DataFrame,
    tally: pd.DataFrame,
    *,
    unit: str = "persons",
    include_safeguards: bool = False,
    include_groups: bool = True,
    scope: str = "case",
    include_unclear: bool = False,
) -> str:
    """Say in words what a tally counted and what it left out, so nothing is dropped silently.

    Each rule's count is of the acts still in play after the rules before it, so
    the numbers add up: all acts = counted acts + the acts each rule left out.
    """
    check_choice("unit", unit, UNITS)
    check_choice("scope", scope, tuple(SCOPES))
    remaining = acts
    left_out = []
    others = [s for s in SCOPES if s != scope]
    steps = [(lambda frame, s=s: frame["scope"] == s, SCOPE_NOUN[s].split(" (")[0] + " shown apart") for s in others]
    if not include_unclear:
        steps.append(
            (
                lambda frame: frame["certainty"] == "unclear",
                "unclear act{s} listed apart with the quote",
            )
        )
    if not include_safeguards:
        steps.append(
            (
                lambda frame: frame["method_category"] == "safeguards",
                "safeguard violation{s} (procedural safeguards, not methods of ill-treatment)",
            )
        )
    if not include_groups:
        steps.append((lambda frame: frame["person_kind"] == "group", "act{s} against groups"))
    for matches, label in steps:
        dropped = matches(remaining)
        n = int(dropped.sum())
        if n:
            left_out.append(f"{n} " + label.format(s="" if n == 1 else "s"))
        remaining = remaining[~dropped]
    counted = remaining["person_id"].nunique() if unit == "persons" else len(remaining)
    what = "persons or groups" if unit == "persons" else "alleged acts"
    text = (
        f"The data hold {len(acts)} act records by {acts['person_id'].nunique()} persons or groups. "
        f"This tally counts {counted} {what} in {SCOPE_NOUN[scope]} across {len(tally)} rows"
        + (" (one alleging methods in several rows is counted in each)" if unit == "persons" else "")
    )
    return text + (f"; not counted: {'; '.join(left_out)}." if left_out else "; nothing left out.")


def person_label(acts: pd.DataFrame) -> pd.Series:
    """The person's name, with '(group)' after group descriptions."""
    return acts["person_name"].where(acts["person_kind"] != "group", acts["person_name"] + " (group)")


def person_category_matrix(
    acts: pd.DataFrame,
    *,
    include_safeguards: bool = False,
    include_groups: bool = True,
    scope: str = "case",
    include_unclear: bool = False,
) -> pd.DataFrame:
    """Persons (rows) x method categories (columns): number of alleged acts.

    Counts the records of one ``scope`` (case allegations by default), stated
    acts only unless ``include_unclear``; rows are ordered by total, then name;
    columns keep the taxonomy's order.
    """
    chosen = select_acts(
        acts,
        unit="acts",
        include_safeguards=include_safeguards,
        include_groups=include_groups,
        scope=scope,
        include_unclear=include_unclear,
    )
    labels = person_label(chosen)
    matrix = pd.crosstab(labels, chosen["method_category"].astype(str))
    order = [c for c in METHOD_CATEGORIES if c in matrix.columns]
    matrix = matrix[order]
    matrix = matrix.loc[sorted(matrix.index, key=lambda name: (-matrix.loc[name].sum(), name))]
    matrix.columns = [METHOD_CATEGORIES[c] for c in matrix.columns]
    matrix.index.name = "person or group"
    matrix.columns.name = "method category"
    matrix.attrs["pages"] = sorted(int(p) for p in chosen["page"].unique())
    return matrix


def per_person_table(
    acts: pd.DataFrame, *, include_safeguards: bool = True, include_groups: bool = True, scope: str = "case"
) -> pd.DataFrame:
    """Who alleged what: person, method, category, certainty, who alleges it, page and quote.

    Lists every record of ``scope``, unclear ones too (their ``certainty`` says so).
    """
    chosen = select_acts(
        acts,
        unit="persons",
        include_safeguards=include_safeguards,
        include_groups=include_groups,
        scope=scope,
        include_unclear=True,
    )
    table = pd.DataFrame(
        {
            "person": person_label(chosen),
            "method": chosen["method_label"],
            "category": chosen["method_category"].map(METHOD_CATEGORIES).astype("string"),
            "certainty": chosen["certainty"].astype("string"),
            "alleged_by": chosen["alleged_by"].astype("string"),
            "page": chosen["page"],
            "quote": chosen["quote"],
            "act_id": chosen["act_id"],
        }
    )
    return table.sort_values(["person", "page", "act_id"], ignore_index=True)


__all__ = [
    "per_person_table",
    "person_category_matrix",
    "describe_apart",
    "records_apart",
    "select_acts",
    "tally_methods",
    "tally_summary",
]
