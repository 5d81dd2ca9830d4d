"""Notebook parameters: what each notebook accepts, and the check it runs first.

papermill injects parameters without checking them: an unknown name is ignored
and a misspelt value flows on. So each notebook's first call after its
``parameters`` cell is :func:`check_params`, which raises a ``ValueError``
naming the parameter, the bad value and the allowed values, and returns the
values normalised (dates as Timestamps, people as ids).

The specs here must agree with each notebook's ``parameters`` cell (names,
defaults); a test reads the notebooks with ``papermill.inspect_notebook``
and compares.

>>> from cat_kz.publish.params import check_params
>>> check_params("02_abuse_methods", unit="acts")["unit"]
'acts'
>>> check_params("02_abuse_methods", unit="victims")
Traceback (most recent call last):
...
ValueError: 02_abuse_methods: parameter unit = 'victims' is not allowed; allowed values: 'persons', 'acts'
"""

from __future__ import annotations

import ast
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from cat_kz.dataset.load import Dataset, load_dataset
from cat_kz.dataset.people import resolve_people
from cat_kz.errors import UnknownPerson
from cat_kz.model.schema import EVENT_CATEGORIES, LEVELS, allowed_values

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A person id or group id as in data/people.csv (never a name: ids carry none).
_PERSON_ID = re.compile(r"[A-Za-z]{1,2}\d{1,4}")


@dataclass(frozen=True)
class Param:
    """One notebook parameter."""

    name: str
    kind: str  # "str", "date", "bool", "choice" (one of), "list" (several of)
    default: object
    help: str
    choices: tuple[str, ...] | Callable[[Dataset], Sequence[str]] | None = None
    #: accepted but never listed in an error (a person's name: errors may reach redacted outputs)
    unlisted: Callable[[Dataset], Sequence[str]] | None = None

    def allowed(self, dataset: Dataset) -> tuple[str, ...]:
        if callable(self.choices):
            return tuple(self.choices(dataset))
        return tuple(self.choices or ())


def _person_ids(dataset: Dataset) -> list[str]:
    return list(dataset.people["person_id"])


def _person_names(dataset: Dataset) -> list[str]:
    return list(dataset.people["name"])


def _method_categories(dataset: Dataset) -> list[str]:
    return sorted(set(dataset.acts["method_category"].astype(str)))


def _destinations(dataset: Dataset) -> list[str]:
    return sorted(dataset.refoulement["destination"].unique())


_REDACT = Param("redact", "choice", "none", "hide names: none, minors, victims (everyone but officials) or all", LEVELS)
_OUTPUT = Param("output_dir", "str", "figures", "folder for figures and tables (relative to the project root)")
_FROM = Param("date_from", "date", "2008-01-01", "first day shown, YYYY-MM-DD")
_TO = Param("date_to", "date", "2014-12-31", "last day shown, YYYY-MM-DD")

SPECS: dict[str, tuple[Param, ...]] = {
    "00_overview": (_REDACT, _OUTPUT),
    "01_timeline": (
        _FROM,
        _TO,
        Param("categories", "list", [], "event category codes to show; [] = all", tuple(EVENT_CATEGORIES)),
        Param("people", "list", [], "person ids or names; [] = everyone", _person_ids, unlisted=_person_names),
        Param("labels", "bool", True, "label events on the chart"),
        _REDACT,
        _OUTPUT,
    ),
    "02_abuse_methods": (
        Param("unit", "choice", "persons", "count distinct persons or groups, or acts", ("persons", "acts")),
        Param("level", "choice", "category", "tally method categories or single methods", ("category", "method")),
        Param("include_safeguards", "bool", False, "also count procedural safeguards violated"),
        Param("include_groups", "bool", True, "also count groups (each group once)"),
        Param(
            "scope",
            "choice",
            "case",
            "which records to count, one scope at a time: case allegations, summaries of other records, or general findings",
            ("case", "summary", "general"),
        ),
        Param(
            "include_unclear",
            "bool",
            False,
            "also tally acts the surviving text does not establish (listed apart otherwise)",
        ),
        _REDACT,
        _OUTPUT,
    ),
    "03_refoulement": (
        Param("destinations", "list", [], "countries returned to; [] = all", _destinations),
        _FROM,
        _TO,
        _REDACT,
        _OUTPUT,
    ),
    "05_data_quality": (_REDACT, _OUTPUT),
    "06_corroboration": (_REDACT, _OUTPUT),
    "04_explorer": (
        _FROM,
        _TO,
        Param("method_categories", "list", [], "method categories selected at the start; [] = all", _method_categories),
        _REDACT,
    ),
}


def _person_ids_of(notebook: str, name: str, items: Sequence[object], dataset: Dataset) -> list[str]:
    """Each item as a person id; an unknown spelling is refused without repeating it
    (it may be a name, and the error reaches the notebook's outputs)."""
    try:
        return resolve_people(items, dataset.people)
    except UnknownPerson as error:
        raise ValueError(f"{notebook}: parameter {name}, {error}") from None


def _fail(notebook: str, name: str, value: object, message: str) -> ValueError:
    return ValueError(f"{notebook}: parameter {name} = {value!r} {message}")


def _date(notebook: str, name: str, value: object) -> pd.Timestamp:
    """A date given as YYYY-MM-DD text or as a date (an unquoted YAML date); NaN, NaT,
    numbers and anything else are refused."""
    if isinstance(value, (datetime.date, pd.Timestamp)) and not pd.isna(value):
        if not isinstance(value, datetime.datetime) or value == pd.Timestamp(value).normalize():
            return pd.Timestamp(value).normalize()
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return pd.Timestamp(pd.to_datetime(value.strip(), format="%Y-%m-%d"))
        except (ValueError, TypeError):
            pass
    raise _fail(notebook, name, value, "is not a date; use YYYY-MM-DD, e.g. '2012-04-10'")


def _refuse_names_under_redaction(notebook: str, values: dict[str, object]) -> None:
    """Under redaction, ``people`` takes person ids only: whatever is typed stays in the
    notebook papermill writes (its injected parameters cell and metadata), so a name
    there would sit in a redacted output. Refused without repeating it."""
    redact = values.get("redact", "none")
    if redact == "none" or "people" not in values:
        return
    people = values["people"]
    items = [people] if isinstance(people, str) else people
    if not isinstance(items, (list, tuple)):
        return  # refused as "must be a list" by the check of its kind
    for position, item in enumerate(items, 1):
        if not (isinstance(item, str) and _PERSON_ID.fullmatch(item.strip())):
            raise ValueError(
                f"{notebook}: parameter people, item {position}: under redaction (redact = {redact!r}) give person "
                "ids (p01 ...), not names: what is typed here stays in the executed notebook's parameters cell"
            )


def _check_one(notebook: str, param: Param, value: object, dataset: Dataset) -> object:
    name = param.name
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise _fail(notebook, name, value, "is not allowed; allowed values: True, False")
        return value
    if param.kind == "str":
        if not isinstance(value, str) or not value:
            raise _fail(notebook, name, value, "must be a non-empty string")
        return value
    if param.kind == "date":
        return _date(notebook, name, value)
    allowed = param.allowed(dataset)
    if param.kind == "choice":
        if value not in allowed:
            raise _fail(notebook, name, value, "is not allowed" + allowed_values(value, allowed))
        return value
    if param.kind == "list":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise _fail(notebook, name, value, "must be a list, e.g. ['a', 'b']")
        if param.unlisted is _person_names:
            return _person_ids_of(notebook, name, items, dataset)
        hidden = tuple(param.unlisted(dataset)) if param.unlisted else ()
        for item in items:
            if item not in allowed and item not in hidden:
                extra = " (or a name as spelled in data/people.csv)" if hidden else ""
                raise _fail(notebook, name, item, "is not allowed" + allowed_values(item, allowed) + extra)
        return list(items)
    raise AssertionError(param.kind)


#: The first line of the cell papermill adds after a notebook's ``parameters`` cell.
INJECTED_MARKER = "# Parameters"


def injected_names(history: Sequence[str] | None = None) -> list[str]:
    """Names set by papermill's injected-parameters cell, in the order given.

    papermill warns about a name the notebook does not declare and injects it
    anyway, so the cell it ran (kept in the kernel's input history) tells what
    was passed. ``history`` defaults to this IPython session's inputs; outside
    IPython there are none.

    >>> injected_names(["import cat_kz", "# Parameters\\nunti = 'acts'\\nlevel = 'method'"])
    ['unti', 'level']
    """
    if history is None:
        try:
            from IPython import get_ipython  # heavy: IPython, only inside a notebook's kernel
        except ImportError:  # pragma: no cover - IPython is a dependency
            return []
        shell = get_ipython()
        history = shell.user_ns.get("In", []) if shell is not None else []
    cells = [cell for cell in history if isinstance(cell, str) and cell.lstrip().startswith(INJECTED_MARKER)]
    if not cells:
        return []
    try:
        tree = ast.parse(cells[-1])
    except SyntaxError:
        return []
    return [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


def check_params(notebook: str, dataset: Dataset | None = None, **values: object) -> dict[str, object]:
    """Check one notebook's parameters; return them normalised, defaults filled in.

    Raises ``ValueError`` naming the parameter, the bad value and what is allowed,
    and for a name the notebook does not declare, whether passed here or injected
    by papermill (``papermill ... -p unti acts``), naming the declared ones.

    >>> check_params("02_abuse_methods", unti="acts")
    Traceback (most recent call last):
    ...
    ValueError: 02_abuse_methods: unknown parameter(s) unti; declared: unit, level, include_safeguards, include_groups, scope, include_unclear, redact, output_dir
    """
    if notebook not in SPECS:
        raise ValueError(f"no notebook {notebook!r}; notebooks are {', '.join(SPECS)}")
    specs = {param.name: param for param in SPECS[notebook]}
    unknown = [name for name in values if name not in specs]
    unknown += [name for name in injected_names() if name not in specs and name not in unknown]
    if unknown:
        raise ValueError(f"{notebook}: unknown parameter(s) {', '.join(unknown)}; declared: {', '.join(specs)}")
    _refuse_names_under_redaction(notebook, values)
    dataset = dataset or load_dataset()
    checked = {}
    for name, param in specs.items():
        value = values.get(name, param.default)
        checked[name] = _check_one(notebook, param, value, dataset)
    if "date_from" in checked and checked["date_from"] > checked["date_to"]:
        raise ValueError(
            f"{notebook}: parameter date_from = {values.get('date_from', _FROM.default)!r} is after "
            f"date_to = {values.get('date_to', _TO.default)!r}"
        )
    return checked
