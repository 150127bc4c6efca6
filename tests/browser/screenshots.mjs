// Screenshots for the README: the home page, a section, the glossary and the
// checklist, at 1,280 px and 360 px wide, for the base guide and one council.
//
//   node tests/browser/screenshots.mjs <site dir built with --all-councils> <out dir>
//
// Run by scripts/screenshots.sh, which builds the site first.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteDir, outDir] = process.argv.slice(2);
if (!siteDir || !outDir) {
  console.error('usage: node tests/browser/screenshots.mjs <site dir> <out dir>');
  process.exit(2);
}
const copies = [['base', ''], ['northshire', 'northshire/']];
const pages = [['home', 'index.html'], ['section', 'people.html'], ['glossary', 'glossary.html'], ['checklist', 'checklist.html']];
// Wide: the first screen. Narrow (a phone): the whole page, up to a cap.
const sizes = [[1280, 800, false], [360, 1400, true]];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
});
try {
  for (const [width, height, full] of sizes) {
    const context = await browser.newContext({ viewport: { width, height: full ? 740 : height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [copy, prefix] of copies) {
      for (const [name, file] of pages) {
        await page.goto(pathToFileURL(join(siteDir, prefix + file)).href);
        const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
        const path = join(outDir, `${copy}-${name}-${width}.png`);
        await page.screenshot({ path, clip: { x: 0, y: 0, width, height: full ? Math.min(pageHeight, height) : height }, fullPage: full });
        console.log(path);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
