"""The relation of another source's figure or date to the submission's, computed from the numbers."""

from __future__ import annotations

import datetime as dt

import pytest

import cat_kz
from cat_kz.analysis import corroboration
from cat_kz.analysis.agreement import claim_relations, date_relation, relation

PAIRS = [
    # claim number, qualifier, record number, qualifier, relation
    (37, "exact", 37, "exact", "agrees"),
    (28, "at least", 28, "at least", "agrees"),
    (10, "at most", 10, "at most", "agrees"),
    (100, "approximate", 100, "about", "agrees"),  # the data's word and the rule's mean the same
    (29, "exact", 28, "at least", "consistent"),
    (28, "exact", 28, "at least", "consistent"),  # compatible, not the same statement
    (11, "at least", 12, "exact", "consistent"),
    (8, "exact", 10, "at most", "consistent"),
    (95, "about", 100, "exact", "consistent"),  # about 95 allows 85 to 105
    (80, "about", 100, "exact", "differs"),
    (15, "at least", 12, "exact", "differs"),
    (11, "exact", 12, "exact", "differs"),
    (27, "exact", 28, "at least", "differs"),
    (12, "at most", 13, "at least", "differs"),
    (70, "at least", None, "approximate", "adds"),  # the record's figure is 'dozens': no number
]


@pytest.mark.parametrize("claim, cq, record, rq, expected", PAIRS)
def test_relation_of_constructed_pairs(claim, cq, record, rq, expected):
    assert relation(claim, cq, record, rq) == expected


def test_ranges():
    assert relation(3, "range", 3, "range", claim_high=5, record_high=5) == "agrees"
    assert relation(4, "range", 3, "range", claim_high=9, record_high=5) == "consistent"
    assert relation(6, "range", 3, "range", claim_high=9, record_high=5) == "differs"
    assert relation(4, "exact", 3, "range", record_high=5) == "consistent"
    with pytest.raises(ValueError, match="high end"):
        relation(4, "range", 3, "exact")


def test_narrower_only_when_the_claim_counts_a_part():
    assert relation(7, "exact", 13, "exact") == "differs"  # the numbers alone
    assert relation(7, "exact", 13, "exact", part=True) == "narrower"
    assert relation(7, "exact", 13, "at least", part=True) == "narrower"
    assert relation(20, "exact", 13, "exact", part=True) == "differs"  # a part larger than the whole


def test_unknown_qualifier_and_missing_claim_number_are_refused():
    with pytest.raises(ValueError, match="unknown qualifier"):
        relation(1, "roughly", 1, "exact")
    with pytest.raises(ValueError, match="without a number"):
        relation(None, "exact", 1, "exact")


def test_dates():
    d = dt.date
    assert date_relation(d(2013, 2, 28), d(2013, 2, 28), d(2013, 2, 28), d(2013, 2, 28)) == "agrees"
    assert date_relation(d(2008, 1, 1), d(2008, 12, 31), d(2008, 10, 1), d(2008, 10, 31)) == "consistent"
    assert date_relation(d(2012, 4, 16), d(2012, 4, 16), d(2012, 4, 17), d(2012, 4, 17)) == "differs"


def test_the_audits_claims():
    relations = claim_relations(cat_kz.load_dataset())
    assert relations["cl-31"] == relations["cl-34"] == "consistent"  # 29 extradited vs at least 28
    assert relations["cl-19"] == "narrower"  # Amnesty's seven vs 13 imprisoned: not differs
    assert relations["cl-03"] == "differs" and relations["cl-14"] == "agrees"
    assert relations["cl-10"] == "adds"  # 'dozens' has no number
    assert relations["cl-28"] is None  # no record


def test_one_count_of_disagreements_everywhere():
    from cat_kz.publish import keyfacts

    ds = cat_kz.load_dataset()
    counts = corroboration.agreement_counts(ds)
    marks = keyfacts.corroboration_marks(ds)
    assert counts["differs"] == sum(v == "differs" for v in marks.values())
    assert counts["differs"] == corroboration.discrepancies(ds)["record_id"].nunique()
    facts = corroboration.facts_table(ds).set_index("record_id")
    assert facts.at["rf-2011-06-09-uzbekistan", "status"] == "consistent"
    assert facts.at["cnt-04", "status"] == "consistent"  # 13 agree; Amnesty's seven is narrower


def test_publisher_dates_in_words():
    published = set(corroboration.sources_table(cat_kz.load_dataset())["published"])
    assert "December 2011 (uncertain)" in published
    assert not [p for p in published if "?" in p or "~" in p]
