"""The data model as Markdown: the tables of docs/data-model.md, written from :mod:`cat_kz.model.schema`.

``cat-kz schema`` prints it; ``cat-kz schema --write docs/data-model.md`` refreshes the
part of that file between its markers, and a test fails when the committed copy is stale.

>>> from cat_kz.model.schema_doc import to_markdown
>>> print(to_markdown().splitlines()[0])
### sources
"""

from __future__ import annotations

from cat_kz.model.schema import (
    CERTAINTIES,
    EVENT_CATEGORIES,
    FINDING_TOPICS,
    METHOD_CATEGORIES,
    RELATIONS,
    SCOPES,
    TABLE_ORDER,
    TABLES,
)


def to_markdown() -> str:
    """The data model as Markdown tables: the README's "Data model" section is this text.

    >>> print(to_markdown().splitlines()[0])
    ### sources
    """
    vocabularies = {
        "category": EVENT_CATEGORIES,
    }
    out: list[str] = []
    for name in TABLE_ORDER:
        table = TABLES[name]
        out += [f"### {name}", "", f"`data/{table.file}`: {table.description} Key: `{table.key}`.", ""]
        out += ["| column | kind | required | meaning |", "| --- | --- | --- | --- |"]
        for column in table.columns:
            kind = column.kind
            if column.ref:
                kind += f" → {column.ref}"
            meaning = column.description
            if column.vocab and not (name == "events" and column.name in vocabularies):
                meaning += " One of: " + ", ".join(f"`{v}`" for v in column.vocab) + "."
            out.append(f"| `{column.name}` | {kind} | {'yes' if column.required else ''} | {meaning} |")
        out.append("")
    out += ["### Vocabularies with labels", "", "Event categories (timeline lanes, in order):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in EVENT_CATEGORIES.items()]
    out += ["", "Scopes of allegation records (`acts.scope`; tallies count `case` by default):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in SCOPES.items()]
    out += ["", "Certainty of acts (`acts.certainty`; `unclear` acts are listed, not tallied, by default):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in CERTAINTIES.items()]
    out += ["", "Finding topics (`findings.topic`):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in FINDING_TOPICS.items()]
    out += ["", "Relations of other sources' claims to the submission's records (`claims.relation`):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in RELATIONS.items()]
    out += ["", "Method categories (`safeguards` is kept apart from torture methods in tallies):", ""]
    out += ["| code | label |", "| --- | --- |"] + [f"| `{k}` | {v} |" for k, v in METHOD_CATEGORIES.items()]
    return "\n".join(out) + "\n"


README_START = "<!-- schema:start -->"
README_END = "<!-- schema:end -->"


def replace_readme_section(text: str) -> str:
    """``text`` with the part between the schema markers replaced by :func:`to_markdown`."""
    start, end = text.find(README_START), text.find(README_END)
    if start == -1 or end < start:
        raise ValueError(f"no {README_START} ... {README_END} markers")
    return text[: start + len(README_START)] + "\n" + to_markdown() + text[end:]
