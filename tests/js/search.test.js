// The browser runtime (themes/default/static/search.js) under plain node,
// against the exported static index and the native Searcher's answers.
// Launched by tests/it/search/js.rs:
//   node search.test.js <search.js> <search/shards/> <expected.json>
// expected.json: { cases: [{query, top, why, native: [{url, score, snippet}]}], vocabulary: [word],
//                  stems: [[word, stem]], names: [[text, key]], bad: [{query, native: [url]}] }
'use strict';

const fs = require('fs');
const vm = require('vm');

const [searchJs, shardsDir, expectedJson] = process.argv.slice(2);
const lib = require(searchJs);
// Shards load synchronously here, each once, as the page's script tags would.
const sandbox = { window: {} };
const loaded = new Set();
const load = (key) => {
  if (!loaded.has(key)) {
    loaded.add(key);
    const file = `${shardsDir}/${key}.js`;
    if (fs.existsSync(file)) vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
  }
  return (sandbox.window.FIRSTDAYS_SEARCH_SHARDS || {})[key];
};
const index = lib.open(load('manifest'), load);
const expected = JSON.parse(fs.readFileSync(expectedJson, 'utf8'));

const failures = [];
const fail = (msg) => failures.push(msg);

// 0. The vocabulary the browser rebuilds from the exported titles, keywords
// and bodies is the index's, in the same order.
const vocabulary = lib.vocabulary(index);
if (JSON.stringify(vocabulary) !== JSON.stringify(expected.vocabulary)) {
  const missing = expected.vocabulary.filter((w) => !vocabulary.includes(w)).slice(0, 10);
  const extra = vocabulary.filter((w) => !expected.vocabulary.includes(w)).slice(0, 10);
  fail(`vocabulary: ${vocabulary.length} words in JS, ${expected.vocabulary.length} in the index; missing ${missing}, extra ${extra}`);
}
console.log(`vocabulary: ${vocabulary.length} words`);

// 1. The stemmer: every word of the vocabulary (and some tricky ones) as tantivy stems it.
let stemMismatches = 0;
for (const [word, stem] of expected.stems) {
  const got = lib.stem(word);
  if (got !== stem) {
    stemMismatches++;
    if (stemMismatches <= 20) fail(`stem(${JSON.stringify(word)}) = ${JSON.stringify(got)}, tantivy: ${JSON.stringify(stem)}`);
  }
}
console.log(`stemmer: ${expected.stems.length - stemMismatches}/${expected.stems.length} words agree with tantivy`);

// 2. Tokenizer, stop words and stemmer together, through name keys.
for (const [text, key] of expected.names) {
  const got = lib.nameKey(index, text);
  if (got !== key) fail(`nameKey(${JSON.stringify(text)}) = ${JSON.stringify(got)}, native: ${JSON.stringify(key)}`);
}

// 3. The query set: expected first result, and the same top 5 as native.
// Scores are f32 in both; tantivy may add a document's clause scores in
// another order, so equal-looking scores can differ in the last bit: a swap
// of two results whose scores agree to 1e-5 is not a disagreement.
const close = (a, b) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));
let top1 = 0;
let agree = 0;
let scores = 0;
let exactScores = 0;
for (const c of expected.cases) {
  const js = lib.search(index, c.query, 10);
  if (js.length && js[0].url === c.top) top1++;
  else fail(`${JSON.stringify(c.query)} (${c.why}): expected ${c.top}, got ${js.slice(0, 3).map((h) => h.url).join(', ')}`);
  let same = true;
  for (let i = 0; i < Math.min(5, c.native.length); i++) {
    const n = c.native[i];
    const j = js[i];
    if (!j) { same = false; fail(`${JSON.stringify(c.query)}: native has a result #${i + 1} (${n.url}), JS has none`); break; }
    scores++;
    if (Math.fround(n.score) === j.score) exactScores++;
    if (!close(j.score, n.score)) {
      same = false;
      fail(`${JSON.stringify(c.query)}: result #${i + 1} scores ${j.score} in JS (${j.url}), ${n.score} natively (${n.url})`);
      break;
    }
    if (j.url !== n.url) {
      const tied = c.native.find((m) => m.url === j.url && close(m.score, j.score));
      if (!tied) { same = false; fail(`${JSON.stringify(c.query)}: result #${i + 1} is ${j.url} in JS, ${n.url} natively`); break; }
    } else if (j.snippet !== n.snippet) {
      same = false;
      fail(`${JSON.stringify(c.query)}: snippet of ${j.url} differs\n  js:     ${j.snippet}\n  native: ${n.snippet}`);
      break;
    }
  }
  if (js.length < Math.min(5, c.native.length) || (c.native.length < 5 && js.length > c.native.length)) {
    same = false;
    fail(`${JSON.stringify(c.query)}: ${js.length} results in JS, ${c.native.length} natively`);
  }
  if (same) agree++;
}
console.log(`js top-1: ${top1}/${expected.cases.length} queries`);
console.log(`top-5 agreement with native: ${agree}/${expected.cases.length} queries`);
console.log(`scores identical to the last bit: ${exactScores}/${scores}`);

// 4. Bad input: never throws, same (usually no) results as native.
const junk = ['\ud800', 'a\udfffb', '\u0000', '😀😀 fostering', 'İstanbul ΣΊΣΥΦΟΣ', 'x'.repeat(100000)];
for (const q of expected.bad.map((b) => b.query).concat(junk)) {
  let hits;
  try {
    hits = lib.search(index, q, 10);
  } catch (e) {
    fail(`search(${JSON.stringify(q.slice(0, 40))}) threw ${e}`);
    continue;
  }
  const b = expected.bad.find((x) => x.query === q);
  if (b) {
    const urls = hits.map((h) => h.url).join(' ');
    if (urls !== b.native.join(' ')) fail(`bad input ${JSON.stringify(q.slice(0, 40))}: JS [${urls}], native [${b.native.join(' ')}]`);
  }
}
for (const q of [undefined, null, 42, '']) {
  try { lib.search(index, q, 10); } catch (e) { fail(`search(${q}) threw ${e}`); }
}
if (lib.search(null, 'fostering', 10).length !== 0) fail('search without an index should give nothing');

if (failures.length) {
  console.log(`\n${failures.length} failure(s):\n` + failures.join('\n'));
  process.exit(1);
}
console.log('ok');
