"""The briefing kit ``cat-kz report`` adds to its folder, after the reports are published.

One call, :func:`build`, writes beside the reports:

- ``keyfacts.html``: the one-page key facts (:mod:`cat_kz.publish.keyfacts`);
- ``slides.html``: the offline slide deck (:mod:`cat_kz.publish.slides`), with the
  parameters of the reports that ran (a failed report's are not used);
- ``source.html``: the source page by page, each record's quote highlighted under an anchor
  named by its id, each passage listing its records (:mod:`cat_kz.publish.source_page`);
- ``briefing.pdf`` (unless ``pdf=False``): the edited briefing, 6-12 pages typeset with Typst
  (:mod:`cat_kz.publish.briefing_content`); no browser is needed.

Everything is redacted at the strictest level any report used: the kit never
shows a name a report hides. ``lang`` (``cat-kz report --lang ru``) gives the key facts,
slides and briefing in that language (:mod:`cat_kz.model.language`); the source page stays
in English, the source's language. ``index.html`` links what is there
(:func:`cat_kz.publish.html.index_page`).

>>> from types import SimpleNamespace as Run
>>> strictest_level([Run(parameters={"redact": "minors"}), Run(parameters={"redact": "victims"}), Run(parameters={})])
'victims'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cat_kz.dataset.load import load_dataset
from cat_kz.dataset.redaction import LEVELS
from cat_kz.errors import KitError
from cat_kz.files import write_atomic
from cat_kz.publish import briefing_content, keyfacts, slides, source_page
from cat_kz.publish import pdf as pdfs

KEYFACTS = "keyfacts.html"
SLIDES = "slides.html"  # publish.BRIEFING_KIT lists both: the check before publishing does not take them for reports
SOURCE = "source.html"  # cat_kz.publish.source_page.SOURCE_PAGE; in BRIEFING_KIT too


def strictest_level(runs: Sequence) -> str:
    """The most redacted level among the runs' ``redact`` parameters ('none' if none is set)."""
    levels = [str(getattr(run, "redact", None) or run.parameters.get("redact", "none")) for run in runs]
    return max(levels or ["none"], key=lambda level: LEVELS.index(level) if level in LEVELS else 0)


def build(
    out: Path | str,
    runs: Sequence,
    meta: dict,
    *,
    pdf: bool = True,
    paper: str = "A4",
    lang: str = "en",
    echo=print,
) -> list[Path]:
    """Write the kit into ``out`` (where the reports are); returns the paths written.

    Raises :class:`KitError` with a one-line reason; nothing half-written is left.
    """
    out = Path(out)
    level = strictest_level(runs)
    written = []
    # an earlier run's kit no longer matches these reports (and may show names these hide): never left behind
    for stale in [
        out / KEYFACTS,
        out / SLIDES,
        out / SOURCE,
        out / pdfs.BRIEFING,
        *(out / f"{run.name}.pdf" for run in runs),
    ]:
        stale.unlink(missing_ok=True)
    try:
        facts = keyfacts.key_facts(redact=level, lang=lang)
        write_atomic(out / KEYFACTS, keyfacts.to_html(facts, meta))
        written.append(out / KEYFACTS)
        deck = slides.build_deck(
            meta=meta,
            redact=level,
            parameters={run.name: run.parameters for run in runs if run.status == "ok"},
            lang=lang,
        )
        write_atomic(out / SLIDES, deck)
        written.append(out / SLIDES)
        # the reports and key facts are in place: the page links only to those present
        page = source_page.source_html(load_dataset(), redact=level, report_links=source_page.links_in(out), meta=meta)
        write_atomic(out / SOURCE, page)
        written.append(out / SOURCE)
        if pdf:
            echo(f"  pdf    {pdfs.BRIEFING}")
            write_atomic(out / pdfs.BRIEFING, briefing_content.briefing_pdf(meta, redact=level, paper=paper, lang=lang))
            written.append(out / pdfs.BRIEFING)
    except (keyfacts.RedactionLeak, pdfs.PdfError) as error:
        raise KitError(str(error)) from None
    except Exception as error:  # any other fault still ends in one line, the reports and index kept
        raise KitError(
            f"the briefing kit failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        ) from None
    return written
