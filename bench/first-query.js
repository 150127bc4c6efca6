// Measures, in headless Chromium, what a browser fetches to answer a first
// query (fresh cache for every query) on our static site and on Pagefind's
// index of the same pages, and what each ranks first. Part of
// scripts/bench-search.sh; a benchmark, not a test.
//
// usage: node bench/first-query.js CONFIG.json OUT.json
// CONFIG: { nodeModules, chromium, queries: [{query, expect}],
//           ours: "http://127.0.0.1:P/ours/", pagefind: "http://127.0.0.1:P/pagefind/",
//           api: "http://127.0.0.1:Q/" (optional: our `serve`, for native top-1) }
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [configPath, outPath] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const { chromium } = require(path.join(config.nodeModules, 'playwright-core'));

// The flags this machine's headless Chromium needs (no GPU, no sandbox as
// root, and no background connections to hosts it cannot reach).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// What a server with gzip on would send: the body gzipped, unless it is
// already compressed (Pagefind's index files are), then as it is.
function wireBytes(body) {
  return Math.min(body.length, zlib.gzipSync(body, { level: 6 }).length);
}

// "page.html#anchor" relative to the site root; "" anchor when none.
function siteUrl(href, base) {
  const u = new URL(href, base);
  let rel = u.pathname.slice(new URL(base).pathname.length);
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return { page: decodeURIComponent(rel), anchor: decodeURIComponent(u.hash.replace(/^#/, '')) };
}

// Right page, and the same anchor whenever both name one.
function matches(got, expect) {
  if (!got) return false;
  const [page, anchor = ''] = expect.split('#');
  return got.page === page && (!got.anchor || !anchor || got.anchor === anchor);
}

async function measure(browser, url, isSearchRequest, waitFor, readTop) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  const record = (response) => {
    bodies.push(
      response.body().then(
        (body) => ({ url: response.url(), status: response.status(), raw: body.length, wire: wireBytes(body) }),
        () => ({ url: response.url(), status: response.status(), raw: 0, wire: 0 }),
      ),
    );
  };
  context.on('response', record);
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(waitFor, null, { timeout: 15000 });
  const ms = Date.now() - started;
  const top = await page.evaluate(readTop);
  await page.waitForLoadState('networkidle');
  const requests = await Promise.all(bodies);
  await context.close();
  const search = requests.filter((r) => isSearchRequest(new URL(r.url).pathname));
  return {
    top,
    ms,
    requests: search.map((r) => ({ path: new URL(r.url).pathname, raw: r.raw, wire: r.wire })),
    raw: search.reduce((n, r) => n + r.raw, 0),
    wire: search.reduce((n, r) => n + r.wire, 0),
    allWire: requests.reduce((n, r) => n + r.wire, 0),
  };
}

async function ours(browser, q) {
  const base = config.ours;
  const prefix = new URL(base).pathname;
  const r = await measure(
    browser,
    `${base}search.html?q=${encodeURIComponent(q)}`,
    (p) => p.startsWith(`${prefix}search/`) || p === `${prefix}static/search.js`,
    // The runtime has answered: a result link (the status line comes
    // first, before the results' text has loaded), or "No results for ...",
    // or "Search is unavailable".
    () => {
      const status = document.getElementById('search-status');
      return document.querySelector('#search-results a.search-result__link') ||
        (status && /^No results|unavailable/.test(status.textContent.trim()));
    },
    () => Array.from(document.querySelectorAll('#search-results a.search-result__link')).slice(0, 5).map((a) => a.href),
  );
  r.top5 = (r.top || []).map((u) => siteUrl(u, base));
  r.top = r.top5[0] || null;
  return r;
}

async function pagefind(browser, q) {
  const base = config.pagefind;
  const prefix = new URL(base).pathname;
  const r = await measure(
    browser,
    `${base}pagefind-bench.html?q=${encodeURIComponent(q)}`,
    (p) => p.startsWith(`${prefix}pagefind/`),
    () => window.__pagefindDone === true,
    () => window.__pagefindTop,
  );
  if (r.top && r.top.error) throw new Error(`pagefind: ${r.top.error}`);
  r.top5 = (r.top || []).map((u) => siteUrl(u, base));
  r.top = r.top5[0] || null;
  return r;
}

async function native(q) {
  const res = await fetch(`${config.api}api/search?q=${encodeURIComponent(q)}&limit=5`);
  if (!res.ok) return { status: res.status, top: null, top5: [] };
  const json = await res.json();
  const top5 = json.results.map((h) => siteUrl(h.url, 'http://x/'));
  return { status: res.status, top: top5[0] || null, top5 };
}

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium, args: CHROMIUM_ARGS });
  const rows = [];
  try {
    for (const { query, expect } of config.queries) {
      const row = { query, expect, ours: await ours(browser, query), pagefind: await pagefind(browser, query) };
      if (config.api) row.native = await native(query);
      for (const k of ['ours', 'pagefind', 'native']) {
        if (!row[k]) continue;
        row[k].hit = matches(row[k].top, expect);
        // Reciprocal rank of the expected result within the first five (MRR@5).
        const at = (row[k].top5 || []).findIndex((t) => matches(t, expect));
        row[k].rr = at < 0 ? 0 : 1 / (at + 1);
        row[k].pageHit = !!row[k].top && row[k].top.page === expect.split('#')[0];
      }
      rows.push(row);
      const fmt = (r) => (r ? `${r.hit ? 'ok ' : 'MISS'} ${r.top ? r.top.page + (r.top.anchor ? '#' + r.top.anchor : '') : '-'}` : '');
      console.error(`${query.padEnd(40)} ours ${fmt(row.ours)} ${row.ours.wire}B | pagefind ${fmt(row.pagefind)} ${row.pagefind.wire}B`);
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(rows, null, 1));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
