"""Evidence rules from the third audit (issue 22), run on every load after the table checks.

- a ``summary`` act names the acts it restates (``restates`` not empty);
- an event whose ``place`` its quote does not state says the place is inferred
  ("Place from context" in ``notes``);
- a group that stands beside one of its possible members (a ``case`` act of an individual on
  the same occasion, ``event_id`` or else ``allegation_event_id``) is defined without them:
  its ``name`` or ``description`` says "other", "without" or "not including";
- a claim's hand-set ``relation`` is the one computed from the figures or dates
  (:mod:`cat_kz.model.relations`) unless ``relation_reason`` says why not; ``narrower`` always
  needs its reason (which part the claim counts);
- no text cell holds a bidi control, a BOM or a line separator, and each date
  text agrees with its EDTF (:mod:`cat_kz.dataset.text_checks`).

>>> import pandas as pd
>>> acts = pd.DataFrame({"act_id": ["act-1"], "scope": ["summary"], "restates": [[]], "_row": [1]})
>>> [p.message for p in check_summaries(acts)]
['a summary must name the acts it restates (or be a case)']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from cat_kz.dataset.text_checks import check_date_phrases, check_text_characters
from cat_kz.errors import Problem
from cat_kz.model.relations import computed_relations
from cat_kz.model.sources import normalise_whitespace

#: Words by which a group's name or description says it leaves a member out.
EXCLUDING = ("other", "without", "not including")


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or value == "" or value == []


def check_summaries(acts: pd.DataFrame) -> list[Problem]:
    """A summary names what it restates."""
    out = []
    for act in acts.to_dict("records"):
        if act.get("scope") == "summary" and _empty(act.get("restates")):
            message = "a summary must name the acts it restates (or be a case)"
            out.append(Problem("acts", int(act["_row"]), act["act_id"], "restates", None, message))
    return out


def check_inferred_places(events: pd.DataFrame) -> list[Problem]:
    """An event's place that its quote does not state is marked "from context" in its notes."""
    out = []
    for event in events.to_dict("records"):
        place, quote, notes = event.get("place"), event.get("quote"), event.get("notes")
        if _empty(place) or _empty(quote) or str(place) in normalise_whitespace(str(quote)):
            continue
        if _empty(notes) or "place from context" not in str(notes).lower():
            message = (
                "the quote does not state this place: say in notes that it is inferred ('Place from context: ...')"
            )
            out.append(Problem("events", int(event["_row"]), event["event_id"], "place", place, message))
    return out


def check_groups_beside_members(acts: pd.DataFrame, people: pd.DataFrame) -> list[Problem]:
    """A group with a case act on the same occasion as an individual's is defined without them."""
    kinds = dict(zip(people["person_id"], people["kind"].astype(str)))
    cases = acts[acts["scope"] == "case"]
    occasion = cases["event_id"].where(cases["event_id"].notna(), cases["allegation_event_id"])
    individuals: dict[str, set[str]] = {}
    for person, event in zip(cases["person_id"], occasion):
        if kinds.get(person) == "individual" and not _empty(event):
            individuals.setdefault(event, set()).add(person)
    out, seen = [], set()
    for person, event in zip(cases["person_id"], occasion):
        beside = individuals.get(event, set()) if kinds.get(person) == "group" and not _empty(event) else set()
        if not beside or person in seen:
            continue
        seen.add(person)
        row = people[people["person_id"] == person].iloc[0]
        words = f"{row['name']} {'' if _empty(row.get('description')) else row['description']}".lower()
        if not any(word in words for word in EXCLUDING):
            message = (
                f"a group with acts on the occasion {event!r} beside {', '.join(sorted(beside))}: define it without them "
                "(name or description says 'other', 'without' or 'not including')"
            )
            out.append(Problem("people", int(row["_row"]), person, "description", row.get("description"), message))
    return out


def check_claim_relations(tables: Mapping[str, pd.DataFrame], reported: Iterable[Problem] = ()) -> list[Problem]:
    """A hand-set relation agrees with the computed one, or says why not; ``narrower`` says which part."""
    claims = tables["claims"]
    seen = {(p.table, p.row, p.column) for p in reported}
    computed = computed_relations(claims, tables)
    out = []
    reasons = claims["relation_reason"] if "relation_reason" in claims.columns else pd.Series([None] * len(claims))
    for (_, claim), reason, rel in zip(claims.iterrows(), reasons, computed):
        row, hand = int(claim["_row"]), claim["relation"]
        if ("claims", row, "relation") in seen or _empty(hand) or not _empty(reason):
            continue
        if hand == "narrower":
            message = "narrower needs relation_reason: which part of the record's count the claim counts"
        elif rel is not None and rel != hand:
            message = f"the figures or dates say {rel!r}: set relation to it, or say in relation_reason why not"
        else:
            continue
        out.append(Problem("claims", row, claim["claim_id"], "relation", hand, message))
    return out


def check_evidence(tables: Mapping[str, pd.DataFrame], reported: Iterable[Problem] = ()) -> list[Problem]:
    """Every rule of this module, on the typed tables of one load."""
    return [
        *check_summaries(tables["acts"]),
        *check_inferred_places(tables["events"]),
        *check_groups_beside_members(tables["acts"], tables["people"]),
        *check_claim_relations(tables, reported),
        *check_text_characters(tables),
        *check_date_phrases(tables),
    ]
