// totals.mjs - totals past FH_TOTAL_EXACT_UP_TO (10,000) through the API
// and the page, against a server on the generated corpus of run.sh:
// الزيتون in all 10,100 articles, البستان in 10,000 of them, الحقل in
// the other 100.  Counting is exact up to 10,000; past it the own index
// without facets (facets=0) stops and answers 10,000 with the relation
// "gte", which the page shows as «أكثر من N» (and an upper bound, "lte",
// as «نحو N»).  With facets every
// match is visited, so the total is exact.
//
// usage: node tests/web/totals.mjs BASE_URL [--page]
//   --page  also check the page in headless Chromium (chromium.mjs)
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed".
import { checker, launch, waitResults } from './chromium.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node totals.mjs BASE_URL [--page]');
  process.exit(2);
}
const withPage = process.argv.includes('--page');
const { check, summary } = checker();
const ALL = 'الزيتون', EXACTLY_BOUND = 'البستان', FEW = 'الحقل';

async function search(params) {
  const p = new URLSearchParams(params);
  const r = await fetch(base + '/api/search?' + p, { signal: AbortSignal.timeout(10000) });
  if (!r.ok) throw new Error('/api/search?' + p + ': HTTP ' + r.status);
  return r.json();
}
const counts = (j) => ({ total: j.total, total_relation: j.total_relation, total_all: j.total_all,
  total_all_relation: j.total_all_relation, hits: j.hits.length });
const same = (got, want) => JSON.stringify(got) === JSON.stringify(want);

async function apiChecks() {
  let got = counts(await search({ q: ALL, facets: '0' }));
  check(same(got, { total: 10000, total_relation: 'gte', total_all: 10000, total_all_relation: 'gte', hits: 10 }),
    `facets=0, ${ALL} in 10,100 articles: total 10000 "gte", total_all 10000 "gte"`, got);
  got = counts(await search({ q: ALL }));
  check(same(got, { total: 10100, total_relation: 'eq', total_all: 10100, total_all_relation: 'eq', hits: 10 }),
    'with facets every match is visited: total 10100 "eq"', got);
  got = counts(await search({ q: EXACTLY_BOUND, facets: '0' }));
  check(same(got, { total: 10000, total_relation: 'eq', total_all: 10000, total_all_relation: 'eq', hits: 10 }),
    `facets=0, ${EXACTLY_BOUND} in exactly 10,000 articles: exact, "eq"`, got);
  got = counts(await search({ q: FEW, facets: '0' }));
  check(same(got, { total: 100, total_relation: 'eq', total_all: 100, total_all_relation: 'eq', hits: 10 }),
    `facets=0, ${FEW} in 100 articles: total 100 "eq"`, got);
  // match any over 10,100 articles, 10,000 of them holding both words:
  // each relation says its own count
  got = counts(await search({ q: ALL + ' ' + EXACTLY_BOUND, match: 'any', facets: '0' }));
  check(same(got, { total: 10000, total_relation: 'gte', total_all: 10000, total_all_relation: 'eq', hits: 10 }),
    'facets=0, match any: total "gte", total_all of the 10,000 holding both "eq"', got);
  // (collapse=0 reaches every rank; a collapsed search would read twice the page's end)
  const last = await search({ q: ALL, facets: '0', collapse: '0', offset: '10090' });
  check(last.total_relation === 'gte' && last.hits.length === 10 && last.hits[9].rank === 10100,
    'facets=0, collapse=0: the page at offset 10090, past the bound, has the last 10 hits', counts(last));
  // the default collapsed search reads past its usual 4,000 hits for a deep page
  const deep = await search({ q: ALL, facets: '0', offset: '5000' });
  check(deep.hits.length === 10 && deep.hits[0].rank === 5001,
    'facets=0, collapsed: the page at offset 5000 has 10 hits from rank 5001', counts(deep));
}

// Page 1 asks with facets (exact); turning the page reuses them and asks
// with facets=0, whose total is the lower bound.  Numbers are written as
// the page writes them (format.js's nf: the browser's Arabic digits).
async function pageChecks() {
  const browser = await launch();
  const { page } = browser;
  const status = () => page.locator('#status').textContent();
  const nextPage = async () => {
    await page.click('#pager a.next');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await waitResults(page);
  };
  try {
    await page.goto(base + '/?' + new URLSearchParams({ q: ALL }));
    await waitResults(page);
    const n = await page.evaluate(async (xs) => {
      const f = await import('/format.js');
      return Object.fromEntries(xs.map((x) => [x, f.nf.format(x)]));
    }, [11, 20, 10000, 10100]);
    const first = await status();
    check(first.includes(' من ' + n[10100]) && !first.includes('أكثر من'),
      `page 1 (with facets): the exact total ${n[10100]}`, first);
    await nextPage();
    const second = await status();
    const want = `النتائج ${n[11]}–${n[20]} من أكثر من ${n[10000]}`;
    check(second.includes(want), `page 2 (facets=0): «${want}»`, second);
    await page.goto(base + '/?' + new URLSearchParams({ q: ALL + ' ' + EXACTLY_BOUND, match: 'any' }));
    await waitResults(page);
    await nextPage();
    const any = await status();
    check(any.includes('من أكثر من ' + n[10000]) && any.includes(`منها ${n[10000]} تحوي كل الكلمات`),
      `match any, page 2: the total a lower bound, the exact ${n[10000]} holding every word`, any);
    // an upper bound (a collapsed search that did not read every match, in
    // a store of copies: "lte") is «نحو N»; this store has no copies, so
    // the answer is rewritten on its way to the page
    await page.route('**/api/search?**', async (route) => {
      const resp = await route.fetch();
      const body = await resp.json();
      body.total_relation = 'lte';
      await route.fulfill({ response: resp, json: body });
    });
    await page.goto(base + '/?' + new URLSearchParams({ q: FEW }));
    await waitResults(page);
    const about = await status();
    await page.unrouteAll();
    const hundred = await page.evaluate(async () => (await import('/format.js')).nf.format(100));
    check(about.includes(' من نحو ' + hundred) && !about.includes('أكثر من'),
      `total_relation "lte": «من نحو ${hundred}»`, about);
  } finally {
    await browser.close();
  }
}

try {
  await apiChecks();
  if (withPage) await pageChecks();
} catch (e) {
  check(false, 'totals checks ran to the end', String(e && e.stack || e));
}
process.exit(summary() ? 1 : 0);
