"""``cat-kz slides``: one self-contained HTML slide deck for a 20-minute session.

Slides: title, content note, timeline, tallies, refoulement, key facts,
recommendations, sources. Every slide cites its pages of the source; each has
speaker notes. The figures are drawn here from the data with the report's
parameters (the notebooks' own, checked by :func:`cat_kz.check_params`) and
embedded as PNG; the styles and the script are inline: the deck makes no web
request and works with the network off (no reveal.js, no CDN).

Keys: → / PageDown / Space next, ← / PageUp previous, Home / End, N shows the
speaker notes, F full screen. ``#3`` in the address opens slide 3.

>>> deck = build_deck(meta={"rendered_at": "2026-12-03 10:00 UTC", "dataset_fingerprint": "f" * 64})
>>> deck.count('<section class="slide'), deck.count('class="cite"') >= 8, "http" in deck.split("<body")[1].split("Sources")[0]
(8, True, False)
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping

from cat_kz.publish import keyfacts as kf
from cat_kz.publish.html import VIEWPORT, redaction_banner

SLIDE_NOTEBOOKS = ("01_timeline", "02_abuse_methods", "03_refoulement")
SOURCE_PAGES = range(1, 11)


def _png(fig, redact: str) -> str:
    """A figure as an ``<img>`` with its description as alt text; the figure is closed."""
    import matplotlib.pyplot as plt

    from cat_kz.show.plotting import _figure_of, _source_text, add_source_line, describe, redaction_note

    fig = _figure_of(fig)
    note = redaction_note(redact)
    if note:
        source = _source_text(fig) or add_source_line(fig, [])
        if note not in source.get_text():
            source.set_text(f"{source.get_text().rstrip('.')}. {note}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    alt = describe(fig)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="cat-kz-figure" src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def _slide(title: str, body: str, pages, notes: str, *, kind: str = "") -> str:
    return (
        f'<section class="{" ".join(["slide", kind]).strip()}" aria-label="{html.escape(title)}"><h2>{html.escape(title)}</h2>'
        f'<div class="body">{body}</div><p class="source">Source: Human Rights Watch, Oct 2014, {kf.cite(list(pages))}</p>'
        f'<aside class="notes"><strong>Speaker notes.</strong> {notes}</aside></section>'
    )


def slide_parameters(parameters: Mapping[str, Mapping] | None, dataset) -> dict[str, dict]:
    """Each slide notebook's parameters, checked and with defaults (as the notebook would run)."""
    from cat_kz.publish.params import check_params

    parameters = parameters or {}
    checked = {}
    for name in SLIDE_NOTEBOOKS:
        given = {k: v for k, v in dict(parameters.get(name, {})).items() if k not in ("output_dir", "redact")}
        checked[name] = check_params(name, dataset, **given)
    return checked


def build_deck(*, meta: Mapping | None = None, redact: str = "none", parameters: Mapping[str, Mapping] | None = None) -> str:
    """The deck as one HTML text (see module doc); raises ``RedactionLeak`` if a name a level hides is left."""
    import matplotlib

    matplotlib.use("Agg")
    from cat_kz.analysis import refoulement as rf
    from cat_kz.analysis import tallies, timeline
    from cat_kz.dataset.load import load_dataset
    from cat_kz.show import refoulement_plots, tally_plots, timeline_plot

    meta = dict(meta or {})
    dataset = load_dataset(redact=redact)
    params = slide_parameters(parameters, load_dataset())
    facts = kf.key_facts(dataset, redact="none")  # dataset is already redacted
    facts.level = redact
    banner = redaction_banner(redact)
    slides = []

    first = dataset.events.set_index("event_id").loc["ev-2014-10-hrw-submission"]
    slides.append(_slide(
        "Torture and refoulement in Kazakhstan",
        f'<p class="lead">What Human Rights Watch told the UN Committee against Torture, {html.escape(str(first["date_text"]))}</p>'
        f"<p>{html.escape(facts.source)}</p>"
        + (f'<p class="cat-kz-redaction-banner">{html.escape(banner)}</p>' if banner else "")
        + f'<p class="small">Rendered {html.escape(str(meta.get("rendered_at", "")))}. Every slide cites the pages of the source.</p>',
        [int(first["page"])],
        "Introduce the source: one submission by one organisation, ten pages. Everything shown counts what this "
        "source states, not how common torture is in Kazakhstan.",
        kind="title",
    ))

    acts = dataset.acts[dataset.acts["scope"] == "case"]
    sexual = sorted({int(p) for p in acts.loc[acts["method_category"] == "sexual", "page"]})
    alleged = sorted({int(p) for p in acts["page"]})
    slides.append(_slide(
        "Content note",
        "<p>The next slides describe allegations of torture and ill-treatment in detention, including beatings, "
        f"suffocation and sexual violence ({kf.cite(sexual)}), and a death in custody.</p>"
        "<p>You may step out at any time. Quotes are shown only where needed; the tallies use method categories.</p>",
        sorted(set(alleged) | set(sexual)),
        "Say this before any allegation is shown. Give people a way to step out. Allegations are worded as "
        "allegations: 'X testified that ...'.",
    ))

    p01 = params["01_timeline"]
    events = timeline.filter_events(dataset.events, date_from=p01["date_from"], date_to=p01["date_to"], categories=p01["categories"], people=p01["people"])
    event_pages = sorted({int(p) for p in events["page"]}) or [1]
    figure = _png(timeline_plot.plot_timeline(events, labels=p01["labels"]), redact) if len(events) else "<p>No event in the period chosen.</p>"
    slides.append(_slide(
        "Timeline: what happened when",
        figure,
        event_pages,
        f"{len(events)} events from {p01['date_from']:%Y-%m-%d} to {p01['date_to']:%Y-%m-%d}. A bar is an imprecise date "
        "(the source says 'spring 2012'), not a long event.",
        kind="figure",
    ))

    p02 = params["02_abuse_methods"]
    switches = {k: p02[k] for k in ("include_safeguards", "include_groups", "scope", "include_unclear")}
    tally = tallies.tally_methods(dataset.acts, unit=p02["unit"], level=p02["level"], **switches)
    summary = tallies.tally_summary(dataset.acts, tally, unit=p02["unit"], **switches)
    tally_pages = sorted({p for ps in tally["pages"] for p in ps}) or sorted({int(p) for p in dataset.acts["page"]})
    figure = _png(tally_plots.plot_tally(tally), redact) if len(tally) else "<p>Nothing to tally with these switches.</p>"
    slides.append(_slide(
        "Alleged methods: the tally",
        figure + f'<p class="small">Unit: {html.escape(tallies.UNIT_AXIS_LABEL[p02["unit"]])}, in {html.escape(tallies.SCOPE_NOUN[p02["scope"]])}.</p>',
        tally_pages,
        html.escape(summary) + " Say the unit when you quote a number; these are allegations in one source, not prevalence.",
        kind="figure",
    ))

    p03 = params["03_refoulement"]
    cases = rf.filter_cases(dataset.refoulement, destinations=p03["destinations"], date_from=p03["date_from"], date_to=p03["date_to"])
    figure = _png(refoulement_plots.plot_returns(cases), redact) if len(cases) else "<p>No return in the period or destinations chosen.</p>"
    slides.append(_slide(
        "Returns despite the Committee against Torture",
        figure,
        sorted({int(p) for p in cases["page"]}) or [8],
        f"{len(cases)} returns. Numbers are minimums as stated ('at least 28'). Say what the Committee had asked before "
        "each return, and that the nationality is given only where the source states it.",
        kind="figure",
    ))

    slides.append(_slide(
        "Key facts",
        kf.figures_html(facts) + kf.returns_html(facts).split("</table>", 1)[1],
        sorted({int(p) for p in facts.figures["page"]} | {p for ps in facts.returned_by_destination["pages"] for p in ps}),
        "Each figure as the source states it, with its unit and qualifier. The one-page handout (keyfacts.html, "
        "first page of briefing.pdf) has the findings and the tally by category too.",
    ))

    slides.append(_slide(
        "Recommendations",
        kf.recommendations_html(facts),
        sorted({int(p) for p in facts.recommendations["page"]}),
        "Human Rights Watch's recommendations to the government of Kazakhstan, with the Convention's articles.",
    ))

    fingerprint = html.escape(str(meta.get("dataset_fingerprint", "")))
    slides.append(_slide(
        "Sources and how to check",
        f"<p>{html.escape(facts.source)}; pages 1 to 10 of the transcription in <code>data/raw/</code>.</p>"
        "<p>Every table row and every number gives the page where its quote stands: open the source at that page.</p>"
        + (f'<p class="small">Dataset fingerprint: <code>{fingerprint}</code></p>' if fingerprint else "")
        + '<p class="small">Handouts: <a href="keyfacts.html">key facts</a> · <a href="index.html">reports</a> · '
        '<a href="briefing.pdf">briefing.pdf</a> (when rendered with <code>--pdf</code>).</p>',
        list(SOURCE_PAGES),
        "Invite people to check any number against the page cited. The fingerprint identifies the data behind these slides.",
    ))

    deck = _page(slides, banner)
    # the embedded figures are pixels drawn from redacted data; their base64 text could spell a short name by chance
    kf.check_no_names(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", deck), redact, "the slide deck")
    return deck


DECK_CSS = """
html, body { margin: 0; height: 100%; background: #fff; color: #222; font-family: system-ui, sans-serif; }
.slide { display: none; box-sizing: border-box; height: 100vh; padding: 3vh 5vw 9vh; overflow: auto; position: relative; }
.slide.active { display: block; }
.slide h2 { font-size: clamp(1.3em, 4.5vh, 2.4em); margin: 0 0 .4em; }
.slide .body { font-size: clamp(.9em, 2.6vh, 1.5em); line-height: 1.35; }
.slide.title .body .lead { font-size: 1.4em; }
.slide .body img { display: block; max-width: 100%; max-height: 62vh; margin: 0 auto; }
.slide .small, .slide small { font-size: .8em; color: #444; }
.slide table { border-collapse: collapse; font-size: .8em; } .slide td, .slide th { border: 1px solid #ccc; padding: .2em .4em; text-align: left; }
.slide .source { position: absolute; left: 5vw; bottom: 4.5vh; margin: 0; font-size: clamp(.75em, 2vh, 1em); color: #555; }
.cite { white-space: nowrap; }
.notes { display: none; }
body.show-notes .slide.active { height: 70vh; }
body.show-notes .slide.active .notes { display: block; position: fixed; left: 0; right: 0; bottom: 0; height: 30vh; overflow: auto;
  background: #f4f4f4; border-top: 2px solid #999; padding: .8em 5vw; box-sizing: border-box; font-size: 1.05em; }
nav.controls { position: fixed; right: 1vw; bottom: 1vh; display: flex; gap: .4em; align-items: center; font-size: .9em; z-index: 10; }
nav.controls button { font-size: 1em; padding: .2em .7em; }
.cat-kz-redaction-banner { background: #fff4d6; border: 1px solid #d9a400; padding: .4em .8em; font-weight: bold; }
@media print {
  .slide { display: block !important; height: auto; min-height: 0; break-after: page; page-break-after: always; padding: 8mm; }
  .slide .source { position: static; margin-top: 1em; } nav.controls { display: none; } .notes { display: block !important; font-size: .8em; color: #444; }
  @page { size: A4 landscape; margin: 10mm; }
}
"""

DECK_JS = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.getElementById("counter");
  var current = 0;
  function show(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, j) { s.classList.toggle("active", j === current); s.setAttribute("aria-hidden", j === current ? "false" : "true"); });
    counter.textContent = (current + 1) + " / " + slides.length;
    if (location.hash !== "#" + (current + 1)) history.replaceState(null, "", "#" + (current + 1));
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (["ArrowRight", "PageDown", " ", "Spacebar"].indexOf(e.key) >= 0) { e.preventDefault(); show(current + 1); }
    else if (["ArrowLeft", "PageUp", "Backspace"].indexOf(e.key) >= 0) { e.preventDefault(); show(current - 1); }
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(slides.length - 1);
    else if (e.key === "n" || e.key === "N") document.body.classList.toggle("show-notes");
    else if ((e.key === "f" || e.key === "F") && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("notes").addEventListener("click", function () { document.body.classList.toggle("show-notes"); });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
})();
"""


def _page(slides: list[str], banner: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{VIEWPORT}
<title>Slides: torture and refoulement in Kazakhstan (Human Rights Watch to the Committee against Torture, 2014)</title>
<style>{DECK_CSS}</style>
</head><body>
<main id="deck">
{chr(10).join(slides)}
</main>
<nav class="controls" aria-label="Slides"><button id="prev" type="button" aria-label="Previous slide">&larr;</button>
<span id="counter" aria-live="polite"></span><button id="next" type="button" aria-label="Next slide">&rarr;</button>
<button id="notes" type="button" title="Speaker notes (N)">Notes</button></nav>
<script>{DECK_JS}</script>
</body></html>
"""


def main_slides(args) -> int:
    """The ``cat-kz slides`` command (see ``cat_kz.cli``)."""
    import datetime as dt
    import sys
    from pathlib import Path

    from cat_kz._version import __version__
    from cat_kz.dataset.load import dataset_fingerprint
    from cat_kz.errors import DataError, ReportError
    from cat_kz.files import write_atomic
    from cat_kz.model.citation import SOURCE_TITLE
    from cat_kz.publish.routing import given_parameters, route_parameters

    if Path(args.out).is_dir():
        print(f"cat-kz slides: -o {args.out} is a folder; give a file name such as {Path(args.out) / 'slides.html'}", file=sys.stderr)
        return 2
    try:
        routed = route_parameters(list(SLIDE_NOTEBOOKS), given_parameters(args))
        meta = {
            "source": SOURCE_TITLE,
            "dataset_fingerprint": dataset_fingerprint(),
            "rendered_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "version": __version__,
        }
        deck = build_deck(meta=meta, redact=args.redact or "none", parameters=routed)
    except (ReportError, DataError, ValueError) as error:
        print(f"cat-kz slides: {error}", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, deck)
    except OSError as error:
        print(f"cat-kz slides: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    count = deck.count('<section class="slide')
    print(f"Wrote {out} ({count} slides; open it in a browser, → for the next slide, N for notes)")
    return 0
