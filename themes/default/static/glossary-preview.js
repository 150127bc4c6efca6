/* Glossary previews: hovering over or focusing a glossary link shows the
   start of the term's definition in a small tooltip, so a reader need not
   leave the page to learn what "EHCP" means.

   WCAG 1.4.13 (content on hover or focus): the preview stays while the
   pointer is over the link or the preview itself, or while the link has
   focus; Escape dismisses it; it covers nothing the reader is pointing at.
   It is described to screen readers with aria-describedby.

   The definitions come from the search index's glossary shard
   (search/shards/glossary.js, a script, so it loads from file:// as well as
   from a server; a few kilobytes, however large the guide). Without
   JavaScript, or if it cannot load, a glossary link is a plain link to its
   entry. */
(function () {
  'use strict';
  if (!document.querySelector('a.glossary-term')) return;
  var root = document.documentElement.getAttribute('data-root') || '';
  var MAX_CHARS = 200;
  var tip = null;       // the one tooltip element, made on first use
  var shownFor = null;  // the link it describes
  var wanted = null;    // the link hovered or focused now (the index may load late)
  var hideTimer = null;
  var pointerOnTip = false;
  var definitions = null; // absolute URL of a glossary entry -> { title, text }
  var waiting = null;

  function withDefinitions(done) {
    if (definitions) { done(definitions); return; }
    if (waiting) { waiting.push(done); return; }
    waiting = [done];
    var shard = function () { return (window.FIRSTDAYS_SEARCH_SHARDS || {}).glossary; };
    var finish = function () {
      definitions = read(shard());
      var w = waiting; waiting = null;
      w.forEach(function (f) { f(definitions); });
    };
    if (shard()) { finish(); return; }
    var script = document.createElement('script');
    script.src = root + 'search/shards/glossary.js';
    script.addEventListener('load', finish);
    script.addEventListener('error', function () { waiting = null; });
    document.head.appendChild(script);
  }

  // The glossary shard: [url, term, definition] for every term.
  function read(entries) {
    var map = {};
    if (!Array.isArray(entries)) return map;
    entries.forEach(function (d) {
      if (!Array.isArray(d) || typeof d[0] !== 'string') return;
      var key = new URL(root + d[0], document.baseURI).href;
      if (!map[key]) map[key] = { title: String(d[1]), text: String(d[2] || '') };
    });
    return map;
  }

  function shorten(text) {
    if (text.length <= MAX_CHARS) return text;
    var cut = text.lastIndexOf(' ', MAX_CHARS);
    return text.slice(0, cut > 0 ? cut : MAX_CHARS).replace(/[\s,;:.]+$/, '') + '…';
  }

  function make() {
    tip = document.createElement('div');
    tip.id = 'glossary-preview';
    tip.className = 'glossary-preview';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    tip.addEventListener('mouseenter', function () { pointerOnTip = true; cancelHide(); });
    tip.addEventListener('mouseleave', function () { pointerOnTip = false; hideSoon(); });
    document.body.appendChild(tip);
  }

  function show(link) {
    cancelHide();
    wanted = link;
    withDefinitions(function (defs) {
      var entry = defs[link.href];
      if (!entry || wanted !== link) return;
      if (!tip) make();
      if (shownFor && shownFor !== link) shownFor.removeAttribute('aria-describedby');
      tip.textContent = '';
      var title = document.createElement('strong');
      title.textContent = entry.title;
      tip.appendChild(title);
      tip.appendChild(document.createTextNode(': ' + shorten(entry.text)));
      tip.hidden = false;
      place(link);
      link.setAttribute('aria-describedby', tip.id);
      shownFor = link;
    });
  }

  // Below the link, kept inside the viewport's width (never widening the page).
  function place(link) {
    var box = link.getBoundingClientRect();
    var width = tip.offsetWidth;
    var viewport = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, viewport - width - 8));
    tip.style.left = (left + window.scrollX) + 'px';
    tip.style.top = (box.bottom + window.scrollY + 4) + 'px';
  }

  function hide() {
    cancelHide();
    wanted = null;
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (shownFor) shownFor.removeAttribute('aria-describedby');
    shownFor = null;
  }

  // A short delay lets the pointer cross from the link onto the preview.
  function hideSoon() {
    cancelHide();
    hideTimer = setTimeout(function () {
      if (pointerOnTip || (shownFor && shownFor === document.activeElement && shownFor.matches(':focus-visible'))) return;
      hide();
    }, 300);
  }

  function cancelHide() {
    if (hideTimer) { clearTimeout(hideTimer); hideTimer = null; }
  }

  function termLink(target) {
    return target && target.closest ? target.closest('a.glossary-term') : null;
  }

  document.addEventListener('mouseover', function (e) {
    var link = termLink(e.target);
    if (link) show(link);
  });
  document.addEventListener('mouseout', function (e) {
    var link = termLink(e.target);
    if (link && !link.contains(e.relatedTarget)) hideSoon();
  });
  document.addEventListener('focusin', function (e) {
    var link = termLink(e.target);
    if (link) show(link);
  });
  document.addEventListener('focusout', function (e) {
    if (termLink(e.target)) hide();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' || e.key === 'Esc') hide();
  });
  // Placed for the old width, it could stick out of a narrower window.
  window.addEventListener('resize', function () {
    if (tip && !tip.hidden && shownFor) place(shownFor);
  });
})();
