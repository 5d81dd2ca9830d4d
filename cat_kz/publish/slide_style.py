"""The slide deck's inline style and script (:mod:`cat_kz.publish.slides`): no file, no web request.

On a screen wider than tall a slide is a 16:9 box as large as the window, its
type in fractions of the slide's width (``--w``), so the layout at 1920x1080 is
the one at 1280x720, scaled. On a phone (portrait, or under 700 px) a slide is
the width of the screen and grows as tall as its text: the footer follows the
text, the controls follow the slide, nothing overlaps and nothing scrolls sideways.
Text is 18 px or more there, citations 16 px; only footers are smaller. Figures
there are their narrow variants (the ``<picture>`` sources for :data:`PHONE_MEDIA`,
drawn 358 px wide with type of 16 px or more), shown no wider than 540 px.
"""

from __future__ import annotations

#: When a slide is laid out for a phone: the CSS below and the figures' ``<picture>`` choose by it.
PHONE_MEDIA = "(max-width: 700px), (orientation: portrait)"

DECK_CSS = """
:root { --w: min(100vw, calc(100vh * 16 / 9)); }
html, body { margin: 0; background: #e9e9e9; color: #222; font-family: system-ui, "DejaVu Sans", sans-serif; }
main#deck { min-height: 100vh; display: flex; align-items: center; justify-content: center; }
.slide { display: none; box-sizing: border-box; width: var(--w); height: calc(var(--w) * 9 / 16); overflow: hidden;
  padding: calc(var(--w) * .028) calc(var(--w) * .039) calc(var(--w) * .01); flex-direction: column; background: #fff;
  font-size: calc(var(--w) * .0195); line-height: 1.35; }
.slide.active { display: flex; }
.slide h2 { font-size: 1.55em; line-height: 1.2; margin: 0 0 .5em; }
.slide .body { flex: 1 1 auto; min-height: 0; }
.slide .body p { margin: 0 0 .6em; }
.slide .body ul, .slide .body ol { margin: 0; padding-left: 1.2em; } .slide .body li { margin: 0 0 .45em; }
.slide.title h2 { font-size: 2.4em; margin-top: 1.2em; }
.slide.title .lead { font-size: 1.25em; }
.slide .muted { color: #444; }
.slide .cite-wrap { font-size: .85em; color: #555; white-space: nowrap; }
.slide .figure img { display: block; width: calc(var(--w) * 1180 / 1280); height: auto; margin: 0 auto; }
.slide footer.source { margin-top: auto; padding: .4em 14em .2em 0; border-top: 1px solid #ddd; font-size: .64em; color: #555; }
.slide footer .redaction { font-weight: bold; color: #7a5700; }
.cite { white-space: nowrap; }
.redaction-banner { background: #fff4d6; border: 1px solid #d9a400; padding: .3em .6em; font-weight: bold; }
.notes { display: none; }
body.show-notes .slide.active .notes { display: block; position: fixed; left: 0; right: 0; bottom: 0; max-height: 35vh; overflow: auto;
  background: #f4f4f4; border-top: 2px solid #999; padding: .8em 5vw 3em; box-sizing: border-box; font-size: 18px; z-index: 5; }
nav.controls { position: fixed; right: 1vw; bottom: 1vh; display: flex; gap: .4em; align-items: center; font-size: 16px; z-index: 10; }
nav.controls button { font-size: 16px; padding: .2em .7em; }
@media PHONE_MEDIA {
  main#deck { display: block; min-height: 0; }
  .slide { width: auto; height: auto; min-height: calc(100vh - 4em); overflow: visible; padding: 16px; font-size: 18px; }
  .slide h2 { font-size: 24px; } .slide.title h2 { font-size: 30px; margin-top: .5em; } .slide.title .lead { font-size: 20px; }
  .slide .cite-wrap { font-size: 16px; }
  .slide .figure img { width: 100%; max-width: 540px; margin: 0; }
  .slide footer.source { padding-right: 0; font-size: 14px; margin-top: 1em; }
  nav.controls { position: static; justify-content: center; padding: .6em 0 1em; background: #fff; }
  body.show-notes .slide.active .notes { position: static; max-height: none; padding: .8em 0; }
}
@media print {
  html, body { background: #fff; } main#deck { display: block; }
  .slide { display: flex !important; width: 100%; height: auto; min-height: 0; font-size: 14pt; break-after: page; padding: 8mm; overflow: visible; }
  .slide .figure img { width: 100%; } .slide footer.source { padding-right: 0; font-size: 10pt; }
  nav.controls { display: none; } .notes { display: block !important; font-size: 10pt; color: #444; }
  @page { size: A4 landscape; margin: 10mm; }
}
""".replace("PHONE_MEDIA", PHONE_MEDIA)

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
    window.scrollTo(0, 0);
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
