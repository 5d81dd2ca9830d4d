"""cat_kz: evidence tables from Human Rights Watch's October 2014 submission to
the UN Committee against Torture on Kazakhstan.

Every record is tied to a verbatim quote and page of the source, and every
load checks that it still is.

>>> import cat_kz
>>> tally = cat_kz.load_acts().groupby("method_category", observed=True).size()
>>> int(tally["asphyxiation"]) > 0
True

``import cat_kz`` is quick: the loaders and the data errors come with it,
while the explorer (matplotlib, ipywidgets), the parameter checks and the
``edtf`` grammar (needed only for dates outside the forms the data uses) are
imported on first use (PEP 562 module ``__getattr__``). Every name in
``__all__`` is reachable as ``cat_kz.<name>`` either way.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cat_kz.dataset.load import (
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
from cat_kz.errors import DataError, Problem

if TYPE_CHECKING:  # for type checkers and IDEs; at run time these come from __getattr__
    from cat_kz.errors import EDTFError
    from cat_kz.model.dates import DateBounds, parse_edtf
    from cat_kz.publish.params import check_params
    from cat_kz.show.explore import explore

from cat_kz._version import __version__

# name -> submodule that defines it, imported on first access
_LAZY = {
    "DateBounds": "model.dates",
    "EDTFError": "model.dates",
    "parse_edtf": "model.dates",
    "explore": "show.explore",
    "check_params": "publish.params",
}

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


def __getattr__(name: str) -> Any:
    """Import a lazily exported name on first use (PEP 562).

    >>> import cat_kz
    >>> cat_kz.parse_edtf("2010-39").precision
    'part of year'
    """
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cat_kz' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
