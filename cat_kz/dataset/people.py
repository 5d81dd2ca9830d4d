"""A person named by a user (a parameter, a filter): any spelling becomes an id.

People are named on command lines and in parameters files in many ways: the
surname alone, the given name, in capitals, without accents, in Cyrillic, in
another transliteration. :func:`resolve_person` turns each into the person id,
using the same spellings :class:`cat_kz.dataset.redaction.Redactor` hides, or refuses
it with an error that never repeats the value: a misspelt name must not reach a
parameters cell, papermill's metadata, a traceback or a log.

>>> import cat_kz
>>> resolve_person("tuletayeva", cat_kz.load_people())
'p09'
"""

from __future__ import annotations

import re

import pandas as pd

from cat_kz.dataset.normalise import CYRILLIC, plain
from cat_kz.dataset.redaction import _check_people
from cat_kz.dataset.spellings import _NOT_A_NAME, _TITLE_PREFIX, EXTRA_VARIANTS, _pattern, _spellings_of
from cat_kz.errors import UnknownPerson
from cat_kz.model.schema import allowed_values

__all__ = ["CYRILLIC", "UnknownPerson", "resolve_person"]


def _plain(text: str) -> str:
    """The matching form of :func:`cat_kz.dataset.normalise.fold`, trimmed and in lower case:
    what the redactor and the leak scan compare, so a name they hide is a name found here.

    >>> _plain("Tuléeva"), _plain("Мухашев"), _plain("Tule\u00adtaeva")
    ('tuleeva', 'mukhashev', 'tuletaeva')
    """
    return plain(text)


def resolve_person(value: str, people: pd.DataFrame) -> str:
    """The person id that ``value`` names: an id, or any spelling of one person's
    name that :class:`Redactor` would replace (full name, surname, given name, any
    order or case, without diacritics, titles, known transliterations). Raises
    :class:`UnknownPerson`, without repeating the value, when it names nobody or
    more than one person.

    >>> import cat_kz
    >>> people = cat_kz.load_people()
    >>> [resolve_person(v, people) for v in ("p07", "MUKHASHEV", "nursultan", "Mukhashév", "Мухашев", "Kenzhebayev")]
    ['p07', 'p07', 'p07', 'p07', 'p07', 'p01']
    >>> resolve_person("Nobody Known", people)
    Traceback (most recent call last):
    ...
    cat_kz.errors.UnknownPerson: not a person id nor a known spelling of one person's name; give a person id from data/people.csv (p01 ...)
    """
    _check_people(people)
    if not isinstance(value, str):
        raise UnknownPerson("a person must be given as text: a person id from data/people.csv")
    ids = [str(p) for p in people["person_id"]]
    plain = _plain(value)
    for pid in ids:
        if plain == pid.casefold():
            return pid
    owners: set[str] = set()
    for pid, name, kind in zip(ids, people["name"].astype(str), people["kind"].astype("string")):
        if _plain(name) == plain:
            owners.add(pid)
            continue
        if kind != "individual" or _NOT_A_NAME.match(name.strip()):
            continue
        spellings = _spellings_of(name)
        for extra in EXTRA_VARIANTS.get(name, ()):
            spellings += _spellings_of(extra)
        for spelling in spellings:
            if re.fullmatch(_TITLE_PREFIX + _pattern(_plain(spelling)), plain, re.IGNORECASE):
                owners.add(pid)
                break
    if len(owners) == 1:
        return owners.pop()
    if not owners and re.fullmatch(r"[a-z]{1,2}\d{1,4}", plain):  # id-like, not a name: safe to repeat
        raise UnknownPerson(f"{value.strip()!r} is not a person id" + allowed_values(value.strip(), ids))
    first = ids[0] if ids else "p01"
    if owners:
        raise UnknownPerson(
            f"a spelling shared by {len(owners)} people; give a person id from data/people.csv ({first} ...)"
        )
    raise UnknownPerson(
        f"not a person id nor a known spelling of one person's name; give a person id from data/people.csv ({first} ...)"
    )


def resolve_people(items, people: pd.DataFrame) -> list[str]:
    """Each item as a person id (:func:`resolve_person`); an unknown one is refused
    as ``UnknownPerson("item N: ...")``, still without repeating it."""
    resolved = []
    for position, item in enumerate(items, 1):
        try:
            resolved.append(resolve_person(item, people))
        except UnknownPerson as error:
            raise UnknownPerson(f"item {position}: {error}") from None
    return resolved
