"""The vocabulary labels a reader sees, for the catalogue: (context, label) pairs.

A vocabulary value reaches a reader through ``trp(context, label, lang)``
(:mod:`cat_kz.model.language`), the vocabulary's name as the context. Its labels live in
the vocabulary tables (:mod:`cat_kz.model.schema`, ``data/methods.csv``), not in code, so
Babel's extraction cannot see them: :func:`vocabulary_messages` lists them, and ``make
messages`` appends them to ``cat_kz/locale/cat_kz.pot`` (:func:`append_to_pot`) before
each language's ``.po`` is updated. tests/model/test_language.py fails on any of them
without a translation.

>>> ("method category", "Asphyxiation") in vocabulary_messages()
True
>>> ("role", "defendant") in vocabulary_messages()
True
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from cat_kz.files import PROJECT_ROOT
from cat_kz.model import schema

#: context -> the vocabulary's labels (or codes, where the code is what a reader is shown).
VOCABULARIES = {
    "event category": tuple(schema.EVENT_CATEGORIES.values()),
    "method category": tuple(schema.METHOD_CATEGORIES.values()),
    "scope": tuple(schema.SCOPES.values()),
    "certainty": tuple(schema.CERTAINTIES.values()),
    "finding topic": tuple(schema.FINDING_TOPICS.values()),
    "relation": tuple(schema.RELATIONS),
    "found by": schema.FOUND_BY,
    "mechanism": schema.MECHANISMS,
    "committee action": schema.CAT_ACTIONS,
    "qualifier": schema.QUALIFIERS,
    "unit": schema.UNITS,
    # the first word of a redaction pseudonym ("[Подсудимый А]"), by role code
    "role": schema.ROLES,
}


def method_labels(data: Path | None = None) -> tuple[str, ...]:
    """The labels of ``data/methods.csv`` (the methods' vocabulary), in its order."""
    with open((data or PROJECT_ROOT / "data") / "methods.csv", encoding="utf-8", newline="") as handle:
        return tuple(row["label"] for row in csv.DictReader(handle))


def vocabulary_messages() -> list[tuple[str, str]]:
    """Every (context, label) a reader may be shown, without repeats, in the vocabularies' order."""
    pairs = [(context, label) for context, labels in VOCABULARIES.items() for label in labels]
    pairs += [("method", label) for label in method_labels()]
    return list(dict.fromkeys(pairs))


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def append_to_pot(pot: Path) -> int:
    """Append the vocabulary labels to the template ``pot`` (after ``pybabel extract``); returns how many."""
    entries = [
        f'#. vocabulary: {context}\nmsgctxt {_po_string(context)}\nmsgid {_po_string(label)}\nmsgstr ""\n'
        for context, label in vocabulary_messages()
    ]
    with open(pot, "a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(entries))
    return len(entries)


if __name__ == "__main__":  # make messages: python -m cat_kz.model.vocabulary_text cat_kz/locale/cat_kz.pot
    print(f"{append_to_pot(Path(sys.argv[1]))} vocabulary labels added to {sys.argv[1]}")
