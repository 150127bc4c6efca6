// Every page of every copy of the built guide in a real browser (Debian's
// chromium driven by playwright-core), checked as a reader with a phone, a
// keyboard, large text or a printer would use it.
//
//   node tests/browser/a11y.mjs <site dir> <base url> [--behaviour-only]
//
// <site dir> is a folder built by `firstdays build --all-councils` (the base
// guide, and each council in a sub-folder with its own index.html);
// <base url> is where that folder is seen: http://127.0.0.1:PORT/ when
// served, file:///path/ when opened from disk. Every failure is printed as
//   FAIL <page> [<rule>] <element>: <what is wrong>
// and the exit code is 1 if there was any.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = process.argv.slice(2);
const behaviourOnly = args.includes('--behaviour-only');
// --only REGEX: just the pages whose path matches (while fixing one page).
const only = args.includes('--only') ? new RegExp(args[args.indexOf('--only') + 1]) : null;
const [siteDir, baseArg] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');
if (!siteDir || !baseArg) {
  console.error('usage: node tests/browser/a11y.mjs <site dir> <base url> [--behaviour-only]');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : baseArg + '/';
const overHttp = base.startsWith('http');

const failures = [];
let checks = 0;
function fail(page, rule, element, detail) {
  failures.push(`FAIL ${page} [${rule}] ${element}: ${detail}`);
  console.log(failures[failures.length - 1]);
}
function check(page, rule, ok, element, detail) {
  checks++;
  if (!ok) fail(page, rule, element, detail);
  return ok;
}

// ------------------------------------------------------------------ the site
/** Each copy: the folder (relative, '' for the base) holding an index.html. */
function copies(dir) {
  const found = [];
  (function walk(rel) {
    const abs = join(dir, rel);
    if (existsSync(join(abs, 'index.html')) && existsSync(join(abs, 'search.html'))) found.push(rel);
    for (const name of readdirSync(abs).sort()) {
      if (name === 'static' || name === 'search') continue;
      if (statSync(join(abs, name)).isDirectory()) walk(rel ? rel + '/' + name : name);
    }
  })('');
  return found;
}
function htmlPages(dir, copy) {
  return readdirSync(join(dir, copy))
    .filter((n) => n.endsWith('.html'))
    .sort()
    .map((n) => (copy ? copy + '/' + n : n));
}
const url = (path) => base + path.split(sep).join('/');

// ------------------------------------------------------------ in the page
// Helpers installed into each page with evaluate (never as an inline script:
// the site's Content-Security-Policy forbids those, and we keep it on).
const pageHelpers = () => {
  const parse = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || '');
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const describe = (el) => {
    if (!el || el.nodeType !== 1) return String(el);
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    for (const c of el.classList) s += '.' + c;
    const href = el.getAttribute('href');
    if (href) s += `[href="${href}"]`;
    const text = (el.textContent || el.value || '').replace(/\s+/g, ' ').trim();
    if (text) s += ` "${text.length > 40 ? text.slice(0, 40) + '…' : text}"`;
    return s;
  };
  // The first opaque background behind `el` (its ancestors'), white if none.
  const behind = (el) => {
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const focusable = () => {
    const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
    return [...all].filter((el) =>
      !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]') &&
      el.checkVisibility({ visibilityProperty: true }));
  };
  window.__a11y = { parse, contrast, describe, behind, focusable };
};

// ------------------------------------------------------------- page checks
async function checkPage(page, path) {
  const errors = [];
  // Script errors and failed loads; a missing favicon is the browser's guess, not ours.
  const onConsole = (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); };
  const onResponse = (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} for ${r.url()}`); };
  // ERR_ABORTED is a request the checks cut short by moving on (a preview
  // still loading the index when the next page opens), not a failed load.
  const onFailed = (r) => {
    const why = r.failure()?.errorText;
    if (!r.url().endsWith('/favicon.ico') && why !== 'net::ERR_ABORTED') errors.push(`${why} for ${r.url()}`);
  };
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  const onError = (e) => errors.push(String(e));
  page.on('console', onConsole);
  page.on('pageerror', onError);
  await page.setViewportSize({ width: 1280, height: 900 });
  const published = await publishedRoot(page, path);
  // A 404 page is opened at its published address, as its readers see it: its
  // links point there, and the Content-Security-Policy allows only that origin.
  const target = published ? published + path.slice(path.lastIndexOf('/') + 1) : url(path);
  await page.goto(target, { waitUntil: 'load' });
  await page.evaluate(pageHelpers);

  // WCAG 2.1 A and AA, as axe-core sees it.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { preload: false, runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 120)) }));
  });
  checks++;
  for (const v of axe) for (const n of v.nodes) fail(path, `axe ${v.id}`, n, v.help);

  // Headings form an outline: one h1, and no level skipped going down.
  const headings = await page.evaluate(() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter((h) => h.getClientRects().length > 0)
    .map((h) => ({ level: +h.tagName[1], el: window.__a11y.describe(h) })));
  const h1s = headings.filter((h) => h.level === 1);
  check(path, 'one h1', h1s.length === 1, h1s.map((h) => h.el).join(', ') || 'document', `${h1s.length} h1 elements`);
  check(path, 'h1 first', headings.length > 0 && headings[0].level === 1, headings[0]?.el ?? 'document', 'the first heading is not the h1');
  for (let i = 1; i < headings.length; i++) {
    const [prev, h] = [headings[i - 1], headings[i]];
    check(path, 'heading levels', h.level <= prev.level + 1, h.el, `h${h.level} follows h${prev.level} (${prev.el}): a level is skipped`);
  }

  await keyboard(page, path);

  // Reflow (WCAG 1.4.10): nothing scrolls sideways at 320 CSS pixels.
  await page.setViewportSize({ width: 320, height: 640 });
  await reflow(page, path, 320, 'reflow 320px');

  // Resize text (WCAG 1.4.4): text at 200 % in a 1280 px window zoomed to
  // 200 % is a 640 px viewport with a 200 % root font size.
  await page.setViewportSize({ width: 640, height: 450 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await reflow(page, path, 640, 'text 200%');
  const clipped = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => {
    const cs = getComputedStyle(el);
    const hides = (o) => o === 'hidden' || o === 'clip';
    if (!hides(cs.overflowX) && !hides(cs.overflowY)) return false;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) return false; // visually-hidden text is read, not seen
    if (!el.textContent.trim()) return false;
    return (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) || (hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1);
  }).map((el) => window.__a11y.describe(el)));
  checks++;
  for (const el of clipped) fail(path, 'text 200%', el, 'text is clipped by overflow: hidden');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });

  checks++;
  for (const e of errors) fail(path, 'console', 'document', e);
  page.off('console', onConsole);
  page.off('pageerror', onError);
  page.off('response', onResponse);
  page.off('requestfailed', onFailed);
  if (published) await page.unroute(published + '**');
}

// The 404 page is served at any address, so it links to the copy's published
// address (its base_url), not relatively. Answer that address from the built
// folder, so the page is checked as a reader of the published copy sees it.
async function publishedRoot(page, path) {
  const html = readFileSync(join(siteDir, path), 'utf8');
  const root = /<html[^>]*data-root="(https?:[^"]+)"/.exec(html)?.[1];
  if (!root) return null;
  const folder = join(siteDir, path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  await page.route(root + '**', (route) => {
    const rest = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(root).pathname.length));
    const file = join(folder, rest);
    if (file.startsWith(folder) && existsSync(file) && statSync(file).isFile()) route.fulfill({ path: file });
    else route.fulfill({ status: 404, body: 'not found' });
  });
  return root;
}

async function reflow(page, path, width, rule) {
  const r = await page.evaluate((width) => {
    const sw = document.documentElement.scrollWidth;
    // The elements that stick out, to name the culprit.
    const wide = [...document.querySelectorAll('body *')].filter((el) => {
      const b = el.getBoundingClientRect();
      if (b.right <= width + 0.5 || b.width === 0) return false;
      if (getComputedStyle(el).position === 'absolute' && b.left < -1000) return false; // skip link, parked
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (ps.overflowX !== 'visible') return false; // scrolls in its own box
      }
      return true;
    });
    // Text that runs past the edge of a box that fits (a long address, say).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.textContent.trim() || !t.parentElement || wide.includes(t.parentElement)) continue;
      range.selectNodeContents(t);
      const b = range.getBoundingClientRect();
      if (b.right > width + 0.5 && b.left > -1000 && !t.parentElement.closest('.visually-hidden')) {
        let clipped = false;
        for (let p = t.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
        }
        if (!clipped) wide.push(t.parentElement);
      }
    }
    // The outermost: a fixed-width header is named, not everything in it.
    const outermost = wide.filter((el) => !wide.some((o) => o !== el && o.contains(el)));
    return { sw, wide: outermost.slice(0, 5).map((el) => `${window.__a11y.describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`) };
  }, width);
  check(path, rule, r.sw <= width, r.wide.join('; ') || 'html', `the page is ${r.sw} px wide at a ${width} px viewport`);
}

// Keyboard only: Tab from the top visits every link and control in DOM order,
// the skip link first; each shows a focus indicator with 3:1 contrast against
// what is behind it; the skip link moves focus to main.
async function keyboard(page, path) {
  const expected = await page.evaluate(() => {
    window.__focusables = window.__a11y.focusable();
    return window.__focusables.map((el) => window.__a11y.describe(el));
  });
  check(path, 'skip link first', expected.length > 0 && /skip-link/.test(expected[0]), expected[0] ?? 'document', 'the first focusable element is not the skip link');
  const seen = [];
  for (let i = 0; i < expected.length; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const a = window.__a11y;
      const index = window.__focusables.indexOf(el);
      const cs = getComputedStyle(el);
      const bg = a.behind(el);
      const own = a.parse(cs.backgroundColor);
      let best = 0, how = 'no outline, box-shadow or background change';
      const consider = (colour, against, what) => {
        if (!colour || colour.a < 0.5) return;
        const c = a.contrast(colour, against);
        if (c > best) { best = c; how = what; }
      };
      if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1) consider(a.parse(cs.outlineColor), bg, 'outline');
      for (const part of (cs.boxShadow === 'none' ? [] : cs.boxShadow.split(/,(?![^()]*\))/))) {
        const colour = a.parse(part);
        const inset = /inset/.test(part);
        consider(colour, inset && own && own.a > 0.5 ? own : bg, inset ? 'inset box-shadow' : 'box-shadow');
      }
      if (own && own.a > 0.5) consider(own, bg, 'background');
      // The focused element's own text must stay readable on its focus background.
      const colour = a.parse(cs.color);
      const textOn = own && own.a > 0.5 ? own : bg;
      const text = el.textContent.trim() && colour ? Math.round(a.contrast(colour, textOn) * 100) / 100 : 21;
      return { index, el: a.describe(el), best: Math.round(best * 100) / 100, how, text, textColour: cs.color, textOn: `rgb(${textOn.r}, ${textOn.g}, ${textOn.b})`,
        bg: `rgb(${bg.r}, ${bg.g}, ${bg.b})` };
    });
    seen.push(f.index);
    if (!check(path, 'tab order', f.index === i, f.el, `Tab ${i + 1} reached this, expected ${expected[i]}`)) break;
    check(path, 'focus visible', f.best >= 3, f.el, `focus indicator contrast is ${f.best}:1 against ${f.bg} (needs 3:1; best was ${f.how})`);
    check(path, 'focused text contrast', f.text >= 4.5, f.el, `focused, its text ${f.textColour} on ${f.textOn} is ${f.text}:1 (needs 4.5:1)`);
  }
  // The skip link moves focus to main.
  await page.evaluate(() => { document.querySelector('.skip-link')?.focus(); });
  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => window.__a11y.describe(document.activeElement));
  check(path, 'skip link', /^main#main-content/.test(target), target, 'Enter on the skip link did not move focus to main');
  await page.evaluate(() => { window.scrollTo(0, 0); document.activeElement?.blur(); });
}

// --------------------------------------------------------------- behaviour
async function behaviour(browser, copy, pages) {
  const at = (name) => (copy ? copy + '/' : '') + name;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // Search from the header box.
  await page.goto(url(at('index.html')));
  await page.fill('#site-search-q', 'EHCP');
  await Promise.all([page.waitForURL(/search\.html\?q=EHCP/), page.press('#site-search-q', 'Enter')]);
  await searchResults(page, at('search.html'), 'header box');
  // And from the search page's own box.
  await page.fill('#search-page-q', 'foster care');
  await Promise.all([page.waitForURL(/q=foster/), page.press('#search-page-q', 'Enter')]);
  await searchResults(page, at('search.html'), 'search page', /glossary\.html#foster-care|\.html/, 'foster care');
  if (overHttp && !copy) {
    // The server answers /search?q= itself, JavaScript or not.
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p = await nojs.newPage();
    await p.goto(base + 'search?q=EHCP');
    const first = await p.evaluate(() => document.querySelector('#search-results a')?.getAttribute('href') ?? null);
    check('search?q=EHCP', 'server search', !!first && /glossary\.html#ehcp/.test(first), '#search-results a', `first result is ${first}`);
    await nojs.close();
  }

  // Glossary links land on their entry, and preview the definition.
  const sectionPage = pages.find((p) => p === at('people.html')) ?? pages.find((p) => /\.html$/.test(p));
  await page.goto(url(sectionPage));
  const link = page.locator('.prose a.glossary-term').first();
  const href = await link.getAttribute('href');
  const name = `a.glossary-term[href="${href}"]`;
  check(sectionPage, 'glossary preview', await page.locator('[role=tooltip]').count() === 0, name, 'a preview exists before any hover');
  await link.hover();
  const tip = page.locator('[role=tooltip]:visible');
  try { await tip.waitFor({ timeout: 30000 }); } catch { /* reported below */ }
  const shown = await page.evaluate((href) => {
    const a = document.querySelector(`.prose a.glossary-term[href="${href}"]`);
    const id = a.getAttribute('aria-describedby');
    const t = id && document.getElementById(id);
    return { id, role: t?.getAttribute('role'), text: t?.textContent.trim() ?? '', visible: !!t && t.checkVisibility() };
  }, href);
  check(sectionPage, 'glossary preview', shown.visible && shown.role === 'tooltip' && shown.text.length > 20, name,
    `hovering shows no tooltip described by the link (aria-describedby=${shown.id}, role=${shown.role}, text "${shown.text.slice(0, 60)}")`);
  check(sectionPage, 'glossary preview', shown.text.length <= 320, name, `the preview is not short: ${shown.text.length} characters`);
  // WCAG 1.4.13: the pointer can move onto the preview and it stays.
  if (shown.visible) {
    await page.locator('[role=tooltip]:visible').hover();
    await page.waitForTimeout(600);
    check(sectionPage, 'glossary preview', await page.locator('[role=tooltip]:visible').count() === 1, name, 'the preview vanished when the pointer moved onto it');
  }
  await page.keyboard.press('Escape');
  check(sectionPage, 'glossary preview', await page.locator('[role=tooltip]:visible').count() === 0, name, 'Escape did not dismiss the preview');
  await page.mouse.move(0, 0);
  await link.focus();
  await page.waitForTimeout(300);
  check(sectionPage, 'glossary preview', await page.locator('[role=tooltip]:visible').count() === 1, name, 'focusing the link shows no preview');
  await page.keyboard.press('Escape');
  check(sectionPage, 'glossary preview', await page.locator('[role=tooltip]:visible').count() === 0, name, 'Escape did not dismiss the focused preview');
  await Promise.all([page.waitForURL(/glossary\.html#/), link.click()]);
  const landed = await page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = document.getElementById(id);
    return { hash: location.hash, tag: el ? el.tagName : null };
  });
  const wantHash = href.slice(href.indexOf('#'));
  check(at('glossary.html'), 'glossary link', landed.hash === wantHash && /^H[1-6]$/.test(landed.tag ?? ''), name,
    `clicking landed on ${landed.hash} (${landed.tag ?? 'no element'}), expected the heading ${wantHash}`);

  // The checklist ticks, remembers, and clears.
  const cl = at('checklist.html');
  await page.goto(url(cl));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const boxes = page.locator('.checklist-form input[type=checkbox]');
  const total = await boxes.count();
  const progress = page.locator('#checklist-progress');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  check(cl, 'checklist', (await progress.textContent())?.includes(`2 of ${total} done`), '#checklist-progress', `after two ticks it says "${await progress.textContent()}"`);
  await page.reload();
  const kept = await boxes.evaluateAll((bs) => bs.map((b) => b.checked).filter(Boolean).length);
  check(cl, 'checklist', kept === 2 && await boxes.nth(2).isChecked(), '.checklist-form', `after reloading ${kept} ticks are kept, expected 2`);
  const clear = page.getByRole('button', { name: /clear/i });
  if (check(cl, 'checklist', await clear.count() === 1 && await clear.isVisible(), 'button "Clear…"', 'no visible button to clear the ticks')) {
    await clear.click();
    const left = await boxes.evaluateAll((bs) => bs.filter((b) => b.checked).length);
    await page.reload();
    const afterReload = await boxes.evaluateAll((bs) => bs.filter((b) => b.checked).length);
    check(cl, 'checklist', left === 0 && afterReload === 0, 'button "Clear…"', `after clearing ${left} ticks remain (${afterReload} after reload)`);
    check(cl, 'checklist', (await progress.textContent())?.includes(`0 of ${total} done`), '#checklist-progress', `after clearing it says "${await progress.textContent()}"`);
  }
  await context.close();

  // Without JavaScript: the checklist is a plain list, glossary links plain links.
  const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const p = await nojs.newPage();
  await p.goto(url(cl));
  const plain = p.locator('.checklist-form input[type=checkbox]');
  const n = await plain.count();
  check(cl + ' (no JavaScript)', 'checklist', n === total && n > 0, '.checklist-form', `${n} checkboxes, expected ${total}`);
  await plain.nth(1).check();
  check(cl + ' (no JavaScript)', 'checklist', await plain.nth(1).isChecked(), 'input[type=checkbox]', 'a box cannot be ticked');
  check(cl + ' (no JavaScript)', 'checklist', !(await p.locator('#checklist-progress').isVisible()) && await p.getByRole('button', { name: /clear/i }).count() === 0,
    '#checklist-progress', 'JavaScript-only controls show without JavaScript');
  await p.goto(url(sectionPage));
  const plainLink = p.locator('.prose a.glossary-term').first();
  await plainLink.hover();
  await plainLink.focus();
  check(sectionPage + ' (no JavaScript)', 'glossary link', await plainLink.getAttribute('href') === href && await p.locator('[role=tooltip]').count() === 0,
    name, 'without JavaScript the glossary link is not a plain link');
  await nojs.close();

  // Print: the whole guide and the checklist, to PDF.
  const printing = await browser.newContext();
  const pp = await printing.newPage();
  await printed(pp, at('print.html'), [8, 120]);
  await printed(pp, cl, [1, 6]);
  await printing.close();

  checks++;
  for (const e of errors) fail(copy || '(base)', 'console', 'document', e);
}

async function searchResults(page, path, how, want = /glossary\.html#ehcp/, query = 'EHCP') {
  // The first result once the status line names this query: typing in the
  // search page's box re-renders as the reader types (and Enter then loads
  // the page again), so a result seen earlier may belong to the previous
  // query or to a page about to be replaced. Generous: CI runs this beside
  // the other tests on 2 busy cores.
  let href = null;
  const deadline = Date.now() + 30000;
  while (!href && Date.now() < deadline) {
    try {
      href = await page.evaluate((q) => {
        const status = document.getElementById('search-status');
        const first = document.querySelector('#search-results a');
        return status && status.textContent.includes('“' + q + '”') && first ? first.getAttribute('href') : null;
      }, query);
    } catch { /* the page is being replaced: look again */ }
    if (!href) await page.waitForTimeout(100);
  }
  check(path, `search from the ${how}`, !!href && want.test(href), '#search-results a', `first result for “${query}” is ${href}`);
}

async function printed(page, path, [min, max]) {
  await page.goto(url(path));
  const facts = await page.evaluate(() => {
    const main = document.querySelector('main');
    const link = [...main.querySelectorAll('a[href^="http"]')].find((a) => a.textContent.trim() !== a.getAttribute('href'));
    const headings = [...main.querySelectorAll('h2, h3')].map((h) => h.textContent.replace(/\s+/g, ' ').trim());
    const items = [...main.querySelectorAll('.checklist label')].map((l) => l.textContent.replace(/\s+/g, ' ').trim());
    return { url: link?.getAttribute('href') ?? null, headings, items };
  });
  const dir = mkdtempSync(join(tmpdir(), 'firstdays-pdf-'));
  try {
    const pdf = join(dir, 'page.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: false }));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((t) => t.trim());
    const flat = text.replace(/\s+/g, ' ');
    const squeezed = text.replace(/\s+/g, '');
    check(path, 'print page count', pages.length >= min && pages.length <= max, 'PDF', `${pages.length} pages, expected ${min} to ${max}`);
    for (const chrome of ['Skip to main content', 'Search the guide', 'Printable version', 'Useful resources Printable']) {
      check(path, 'print chrome', !flat.includes(chrome), 'PDF', `the printed page shows "${chrome}"`);
    }
    if (facts.url) check(path, 'print link URLs', squeezed.includes(facts.url.replace(/\s+/g, '')), `a[href="${facts.url}"]`, 'the printed page does not show the link\'s address');
    // Sensible breaks: no page ends on a heading, and a checklist item is never split.
    pages.forEach((p, i) => {
      const raw = p.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
      while (raw.length && !raw[raw.length - 1]) raw.pop();
      const last = raw[raw.length - 1] ?? '';
      // A heading stands alone: a blank line above it (a wrapped line of a
      // paragraph that happens to read like a heading does not).
      const alone = raw.length < 2 || raw[raw.length - 2] === '';
      const heading = alone && facts.headings.find((h) => h && last === h);
      if (i < pages.length - 1) check(path, 'print breaks', !heading, `heading "${heading}"`, `page ${i + 1} ends with a heading`);
    });
    const squeezedPages = pages.map((p) => p.replace(/\s+/g, ''));
    for (const item of facts.items) {
      const whole = item.replace(/\s+/g, '');
      if (!squeezed.includes(whole)) continue; // wrapped around something pdftotext reorders
      check(path, 'print breaks', squeezedPages.some((p) => p.includes(whole)), `checklist item "${item.slice(0, 40)}…"`, 'split across two pages');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// -------------------------------------------------------------------- run
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const found = copies(siteDir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let pageCount = 0;
  for (const copy of found) {
    const pages = htmlPages(siteDir, copy);
    if (!behaviourOnly) {
      for (const path of pages) {
        if (only && !only.test(path)) continue;
        try { await checkPage(page, path); } catch (e) { fail(path, 'run', 'document', String(e).split('\n')[0]); }
        pageCount++;
      }
    }
    if (!only) try { await behaviour(browser, copy, pages); } catch (e) { fail(copy || '(base)', 'behaviour', 'document', String(e).split('\n')[0]); }
  }
  await context.close();
  console.log(`${found.length} copies (${found.map((c) => c || 'base').join(', ')}), ${pageCount} pages checked page by page, over ${overHttp ? 'HTTP' : 'file://'}: ${checks} checks, ${failures.length} failures`);
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
