"""Agreement of other sources' figures and dates with the submission's, computed from the numbers.

The rule itself (:func:`relation`, :func:`date_relation`, :func:`bounds`) lives in
:mod:`cat_kz.model.relations` so that validation applies it too; this module applies it to a
loaded dataset. A claim's relation is the computed one wherever its figure or date can be
compared with its record's; a hand-set ``relation`` stands only where the numbers cannot decide
(a statement, an attribute that is not compared) or where ``relation_reason`` says why.

>>> relation(29, "exact", 28, "at least")
'consistent'
>>> import cat_kz
>>> rel = claim_relations(cat_kz.load_dataset())
>>> rel["cl-31"], rel["cl-19"], rel["cl-03"]
('consistent', 'narrower', 'differs')
"""

from __future__ import annotations

import pandas as pd

from cat_kz.dataset.load import Dataset
from cat_kz.model.relations import QUALIFIERS, bounds, computed_relations, date_relation, effective_relations, relation

__all__ = ["QUALIFIERS", "bounds", "claim_relations", "computed_relations", "date_relation", "relation"]


def claim_relations(dataset: Dataset) -> pd.Series:
    """Claim id -> the relation it is shown and counted with (empty where no record is linked)."""
    claims = dataset.claims
    return pd.Series(effective_relations(claims, dataset), index=claims["claim_id"].tolist(), dtype=object)
