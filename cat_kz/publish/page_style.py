"""How every published page prints and reads on a phone: one stylesheet and one small script.

:func:`cat_kz.publish.html.finish_html` puts :func:`head_block` into every report;
the index and the key facts page carry it too. Nothing is fetched from the web.

Print (A4 and Letter alike: the page size is the printer's, the margins are
:data:`MARGINS_MM`, so the printable width is at most :func:`printable_width_px`
of A4, the narrower of the two):

- figures shrink to the page width and are never split across pages;
- tables take the page width and wrap their cells between words (a quote or a
  page number is never cut off; a web address may break anywhere), header rows
  repeat on each page, a row is never split;
- each section (a level-2 heading) starts a new page; headings stay with what follows;
- printed text (``pre``) wraps;
- the folded "For researchers" section (:mod:`cat_kz.publish.researchers`) is left out.

Phones (screens up to :data:`NARROW_PX` wide):

- a table of three or more columns shows each row stacked, one "label: value"
  line per cell, so the quote and the page are on screen without scrolling sideways;
- a figure opens full size on tap (or Enter), in an overlay that scrolls; a tap
  or Escape closes it.

>>> printable_width_px("A4"), printable_width_px("Letter")
(702, 725)
>>> "@page" in head_block() and "<script>" in head_block()
True
"""

from __future__ import annotations

#: Page margins in millimetres (top, right, bottom, left); the bottom one leaves room for the footer.
MARGINS_MM = (14, 12, 20, 12)
#: Paper widths in millimetres.
PAPER_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
#: Screens up to this width (CSS px) get stacked table rows.
NARROW_PX = 640


def printable_width_px(paper: str = "A4") -> int:
    """The width of the printable area in CSS pixels (96 per inch), rounded down."""
    width = PAPER_MM[paper][0] - MARGINS_MM[1] - MARGINS_MM[3]
    return int(width / 25.4 * 96)


_TOP, _RIGHT, _BOTTOM, _LEFT = MARGINS_MM

PRINT_CSS = f"""
@page {{ margin: {_TOP}mm {_RIGHT}mm {_BOTTOM}mm {_LEFT}mm; }}
@media print {{
  html, body {{ background: #fff !important; }}
  body {{ margin: 0 !important; padding: 0 !important; font-size: 10pt; line-height: 1.35; }}
  main, .jp-Notebook, .jp-Cell, .jp-Cell-inputWrapper, .jp-Cell-outputWrapper, .jp-InputArea, .jp-OutputArea,
  .jp-OutputArea-child, .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-RenderedMarkdown, .jp-RenderedHTML {{
    display: block !important; max-width: 100% !important; min-width: 0 !important; width: auto !important;
    overflow: visible !important; padding-left: 0 !important; padding-right: 0 !important;
    margin-left: 0 !important; margin-right: 0 !important; box-shadow: none !important; }}
  .jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser, .cat-kz-noprint {{ display: none !important; }}
  img, svg, canvas {{ max-width: 100% !important; height: auto !important; }}
  img, svg, figure, .jp-RenderedImage {{ break-inside: avoid; page-break-inside: avoid; }}
  table {{ width: 100% !important; max-width: 100% !important; table-layout: auto !important;
    border-collapse: collapse !important; font-size: 7pt !important; margin: .3em 0 !important; }}
  th, td {{ white-space: normal !important; overflow-wrap: break-word !important; word-break: normal !important;
    padding: 2px 3px !important; border: 1px solid #bbb !important; vertical-align: top !important; text-align: left !important; }}
  th {{ font-size: 6.5pt !important; padding: 2px !important; }}
  td.cat-kz-long, th.cat-kz-long, table.cat-kz-tight td {{ overflow-wrap: anywhere !important; }}
  thead {{ display: table-header-group !important; }}
  tfoot {{ display: table-footer-group !important; }}
  tr, th, td {{ break-inside: avoid !important; page-break-inside: avoid !important; }}
  h2 {{ break-before: page; page-break-before: always; }}
  h1, h2, h3, h4 {{ break-after: avoid; page-break-after: avoid; }}
  pre {{ white-space: pre-wrap !important; overflow-wrap: anywhere !important; }}
  a {{ color: inherit !important; }}
  .cat-kz-zoom-overlay {{ display: none !important; }}
}}
"""

PHONE_CSS = f"""
table.cat-kz-measure {{ width: min-content !important; max-width: none !important; table-layout: auto !important;
  border-collapse: collapse !important; font-size: 7pt !important; }}
table.cat-kz-measure th {{ font-size: 6.5pt !important; padding: 2px !important; white-space: normal !important; }}
table.cat-kz-measure td {{ padding: 2px 3px !important; white-space: normal !important; overflow-wrap: break-word !important; }}
table.cat-kz-measure td.cat-kz-long {{ overflow-wrap: anywhere !important; }}
.cat-kz-zoomable {{ cursor: zoom-in; }}
details.cat-kz-researchers {{ margin: 2em 0 1em; padding-top: .5em; border-top: 1px solid #ccc; }}
details.cat-kz-researchers summary {{ cursor: pointer; font-weight: bold; }}
details.cat-kz-researchers pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
/* the citation holds a 64-character fingerprint: it breaks anywhere rather than widen a phone's page */
.cat-kz-how-to-cite {{ overflow-wrap: anywhere; }}
.cat-kz-zoom-overlay {{ position: fixed; inset: 0; z-index: 1000; overflow: auto; background: #fff; padding: 0; }}
.cat-kz-zoom-overlay img {{ max-width: none !important; width: auto !important; height: auto !important; display: block; }}
.cat-kz-zoom-overlay button {{ position: fixed; top: .5em; right: .5em; font-size: 1.1em; padding: .3em .8em; z-index: 1001; }}
@media screen and (max-width: {NARROW_PX}px) {{
  .jp-OutputArea-output, .jp-RenderedHTMLCommon {{ overflow-x: visible !important; }}
  pre {{ white-space: pre-wrap !important; overflow-wrap: anywhere; }}
  img {{ max-width: 100% !important; height: auto !important; }}
  table.cat-kz-stack, table.cat-kz-stack tbody, table.cat-kz-stack tr, table.cat-kz-stack td,
  table.cat-kz-stack tbody th {{ display: block !important; width: auto !important; max-width: 100% !important; }}
  table.cat-kz-stack thead {{ position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
  table.cat-kz-stack tr {{ border-top: 1px solid #999; padding: .4em 0; }}
  table.cat-kz-stack td {{ border: none !important; padding: .1em 0 !important; text-align: left !important;
    white-space: normal !important; overflow-wrap: anywhere; }}
  table.cat-kz-stack td::before {{ content: attr(data-label) ": "; font-weight: bold; }}
  table.cat-kz-stack td[data-label=""]::before {{ content: none; }}
}}
"""

#: Labels the cells of wide tables (for stacked rows) and makes figures open full size.
SCRIPT = r"""
(function () {
  var PRINTABLE = %d;
  function labelTables() {
    document.querySelectorAll("td, th").forEach(function (cell) {
      // a long unbroken token (a web address) may break anywhere; words break only between them
      if (/\S{25,}/.test(cell.textContent)) cell.classList.add("cat-kz-long");
    });
    document.querySelectorAll("table").forEach(function (table) {
      // a table whose words alone are wider than the printed page may break words anywhere in print
      table.classList.add("cat-kz-measure");
      if (table.getBoundingClientRect().width > PRINTABLE) table.classList.add("cat-kz-tight");
      table.classList.remove("cat-kz-measure");
    });
    document.querySelectorAll("table").forEach(function (table) {
      var head = table.querySelector("thead tr:last-child");
      if (!head) return;
      var labels = [];
      head.querySelectorAll("th, td").forEach(function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(cell.textContent.trim());
      });
      if (labels.length < 3) return;
      table.classList.add("cat-kz-stack");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var i = 0;
        row.querySelectorAll("th, td").forEach(function (cell) {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[i] || "");
          i += cell.colSpan || 1;
        });
      });
    });
  }
  function close(overlay, opener) { overlay.remove(); if (opener) opener.focus(); }
  function open(image) {
    var overlay = document.createElement("div");
    overlay.className = "cat-kz-zoom-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-label", "Figure, full size");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Close";
    var big = document.createElement("img");
    big.src = image.src;
    big.alt = image.alt;
    overlay.appendChild(button);
    overlay.appendChild(big);
    overlay.addEventListener("click", function () { close(overlay, image); });
    overlay.addEventListener("keydown", function (e) { if (e.key === "Escape") close(overlay, image); });
    document.body.appendChild(overlay);
    button.focus();
  }
  function zoomable() {
    document.querySelectorAll(".jp-RenderedImage img, img.cat-kz-figure").forEach(function (image) {
      image.classList.add("cat-kz-zoomable");
      image.setAttribute("tabindex", "0");
      image.setAttribute("role", "button");
      image.setAttribute("title", "Open the figure full size");
      image.addEventListener("click", function () { open(image); });
      image.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(image); } });
    });
  }
  function start() { labelTables(); zoomable(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
""" % printable_width_px("A4")

#: Marks the block, so it is put into a page once.
MARKER = "cat-kz-page-style"


def head_block() -> str:
    """The ``<style>`` and ``<script>`` to put at the end of a page's ``<head>``."""
    return f'<style id="{MARKER}">{PRINT_CSS}{PHONE_CSS}</style>\n<script>{SCRIPT}</script>\n'


def add_to_page(page: str) -> str:
    """``page`` with :func:`head_block` before ``</head>`` (once).

    >>> page = add_to_page("<html><head></head><body></body></html>")
    >>> page.count(MARKER), add_to_page(page).count(MARKER)
    (1, 1)
    """
    if MARKER in page or "</head>" not in page:
        return page
    return page.replace("</head>", head_block() + "</head>", 1)
