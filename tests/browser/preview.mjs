// The live preview in a real browser (Debian's chromium driven by
// playwright-core): the page reloads itself after a save and keeps its
// scroll position, a failed rebuild shows an accessible overlay naming the
// file, line, message and hint, the next good save removes it, and the
// warnings banner can be dismissed. No Content-Security-Policy violation.
//
//   node tests/browser/preview.mjs <base url of `firstdays serve`> <guide dir>
//
// Every failure is printed as `FAIL <what>: <detail>`; exit code 1 if any.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [baseArg, guideDir] = process.argv.slice(2);
if (!baseArg || !guideDir) {
  console.error('usage: node tests/browser/preview.mjs <base url> <guide dir>');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : baseArg + '/';
// A deadline for a hung preview, never a measure of speed.
const PATIENCE = 60000;

const failures = [];
function check(what, ok, detail) {
  if (!ok) {
    failures.push(`FAIL ${what}: ${detail}`);
    console.log(failures[failures.length - 1]);
  } else {
    console.log(`ok ${what}`);
  }
}

const people = join(guideDir, 'people.md');
const original = readFileSync(people, 'utf8');
function save(text) { writeFileSync(people, text); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(base + 'people.html');
  await page.waitForFunction(() => window.EventSource && document.querySelector('script[src="/_firstdays/live.js"]'));

  // The warnings banner (the real guide has long sentences) can be dismissed,
  // and stays dismissed when the page reloads with the same warnings.
  const banner = page.locator('.firstdays-banner');
  check('banner shown', await banner.isVisible(), 'no warnings banner');
  await page.locator('.firstdays-dismiss').click();
  check('banner dismissed', !(await banner.isVisible()), 'still visible after Dismiss');

  // Scroll, save, and the page reloads at the same place with the new text.
  await page.evaluate(() => window.scrollTo(0, 600));
  const before = await page.evaluate(() => window.scrollY);
  const reloaded = page.waitForEvent('load', { timeout: PATIENCE });
  save(original.replace('Pace yourself', 'Pace yourself (edited in the preview)'));
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes('(edited in the preview)'), null, { timeout: PATIENCE });
  check('new text after the save', true, '');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before, { timeout: PATIENCE })
    .then(() => check('scroll position kept', true, ''))
    .catch(async () => check('scroll position kept', false, `was ${before}, now ${await page.evaluate(() => window.scrollY)}`));
  check('banner stays dismissed', !(await banner.isVisible()), 'the same warnings showed again');

  // A broken save: the overlay names file, line, message and hint.
  save(original.replace('title:', 'titel:'));
  await page.waitForSelector('[role="alert"]', { timeout: PATIENCE });
  const alert = await page.locator('[role="alert"]').innerText();
  check('overlay names file and line', alert.includes('guide/people.md:2:1'), alert);
  check('overlay has the message', alert.includes('unknown field `titel`'), alert);
  check('overlay has the hint', alert.includes('Hint: unknown key `titel`; did you mean `title`?'), alert);
  check('overlay is on top', await page.locator('.firstdays-overlay').isVisible(), 'hidden');
  // The overlay itself meets WCAG 2.1 AA.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run({ include: ['.firstdays-overlay'] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check('overlay passes axe-core WCAG 2.1 AA', axe.length === 0, axe.join('; '));

  // The next good save removes it.
  save(original);
  await page.waitForFunction(() => !document.querySelector('[role="alert"]') && document.body.textContent.includes('Pace yourself'), null, { timeout: PATIENCE });
  check('overlay gone after a good save', true, '');
  check('no Content-Security-Policy violation', violations.length === 0, violations.join('; '));
} catch (e) {
  failures.push(`FAIL ${e.message}`);
  console.log(`FAIL ${e.stack}`);
} finally {
  save(original);
  await browser.close();
}
console.log(failures.length ? `${failures.length} failure(s)` : 'all preview checks passed');
process.exit(failures.length ? 1 : 0);
