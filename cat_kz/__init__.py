"""cat_kz: evidence tables from Human Rights Watch's October 2014 submission to
the UN Committee against Torture on Kazakhstan.

Every record is tied to a verbatim quote and page of the source, and every
load checks that it still is.

>>> import cat_kz
>>> tally = cat_kz.load_acts().groupby("method_category", observed=True).size()
>>> int(tally["asphyxiation"]) > 0
True
"""

from .dates import DateBounds, EDTFError, parse_edtf
from .loading import (
    Dataset,
    clear_cache,
    load_acts,
    load_articles,
    load_claims,
    load_counts,
    load_dataset,
    load_events,
    load_external_sources,
    load_findings,
    load_methods,
    load_people,
    load_recommendations,
    load_refoulement,
    load_source_text,
    load_sources,
)
from .explore import explore
from .params import check_params
from .validation import DataError, Problem

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Dataset",
    "DateBounds",
    "EDTFError",
    "Problem",
    "check_params",
    "clear_cache",
    "explore",
    "load_acts",
    "load_articles",
    "load_claims",
    "load_counts",
    "load_dataset",
    "load_events",
    "load_external_sources",
    "load_findings",
    "load_methods",
    "load_people",
    "load_recommendations",
    "load_refoulement",
    "load_source_text",
    "load_sources",
    "parse_edtf",
]
