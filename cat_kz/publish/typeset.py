"""Typeset the briefing handout with Typst (the ``typst`` package: the compiler is in the
wheel, no system package, no browser).

:func:`compile_briefing` writes the content as JSON into a temporary project folder with
the template ``templates/briefing.typ`` and the figures it names, compiles it with only the
DejaVu fonts matplotlib ships (Latin and Cyrillic, Kazakh letters included, so the PDF does
not depend on the machine's fonts) and returns the PDF's bytes.

Every string of the content is printed as plain text by the template (nothing is parsed as
Typst markup: ``[Defendant A]``, ``#`` or ``$`` print as they are). :func:`keep_together`
first puts no-break spaces (U+00A0) inside dates ("16 December 2011") and page citations
("p. 3") so they never break across lines; text read back from the PDF holds them.

The content (built by :mod:`cat_kz.publish.briefing_content`):

- ``lang``, ``paper`` ("a4" | "us-letter"), ``labels`` (every heading and label), ``footer``
  (``source``, printed on every page), ``redaction`` (null, or ``level``, ``description``
  for the cover and ``footer`` for every page), ``cover`` (``kicker``, ``title``, ``subtitle``,
  ``author``, ``meta`` [{label, value}], ``content_note``, ``summary``);
- ``sections``: key -> {``intro``, ``quotes`` [{text, source}] (the source's words, set off
  as a quote after the intro), ``items`` + ``numbered``, ``figure`` {path, alt, caption,
  unit, note}, ``table`` {columns, widths, rows, caption}, ``subsections`` [{heading,
  paragraphs, items, numbered}], ``after``, ``closing_quotes`` (quotes at the section's end),
  ``provenance`` [{label, value, mono}], ``keep_together``};
- rich text anywhere: a string, a run ``{"text", "strong", "emph"}`` or ``{"cite": {"label"}}``
  (printed "(p. 3)"), or a list of those.

>>> keep_together("On 4 June 2012 (p. 3)") == "On 4\\u00a0June\\u00a02012 (p.\\u00a03)"
True
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
import warnings
from pathlib import Path, PurePosixPath

TEMPLATE = Path(__file__).resolve().parent / "templates" / "briefing.typ"
#: ``cat-kz report --paper`` -> Typst's paper names.
PAPERS = {"A4": "a4", "Letter": "us-letter"}
NBSP = "\u00a0"

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
)
_KEEP = [
    re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})(?: (\d{{4}}))?(?: (г\.))?"),  # 16 December 2011
    re.compile(rf"\b({_MONTHS}) (\d{{1,2}}(?:,)?)(?: (\d{{4}}))?"),  # December 16, 2011
    re.compile(rf"\b({_MONTHS}) (\d{{4}})"),  # June 2011
    re.compile(r"\b(pp?\.|с\.) (\d)"),  # p. 3, pp. 3-4
]


def keep_together(text: str) -> str:
    """Replace the spaces inside dates and page references with no-break spaces."""
    for pattern in _KEEP:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text


def _map_strings(value, fn):
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("href", "path") else _map_strings(v, fn)) for k, v in value.items()}
    return value


def _figure_paths(value):
    """Every ``figure.path`` in the content (relative to the figures folder)."""
    if isinstance(value, dict):
        fig = value.get("figure")
        if isinstance(fig, dict) and "path" in fig:
            yield fig["path"]
        for v in value.values():
            yield from _figure_paths(v)
    elif isinstance(value, list):
        for v in value:
            yield from _figure_paths(v)


def font_dir() -> Path:
    """The DejaVu fonts matplotlib ships."""
    import matplotlib  # heavy: only the folder of the fonts it ships is needed, when typesetting

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _copy_figures(content: dict, figures_dir: Path, project: Path) -> None:
    # Typst reads files only under its root: each figure is copied into the project
    for rel in sorted(set(_figure_paths(content))):
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts:
            raise ValueError(f"figure path must stay inside the figures folder: {rel!r}")
        source = figures_dir / pure
        if not source.is_file():
            raise FileNotFoundError(f"figure not found: {source}")
        target = project / pure
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def compile_briefing(content: dict, *, figures_dir: Path | str, paper: str = "A4") -> bytes:
    """Typeset ``content`` on ``paper`` ("A4" or "Letter"); return the PDF's bytes."""
    import typst  # heavy: the Typst compiler, only when a briefing is typeset

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {tuple(PAPERS)}, not {paper!r}")
    content = _map_strings(copy.deepcopy(content), keep_together)
    content["paper"] = PAPERS[paper]
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        project = Path(tmp)
        shutil.copyfile(TEMPLATE, project / "briefing.typ")
        _copy_figures(content, Path(figures_dir), project)
        (project / "content.json").write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
        pdf, notes = typst.compile_with_warnings(
            str(project / "briefing.typ"),
            root=str(project),
            sys_inputs={"data": "/content.json"},
            font_paths=[str(font_dir())],
            ignore_system_fonts=True,  # only DejaVu (and Typst's embedded fonts): the same PDF on every machine
        )
    for note in notes:
        message = getattr(note, "message", str(note))
        if "unknown font family" in message:  # Typst would silently fall back to another font
            raise RuntimeError(f"the briefing needs the DejaVu fonts matplotlib ships: {message}")
        warnings.warn(f"typst: {message}", stacklevel=2)
    return pdf
