// The live preview (served by `firstdays serve` only, never part of a built
// site): reloads the page when the site is rebuilt, keeping its scroll
// position, and lets the editor dismiss the warnings banner.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="firstdays-generation"]');
  var generation = meta ? meta.getAttribute('content') : '';
  var scrollKey = 'firstdays-scroll:' + location.pathname + location.search;

  function restoreScroll() {
    var saved = null;
    try { saved = sessionStorage.getItem(scrollKey); } catch (e) { return; }
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    var xy = saved.split(',');
    window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0);
  }

  function setUpBanner() {
    var banner = document.querySelector('.firstdays-banner');
    if (!banner) return;
    var key = 'firstdays-dismissed:' + banner.getAttribute('data-key');
    try { if (sessionStorage.getItem(key)) banner.hidden = true; } catch (e) { /* storage off */ }
    var button = banner.querySelector('.firstdays-dismiss');
    if (!button) return;
    button.addEventListener('click', function () {
      banner.hidden = true;
      try { sessionStorage.setItem(key, '1'); } catch (e) { /* storage off */ }
    });
  }

  function reload() {
    try { sessionStorage.setItem(scrollKey, window.scrollX + ',' + window.scrollY); } catch (e) { /* storage off */ }
    location.reload();
  }

  restoreScroll();
  window.addEventListener('load', restoreScroll);
  setUpBanner();
  if (!window.EventSource) return;
  var events = new EventSource('/_firstdays/events');
  events.addEventListener('message', function (e) {
    if (e.data && e.data !== generation) {
      events.close();
      reload();
    }
  });
})();
