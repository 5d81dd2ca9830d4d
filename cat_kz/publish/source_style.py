"""The style sheet and script of ``source.html`` (:mod:`cat_kz.publish.source_page`), inline: no web request.

What the script does, all optional (without it the page still reads, links and opens each list):

- the record named in the address (``#act-033``) gets every one of its words highlighted,
  not only the first (CSS alone highlights the passage that holds its anchor);
- a tap or click on highlighted words opens the list of records of their passage;
  one list is open at a time, moved left if it would run off the screen; Escape closes it;
- the find box jumps to a record id or a page ("p3"), else to the next place the words stand.

>>> "passage:has(.anchor:target)" in STYLE and "hashchange" in SCRIPT
True
"""

from __future__ import annotations

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #222; line-height: 1.55; }
.layout { display: grid; grid-template-columns: 11em minmax(0, 48em); gap: 2em; max-width: 64em; margin: 0 auto; padding: 1em; }
nav.side { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding-top: .5em; font-size: .95em; }
nav.side .navhead { font-weight: bold; margin: 0 0 .3em; }
nav.side .pagelinks a { display: inline-block; min-width: 2em; padding: .15em .3em; margin: 0 .1em .2em 0; text-align: center; border: 1px solid #ccc; border-radius: 3px; text-decoration: none; }
form.find label { display: block; margin: .8em 0 .2em; font-size: .9em; }
form.find input { width: 100%; box-sizing: border-box; padding: .3em; font: inherit; }
form.find button { margin-top: .3em; font: inherit; }
#found { display: block; font-size: .85em; color: #555; min-height: 1.2em; }
h1 { font-size: 1.35em; margin: .3em 0 .5em; }
h2 { font-size: 1.1em; margin: 1.6em 0 .4em; border-bottom: 1px solid #ddd; scroll-margin-top: .5em; }
h2:target { background: #fff4d6; }
.text { overflow-wrap: anywhere; }
mark { background: #e3efff; color: inherit; padding: 0 .05em; border-radius: 2px; cursor: pointer; }
mark[data-ids*=" "] { background: #c9dcff; }
.excl { text-decoration: underline dotted #8a5a00 2px; text-underline-offset: .2em; cursor: pointer; }
.lost { text-decoration: underline wavy #b00020 1px; text-underline-offset: .25em; cursor: pointer; }
.anchor { scroll-margin-top: 35vh; }
.passage:has(.anchor:target) { outline: 2px solid #d9a400; outline-offset: 2px; border-radius: 2px; }
.anchor:target + mark, mark.current { background: #ffd166; box-shadow: 0 0 0 2px #d9a400; }
details.recs { display: inline-block; position: relative; margin: 0 .15em; vertical-align: baseline; }
details.recs > summary { list-style: none; display: inline-block; min-width: 1.3em; padding: 0 .3em; font-size: .75em; line-height: 1.5;
  text-align: center; border: 1px solid #4a6fa5; border-radius: .8em; color: #234; background: #fff; cursor: pointer; vertical-align: super; }
details.recs > summary::-webkit-details-marker { display: none; }
details.recs[open] > summary { background: #234; color: #fff; }
.pop { position: absolute; z-index: 10; left: -1em; top: 1.8em; width: min(30em, 80vw); max-height: 60vh; overflow: auto;
  background: #fff; border: 1px solid #888; border-radius: 4px; box-shadow: 0 4px 14px rgba(0,0,0,.2); padding: .5em .8em;
  font-size: .9em; line-height: 1.4; }
.pop .pophead { margin: 0 0 .3em; font-weight: bold; color: #234; }
.pop ul.records { margin: 0; padding-left: 1.1em; }
.pop li { margin: .25em 0; }
.pop .kind { font-variant: small-caps; color: #555; }
.pop .where, .pop .lostnote { color: #444; }
.pop p.why { margin: .4em 0; color: #5a3d00; }
.pop p.lostwhy { color: #8a0018; }
.intro { color: #333; overflow-wrap: anywhere; }
footer { margin-top: 2.5em; padding-top: .5em; border-top: 1px solid #ddd; font-size: .92em; color: #333; }
.cite { overflow-wrap: anywhere; }
.cat-kz-redaction-banner { background: #fff4d6; border: 2px solid #d9a400; padding: .6em 1em; margin: .5em 0 1em; font-weight: bold; }
@media (max-width: 700px) {
  .layout { grid-template-columns: minmax(0, 1fr); gap: .5em; padding: .6em; }
  nav.side { position: static; max-height: none; }
  .pop { position: fixed; left: 0; right: 0; bottom: 0; top: auto; width: auto; max-height: 50vh; border-radius: 8px 8px 0 0; box-sizing: border-box; }
}
@media print {
  nav.side, details.recs { display: none; }
  .layout { display: block; }
  mark { background: none; text-decoration: underline; }
}
"""

SCRIPT = """
(function () {
  function current() {
    document.querySelectorAll('mark.current').forEach(function (m) { m.classList.remove('current'); });
    var id = decodeURIComponent(location.hash.slice(1));
    var anchor = id && document.getElementById(id);
    if (!anchor || !anchor.classList.contains('anchor')) return;
    document.querySelectorAll('mark[data-ids~="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add('current'); });
  }
  addEventListener('hashchange', current);
  current();
  document.addEventListener('click', function (event) {
    var words = event.target.closest('.passage > mark, .passage > span.excl, .passage > span.lost');
    if (!words) return;
    var list = words.parentNode.querySelector(':scope > details.recs');
    if (list) list.open = !list.open;
  });
  document.addEventListener('toggle', function (event) {
    var opened = event.target;
    if (!opened.open || !opened.matches('details.recs')) return;
    document.querySelectorAll('details.recs[open]').forEach(function (d) { if (d !== opened) d.open = false; });
    var pop = opened.querySelector('.pop');
    pop.style.left = '';
    if (getComputedStyle(pop).position !== 'absolute') return;  // a phone's bottom sheet needs no moving
    var box = pop.getBoundingClientRect(), room = document.documentElement.clientWidth - 8;
    var over = Math.min(box.right - room, box.left - 8);
    if (box.right > room) pop.style.left = (parseFloat(getComputedStyle(pop).left) - over) + 'px';
  }, true);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') document.querySelectorAll('details.recs[open]').forEach(function (d) { d.open = false; });
  });
  var form = document.querySelector('form.find'), input = document.getElementById('q'), said = document.getElementById('found');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) return;
    var target = document.getElementById(query) || document.getElementById(query.replace(/^(page\\s*|p\\.?\\s*)(\\d+)$/i, 'p$2'));
    if (target && (target.classList.contains('anchor') || target.tagName === 'H2')) {
      location.hash = target.id;
      said.textContent = '';
      return;
    }
    var hit = window.find && window.find(query, false, false, true);
    said.textContent = hit ? '' : 'Not found: ' + query;
  });
})();
"""
