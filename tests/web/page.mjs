// page.mjs - the search page's layout and language in headless Chromium,
// at 1280 and 390 px wide: bidi isolation of the meta line, Arabic error
// messages with the server's detail isolated, the date fields (ISO and
// Arabic-Indic digits), categories holding several values, facet labels
// that never run into their counts, the filters above the results on a
// phone, first and last pages, the article's other fields, and
// screenshots whose pixels are checked.
//
// usage: node tests/web/page.mjs BASE_URL SHOT_DIR
// Needs the articles of tests/web/page_corpus.py in the served database
// (all hold the word الفستق), tests/web/corpus.jsonl (html-1) and
// tests/sqlite/names.jsonl with its variants learned (fahras variants --learn).
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checker, launch, watch, waitResults } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [base, shotDir] = process.argv.slice(2);
if (!base || !shotDir) {
  console.error('usage: node page.mjs BASE_URL SHOT_DIR');
  process.exit(2);
}
const Q = 'الفستق';             // 65 articles: 7 pages
const PAGES = 7;
const NOCAT_QUERY = 'اختبارالاتجاه'; // fst-nocat: Latin source, then the date
const EXTRA_ID = 'fst-extra';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const { check, summary } = checker();
const browser = await launch(DESKTOP);
const { page, context } = browser;
const watched = watch(page, base);
// Every CSP violation, seen from inside the page, on every load.
const cspViolations = [];
await page.exposeFunction('__reportCsp', (v) => { cspViolations.push(v); });
await page.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI));
});

const params = () => new URL(page.url()).searchParams;
const url = (p) => base + '/?' + new URLSearchParams(p).toString();
async function open(p) {
  await page.goto(url(p));
  await waitResults(page);
}
const digits = (t) => Number(String(t).replace(/[\u0660-\u0669]/g, (c) => c.charCodeAt(0) - 0x660).replace(/[^0-9]/g, ''));

// ---------------------------------------------------------------------------
// Measurements made inside the page
// ---------------------------------------------------------------------------

// For every meta line matching sel: the parts (children that are not
// separators) whose characters are not one visual run on a line, i.e. a
// character of another part lies between two of theirs.
function bidiSplits(sel) {
  const out = [];
  for (const meta of document.querySelectorAll(sel)) {
    const parts = [...meta.children].filter((e) => !e.classList.contains('sep'));
    const chars = [];
    parts.forEach((p, pi) => {
      const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        for (let i = 0; i < n.data.length; i++) {
          if (/\s/.test(n.data[i])) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const b = r.getBoundingClientRect();
          if (b.width > 0) chars.push({ pi, c: n.data[i], x: b.left + b.width / 2, y: b.top + b.height / 2 });
        }
      }
    });
    chars.sort((a, b) => a.y - b.y);
    let line = 0, lastY = null;
    for (const ch of chars) {
      if (lastY !== null && ch.y - lastY > 8) line++;
      ch.line = line;
      lastY = ch.y;
    }
    parts.forEach((p, pi) => {
      const mine = chars.filter((c) => c.pi === pi);
      for (const L of new Set(mine.map((c) => c.line))) {
        const xs = mine.filter((c) => c.line === L).map((c) => c.x);
        const lo = Math.min(...xs), hi = Math.max(...xs);
        const inside = chars.filter((c) => c.line === L && c.pi !== pi && c.x > lo && c.x < hi);
        if (inside.length) out.push(p.textContent + ' split by ' + inside.map((c) => c.c).join(''));
      }
    });
  }
  return out;
}

// Facet rows whose label and count boxes overlap, or that stick out of
// the panel; long labels cut without an ellipsis or without a title.
function facetProblems() {
  const out = [];
  const panel = document.getElementById('filters').getBoundingClientRect();
  for (const li of document.querySelectorAll('#filters .facet li')) {
    const label = li.querySelector('a');
    const name = label.title;
    // The painted text: its whole extent, clipped by the label's box
    // when that hides overflow.
    const range = document.createRange();
    range.selectNodeContents(label);
    const t = range.getBoundingClientRect();
    const own = label.getBoundingClientRect();
    const clip = getComputedStyle(label).overflowX !== 'visible';
    const a = clip ? { left: Math.max(t.left, own.left), right: Math.min(t.right, own.right), top: t.top, bottom: t.bottom } : t;
    const c = li.querySelector('.count').getBoundingClientRect();
    if (a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom) out.push('overlap: ' + name);
    const r = li.getBoundingClientRect();
    if (r.left < panel.left - 1 || r.right > panel.right + 1) out.push('outside the panel: ' + name);
    if (label.scrollWidth > label.clientWidth + 1 &&
        (getComputedStyle(label).textOverflow !== 'ellipsis' || label.title !== label.textContent)) out.push('cut without ellipsis/title: ' + name);
  }
  return out;
}

// For every element matching sel: on how many lines its characters lie.
function linesOf(sel) {
  return [...document.querySelectorAll(sel)].map((e) => {
    const ys = [];
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        if (/\s/.test(n.data[i])) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const b = r.getBoundingClientRect();
        if (b.width > 0) ys.push(b.top + b.height / 2);
      }
    }
    ys.sort((a, b) => a - b);
    return ys.length ? 1 + ys.filter((y, i) => i > 0 && y - ys[i - 1] > 8).length : 0;
  });
}

const overflowX = () => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
const box = (sel) => page.locator(sel).first().evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height, bottom: r.bottom, right: r.right };
});

// Screenshot pixels, read back in a blank page (no CSP there): the size,
// how many colours, and for each probe whether its colour is found in its box.
async function readShot(file, probes) {
  const b64 = readFileSync(file).toString('base64');
  const p2 = await context.newPage();
  try {
    await p2.setContent('<!doctype html><title>shot</title>');
    return await p2.evaluate(async ({ b64, probes }) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const all = g.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      for (let i = 0; i < all.length; i += 4 * 7) colours.add((all[i] << 16) | (all[i + 1] << 8) | all[i + 2]);
      const found = probes.map(({ rgb, x, y, w, h }) => {
        const d = g.getImageData(Math.max(0, Math.floor(x)), Math.max(0, Math.floor(y)), Math.max(1, Math.floor(w)), Math.max(1, Math.floor(h))).data;
        for (let i = 0; i < d.length; i += 4) {
          if (Math.abs(d[i] - rgb[0]) <= 6 && Math.abs(d[i + 1] - rgb[1]) <= 6 && Math.abs(d[i + 2] - rgb[2]) <= 6) return true;
        }
        return false;
      });
      return { width: img.width, height: img.height, colours: colours.size, found };
    }, { b64, probes });
  } finally {
    await p2.close();
  }
}
const ACCENT = [0x0b, 0x5d, 0x6b], MARK = [0xff, 0xe5, 0x8a], BAR = [0xdc, 0xeb, 0xee];

async function shotChecks(name, file, size, probes) {
  const got = await readShot(file, probes.map((p) => p.probe));
  check(got.width === size.width && got.height === size.height, `${name}: screenshot is ${size.width}x${size.height}`, [got.width, got.height]);
  check(got.colours > 40, `${name}: screenshot is not blank (${got.colours} colours)`);
  probes.forEach((p, i) => check(got.found[i], `${name}: screenshot shows ${p.what}`, p.probe));
}

// Labels and counts of a facet list as drawn.
const facetList = (kind) => page.$$eval(`#facet-${kind} li`, (lis) => lis.map((li) => [li.querySelector('a').dataset.value, li.querySelector('.count').textContent]));

// The pager's items as drawn: page numbers, "…", prev/next.
const pagerItems = () => page.$$eval('#pager > *', (xs) => xs.map((x) =>
  x.classList.contains('prev') ? 'prev' : x.classList.contains('next') ? 'next' : x.classList.contains('gap') ? '…'
    : (x.classList.contains('current') ? '*' : '') + x.textContent));

try {
  // -------------------------------------------------------------------------
  // 1. At 1280 px: filters beside the results, meta lines, facets.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  check(await page.locator('#hits .hit').count() === 10, 'desktop: a page of results');
  check(await page.evaluate(() => document.querySelectorAll('script:not([src])').length === 0), 'no inline script in the page');
  check(!(await page.isVisible('#filters-toggle')), 'desktop: no filter bar, the panel is always shown');
  check(await page.isVisible('#facet-source li a'), 'desktop: facets beside the results');
  check(await overflowX() <= 0, 'desktop: no horizontal overflow', await overflowX());

  // The meta line: every part its own <bdi>, one visual run each.
  const metaShape = await page.$$eval('#hits .hit .meta', (ms) => ms.every((m) =>
    [...m.children].every((c) => c.tagName === 'BDI' || c.classList.contains('sep'))));
  check(metaShape, 'meta line: every part is a <bdi> (separators outside them)');
  check((await page.evaluate(bidiSplits, '#hits .hit .meta')).length === 0, 'desktop: each meta part (source, category, date) is one visual run',
    await page.evaluate(bidiSplits, '#hits .hit .meta'));
  const dateLines = await page.evaluate(linesOf, '#hits .hit .meta time');
  check(dateLines.length === 10 && dateLines.every((n) => n === 1), 'desktop: every date on one line', dateLines);
  const latinMeta = await page.$$eval('#hits .hit .meta', (ms) => ms.filter((m) => /[A-Za-z]/.test(m.textContent)).length);
  check(latinMeta >= 3, 'Latin source names are among the meta lines checked', latinMeta);

  // The check itself: the meta line as it used to be made (no isolation,
  // a Latin source right before a Latin-digit date) is caught as split.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.className = 'meta';
    p.id = 'probe';
    const src = document.createElement('span');
    src.textContent = 'skynews';
    const sep = document.createElement('span');
    sep.className = 'sep';
    sep.textContent = ' · ';
    const t = document.createElement('time');
    t.textContent = '7 مايو 2018';
    p.append(src, sep, t);
    document.getElementById('status').after(p);
  });
  const oldSplit = await page.evaluate(bidiSplits, '#probe');
  await page.evaluate(() => document.getElementById('probe').remove());
  check(oldSplit.length > 0, 'the bidi check catches an unisolated date split by a Latin source', oldSplit);

  await open({ q: NOCAT_QUERY });
  check(await page.locator('#hits .hit').count() === 1 &&
        (await page.textContent('#hits .hit .meta .source')) === 'skynews', 'a Latin source right before the date (no category)');
  check((await page.evaluate(bidiSplits, '#hits .hit .meta')).length === 0, 'that date is one visual run beside the Latin source',
    await page.evaluate(bidiSplits, '#hits .hit .meta'));

  // -------------------------------------------------------------------------
  // 2. Categories holding several values; long facet labels.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  const all = await (await fetch(url({ q: Q, limit: '1000', facets: '0' }).replace('/?', '/api/search?'))).json();
  const want = new Map();
  for (const h of all.hits) {
    for (const c of new Set((h.category || '').split(/[,\u060C]/).map((x) => x.trim()).filter(Boolean))) want.set(c, (want.get(c) || 0) + 1);
  }
  const cats = await facetList('category');
  check(all.hits.some((h) => /[,\u060C]/.test(h.category || '')), 'the corpus has categories holding several values');
  check(cats.length === want.size && cats.every(([v]) => !/[,\u060C]/.test(v)), 'category facet: one entry per category, none holding a comma', cats);
  check(cats.every(([v, n]) => want.get(v) === digits(n)), 'category facet: each count is the number of articles holding that category', [cats, [...want]]);
  const multi = await page.$$eval('#hits .hit .meta', (ms) => ms.map((m) => m.querySelectorAll('bdi.category').length));
  check(multi.some((n) => n >= 2), 'a hit with two categories shows two <bdi> in its meta line', multi);

  // The same page when the API already splits them: the same list.
  await page.route('**/api/search?**', async (route) => {
    const resp = await route.fetch();
    const body = await resp.json();
    if (body.facets) {
      const split = new Map();
      for (const f of body.facets.category) for (const c of f.value.split(/[,\u060C]/).map((x) => x.trim())) split.set(c, (split.get(c) || 0) + f.count);
      body.facets.category = [...split].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    }
    await route.fulfill({ response: resp, json: body });
  });
  await open({ q: Q, source: 'skynews' });
  const presplit = await facetList('category');
  await page.unrouteAll();
  await open({ q: Q, source: 'skynews' });
  const combined = await facetList('category');
  check(combined.length > 1 && JSON.stringify(presplit) === JSON.stringify(combined),
    'category facet: the same whether the API splits the values or not', [presplit, combined]);

  // Choosing one category filters by it.
  await open({ q: Q });
  const cat = cats[0][0];
  await page.click(`#facet-category li a[data-value="${cat}"]`);
  await page.waitForFunction((v) => new URLSearchParams(location.search).get('category') === v, cat);
  await waitResults(page);
  const hitCats = await page.$$eval('#hits .hit .meta', (ms) => ms.map((m) => [...m.querySelectorAll('bdi.category')].map((b) => b.textContent)));
  check(hitCats.length > 0 && hitCats.every((cs) => cs.includes(cat)), 'a category from the facet filters the hits', [cat, hitCats]);
  check((await page.textContent('#active-filters .chip[data-filter="category"] bdi')) === cat, 'the category chip shows it isolated');
  check(await page.getAttribute(`#facet-category li a[data-value="${cat}"]`, 'aria-current') === 'true', 'the chosen category is marked in the facet');

  // Long labels: an ellipsis and the whole label as title, never over the count.
  await open({ q: Q });
  const long = await page.$$eval('#facet-source li a', (as) => as.filter((a) => a.scrollWidth > a.clientWidth + 1)
    .map((a) => ({ title: a.title, text: a.textContent, ellipsis: getComputedStyle(a).textOverflow })));
  check(long.length >= 2 && long.every((l) => l.ellipsis === 'ellipsis' && l.title === l.text && l.title.length > 40),
    'desktop: long source names are cut with an ellipsis, whole in their title', long);
  check((await page.evaluate(facetProblems)).length === 0, 'desktop: no facet label overlaps its count or leaves the panel', await page.evaluate(facetProblems));

  // The 1280 screenshot, checked.
  const shot1280 = join(shotDir, 'screenshot-1280.png');
  await page.evaluate(() => document.fonts.ready);
  const probes1280 = [
    { what: 'the search button (accent colour)', probe: { rgb: ACCENT, ...(await box('#go')) } },
    { what: 'a marked word in a snippet', probe: { rgb: MARK, ...(await box('#hits .snippet mark')) } },
    { what: 'the source facet with its count bars', probe: { rgb: BAR, ...(await box('#facet-source ul')) } },
  ];
  await page.screenshot({ path: shot1280 });
  await shotChecks('1280', shot1280, DESKTOP, probes1280);

  // -------------------------------------------------------------------------
  // 3. Pagination: first and last pages.
  // -------------------------------------------------------------------------
  check(JSON.stringify(await pagerItems()) === JSON.stringify(['*1', '2', '3', '…', String(PAGES), 'next']),
    'page 1: current first page, a window, the last page, next', await pagerItems());
  check((await page.getAttribute('#pager .last', 'aria-label')).includes('الأخيرة'), 'the last page is named as such');
  await page.click('#pager a.last');
  await page.waitForFunction((n) => new URLSearchParams(location.search).get('page') === String(n), PAGES);
  await waitResults(page);
  check(await page.locator('#pager .current.last').count() === 1 && await page.locator('#pager a.next').count() === 0,
    'the last page link opens the last page (current, no next)');
  check(digits(/–\s*(\S+)/.exec(await page.textContent('#status'))[1]) === all.total && await page.locator('#hits .hit').count() === all.total % 10,
    'the last page holds the last results', await page.textContent('#status'));
  await page.click('#pager a.first');
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('page'));
  await waitResults(page);
  check(await page.locator('#pager .current.first').count() === 1, 'the first page link opens page 1');
  await open({ q: Q, page: '4' });
  check(JSON.stringify(await pagerItems()) === JSON.stringify(['prev', '1', '2', '3', '*4', '5', '6', String(PAGES), 'next']),
    'desktop, page 4: first, two pages either side, last', await pagerItems());

  // -------------------------------------------------------------------------
  // 4. Dates: ISO or Arabic-Indic digits, a year or a month, in Arabic.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  check(await page.getAttribute('#from', 'type') === 'text' && await page.getAttribute('#from', 'dir') === 'ltr',
    'date fields are text fields, left-to-right (no mm/dd/yyyy picker)');
  const validity = await page.evaluate(() => {
    const f = document.getElementById('from');
    const ok = (v) => { f.value = v; return !f.validity.patternMismatch; };
    const r = { arabic: ok('٢٠١٨-٠٥'), persian: ok('۲۰۱۸-۰۵-۰۷'), iso: ok('2018-05-07'), us: ok('05/07/2018'), word: ok('May 2018') };
    f.value = '';
    return r;
  });
  check(validity.arabic && validity.persian && validity.iso && !validity.us && !validity.word,
    'the fields\' pattern takes YYYY[-MM[-DD]] in any digits, not mm/dd/yyyy', validity);
  const parsed = await page.evaluate(async () => {
    const { parseDateInput } = await import('/format.js');
    const cases = [['2024', false], ['2024', true], ['2024-02', true], ['2023-02', true], ['٢٠٢٤/٠٢/٠٩', false],
      ['\u200F2024-2-9\u200F', false], [' 2024 . 12 ', true], ['2018-02-30', false], ['2024-13', false], ['15/02/2024', false], ['', false]];
    return cases.map(([t, end]) => parseDateInput(t, end));
  });
  const isoOf = parsed.map((r) => r.iso === undefined ? 'error' : r.iso);
  check(JSON.stringify(isoOf) === JSON.stringify(['2024-01-01', '2024-12-31', '2024-02-29', '2023-02-28', '2024-02-09',
    '2024-02-09', '2024-12-31', 'error', 'error', 'error', '']), 'date parser: years, months, Arabic digits, bidi marks; impossible days refused', isoOf);
  check(parsed.filter((r) => r.error).every((r) => /[\u0600-\u06FF]/.test(r.error) && !/[A-Za-z]/.test(r.error)), 'date parser errors are in Arabic');

  await page.fill('#from', '٢٠١٨-٠٥');
  await page.fill('#to', '۲۰۱۸');
  check((await page.textContent('#from-read')) === '1 مايو 2018' || (await page.textContent('#from-read')).includes('مايو'),
    'the "from" field says in Arabic which day it reads', await page.textContent('#from-read'));
  check((await page.textContent('#to-read')).includes('ديسمبر'), 'the "to" field reads a year as its last day', await page.textContent('#to-read'));
  await page.click('#dates button');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('to') === '2018-12-31');
  await waitResults(page);
  check(params().get('from') === '2018-05-01', 'Arabic-Indic digits normalized into an ISO date in the URL', page.url());
  check(await page.inputValue('#from') === '2018-05-01' && await page.inputValue('#to') === '2018-12-31', 'the fields then show the ISO dates');
  const inRange = await page.$$eval('#hits .hit time', (ts) => ts.map((t) => t.dateTime));
  check(inRange.length > 0 && inRange.every((d) => d >= '2018-05-01' && d <= '2018-12-31'), 'every hit within the range', inRange);
  const chips = await page.$$eval('#active-filters .chip bdi', (bs) => bs.map((b) => b.textContent));
  check(chips.length === 2 && chips.every((c) => /[\u0600-\u06FF]/.test(c) && !/\d{4}-\d{2}/.test(c)), 'date chips read in Arabic', chips);

  const before = page.url();
  await page.fill('#from', '2018-02-30');
  await page.click('#dates button');
  await page.waitForSelector('#dates-error:not([hidden])');
  check(/[\u0600-\u06FF]/.test(await page.textContent('#dates-error')) && !/[A-Za-z]/.test(await page.textContent('#dates-error')),
    'an impossible day: an Arabic message', await page.textContent('#dates-error'));
  check(await page.getAttribute('#from', 'aria-invalid') === 'true' && await page.evaluate(() => document.activeElement.id) === 'from' && page.url() === before,
    'the field is marked invalid and focused; the search is unchanged');
  check((await page.getAttribute('#from', 'aria-describedby')).includes('dates-error'), 'the message is tied to the field (aria-describedby)');
  await page.fill('#from', '2019');
  await page.fill('#to', '2018-06');
  await page.click('#dates button');
  check((await page.textContent('#dates-error')).includes('بعد') && page.url() === before, 'a start after the end: an Arabic message');
  await open({ q: Q, from: '2019', to: '2019-03' });
  const partial = await page.$$eval('#hits .hit time', (ts) => ts.map((t) => t.dateTime));
  check(await page.getAttribute('#status', 'class') !== 'error' && partial.length > 0 && partial.every((d) => d >= '2019-01-01' && d <= '2019-03-31'),
    'a year and a month in a shared URL are read as whole days', partial);

  // -------------------------------------------------------------------------
  // 4b. Sort by date and the match mode: controls above the results, kept
  // in the URL (sort=, match=), the status line telling how it counted.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  check(await page.isVisible('#controls') && await page.inputValue('#sort') === '' && await page.inputValue('#match') === '',
    'the sort and match controls show their defaults');
  check((await page.textContent('#status .match-note')).includes('كل'), 'match all: the status says every result holds every word',
    await page.textContent('#status'));
  await page.selectOption('#sort', 'newest');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'newest');
  await waitResults(page);
  const newestDates = await page.$$eval('#hits .hit time', (ts) => ts.map((t) => t.dateTime));
  check(newestDates.length === 10 && newestDates.every((d, i) => i === 0 || newestDates[i - 1] >= d),
    'sort newest: the page in date order, latest first', newestDates);
  await page.click('#pager a.last');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('page') !== null);
  await waitResults(page);
  const lastDates = await page.$$eval('#hits .hit time', (ts) => ts.map((t) => t.dateTime));
  check(lastDates.length > 0 && lastDates.every((d) => d <= newestDates[newestDates.length - 1]) && params().get('sort') === 'newest',
    'sort newest: the last page holds the earliest articles, the order kept while paging', lastDates);
  await page.selectOption('#sort', 'oldest');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'oldest');
  await waitResults(page);
  const oldestDates = await page.$$eval('#hits .hit time', (ts) => ts.map((t) => t.dateTime));
  check(!params().has('page') && oldestDates.every((d, i) => i === 0 || oldestDates[i - 1] <= d) && oldestDates[0] <= lastDates[lastDates.length - 1],
    'sort oldest: back to page 1, earliest first', oldestDates);
  await open({ q: Q + ' ' + NOCAT_QUERY });
  const allNote = await page.textContent('#status');
  await page.selectOption('#match', 'any');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('match') === 'any');
  await waitResults(page);
  const anyNote = await page.textContent('#status .match-note');
  const totalOf = (t) => digits(/من\s*(\S+)/.exec(t)[1]);
  check(totalOf(await page.textContent('#status')) >= totalOf(allNote) && /كل الكلمات/.test(anyNote) && await page.inputValue('#match') === 'any',
    'match any: as many results or more, and the status tells how many hold every word', [allNote, anyNote]);
  await page.goto(url({ q: Q, match: '75%', sort: 'newest' }));
  await waitResults(page);
  check(await page.inputValue('#match') === '75%' && await page.inputValue('#sort') === 'newest', 'a shared URL sets the controls (match=75%)');

  // -------------------------------------------------------------------------
  // 5. Errors in Arabic, the server's detail isolated left-to-right.
  // -------------------------------------------------------------------------
  const isolatedDetail = (sel) => page.evaluate((s) => {
    const root = document.querySelector(s);
    const strong = root.querySelector('strong');
    const d = root.querySelector('bdi.detail');
    if (!strong || !d) return null;
    const cs = getComputedStyle(d);
    return { arabic: strong.textContent, detail: d.textContent, dir: d.getAttribute('dir'), bidi: cs.unicodeBidi, direction: cs.direction };
  }, sel);
  await open({ q: '-' + Q });
  let err = await isolatedDetail('#status');
  check(err && err.detail.includes('bad_query') && err.dir === 'ltr' && err.direction === 'ltr' && /isolate/.test(err.bidi),
    'a refused query: the detail (code and message) in a <bdi dir=ltr>', err);
  check(err && /[\u0600-\u06FF]/.test(err.arabic) && !/[A-Za-z]/.test(err.arabic), 'and the sentence before it in Arabic only', err);

  // Every error code the API documents has its own Arabic sentence.
  const codes = [...readFileSync(join(here, '..', '..', 'docs', 'http.md'), 'utf8').matchAll(/^\| (\d{3}) \| `([a-z_]+)` \|/gm)]
    .map((m) => ({ status: Number(m[1]), code: m[2] }));
  check(codes.length >= 14, 'docs/http.md lists the error codes', codes.length);
  const generic = new Set();
  const seen = [];
  for (const { status, code } of [...codes, { status: 418, code: 'brand_new_code' }, { status: 503, code: '' }]) {
    await page.route('**/api/search?**', (route) => route.fulfill({
      status, contentType: 'application/json',
      body: JSON.stringify({ error: { status, code, message: 'English detail for ' + (code || status) } }),
    }));
    await open({ q: Q, category: 'x' + code });
    const e = await isolatedDetail('#status');
    seen.push({ code, e });
    if (!e || !code || code === 'brand_new_code') generic.add(e && e.arabic);
    await page.unrouteAll();
  }
  const bad = seen.filter(({ e }) => !e || /[A-Za-z]/.test(e.arabic) || !/[\u0600-\u06FF]/.test(e.arabic) || !e.detail.includes('English detail') || e.dir !== 'ltr');
  check(bad.length === 0, `every documented error code (${codes.length}) and an unknown one: Arabic sentence, English detail isolated`, bad);
  const own = seen.filter(({ code }) => codes.some((c) => c.code === code)).map(({ e }) => e.arabic);
  check(own.every((t) => !generic.has(t)), 'documented codes get their own sentence, not the fallback');
  await page.route('**/api/search?**', (route) => route.abort('connectionrefused'));
  await open({ q: Q, category: 'offline' });
  err = await isolatedDetail('#status');
  check(err && err.arabic.includes('الاتصال') && err.dir === 'ltr', 'server unreachable: Arabic, with the browser\'s detail isolated', err);
  await page.unrouteAll();
  await page.route((u) => u.pathname.startsWith('/api/doc'), (route) => route.fulfill({ status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: { status: 500, code: 'store_error', message: 'database failed' } }) }));
  await page.goto(url({ q: Q, doc: EXTRA_ID }));
  await page.waitForSelector('#article-body .error');
  err = await isolatedDetail('#article-body .error');
  check(err && !/[A-Za-z]/.test(err.arabic) && err.detail.includes('store_error') && err.dir === 'ltr', 'an article that fails: Arabic, detail isolated', err);
  await page.unrouteAll();

  // -------------------------------------------------------------------------
  // 6. The article's other fields.
  // -------------------------------------------------------------------------
  await page.goto(url({ q: Q, doc: EXTRA_ID }));
  await page.waitForSelector('#article-fields:not([hidden]) dt');
  const fields = await page.$$eval('#article-fields dt', (dts) => dts.map((dt) => {
    const dd = dt.nextElementSibling;
    const a = dd.querySelector('a');
    return { name: dt.dataset.field, label: dt.textContent, value: dd.textContent, href: a ? a.getAttribute('href') : null, rel: a ? a.rel : null, target: a ? a.target : null };
  }));
  const f = Object.fromEntries(fields.map((x) => [x.name, x]));
  check(fields[0] && fields[0].name === 'author' && f.author.label === 'الكاتب' && f.author.value === 'سارة الحلبي', 'the author first, under an Arabic label', fields[0]);
  check(fields[1] && fields[1].name === 'url' && f.url.href === 'https://example.org/pistachio?id=1&lang=ar' &&
        f.url.rel.includes('noopener') && f.url.rel.includes('noreferrer') && f.url.target === '_blank', 'the web address next, as a safe link', f.url);
  check(f.image && f.image.href === 'https://example.org/img/pistachio.jpg', 'an http(s) value of another field is a link too', f.image);
  check(f.canonical && f.canonical.href === null && f.canonical.value === 'javascript:alert(3)', 'a javascript: value is shown as text, not a link', f.canonical);
  check(f.tags && f.tags.value.includes('Aleppo') && f.tags.value.includes('تجارة'), 'a list field shows its items', f.tags);
  check(f.word_count && f.word_count.value === '42' && f.location && f.location.value.includes('حلب') && f.location.value.includes('country'),
    'numbers and nested fields are shown', [f.word_count, f.location]);
  check(!f.empty_note, 'empty fields are left out');
  check((await page.evaluate(bidiSplits, '#article-meta')).length === 0 && await page.locator('#article-meta bdi.category').count() === 2,
    'the article\'s meta line: isolated parts, two categories');

  // Hostile values in fields: text only, and only http(s) links.
  await page.route((u) => u.pathname.startsWith('/api/doc'), (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
    id: 'mock', title: 'عنوان', body: 'نص', source: 'x', category: null, date: null, url: ' JAVASCRIPT:alert(4)',
    extra: { '<b>key</b>': '<img src=x onerror=alert(5)>', link: 'data:text/html,<script>alert(6)</script>', author: ['أ', 'ب'], n: null, deep: { a: { b: { c: { d: 1 } } } } },
  }) }));
  await page.goto(url({ doc: 'mock' }));
  await page.waitForSelector('#article-fields:not([hidden]) dt');
  check(await page.locator('#article img, #article b, #article script').count() === 0, 'HTML in field names and values is shown as text');
  const hrefs = await page.$$eval('#article a[href]:not(#back)', (as) => as.map((a) => a.href));
  check(hrefs.every((h) => /^https?:/.test(h)), 'no link but http(s) in the article view', hrefs);
  check((await page.textContent('#article-fields')).includes('<img src=x onerror=alert(5)>'), 'the hostile value reads as text');
  await page.unrouteAll();
  await page.goto(url({ q: 'مهرجان', doc: 'html-1' }));
  await page.waitForSelector('#article-fields:not([hidden]) dt');
  check(await page.locator('#article-fields a').count() === 0 && (await page.textContent('#article-fields')).includes('javascript:alert(1)'),
    'html-1: its javascript: address is text in the field list, not a link');

  // -------------------------------------------------------------------------
  // 6b. What the search changed: a near spelling, variant spellings, the
  //     relaxed retry, each line with a link that searches as typed
  //     (tests/sqlite/names.jsonl, variants learned).
  // -------------------------------------------------------------------------
  const rewriteLines = () => page.$$eval('#rewrites .rewrite', (ps) => ps.map((p) => [p.dataset.kind, p.textContent]));
  await open({ q: 'وبومبييو' });
  let lines = await rewriteLines();
  check(lines.length === 1 && lines[0][0] === 'spelling' &&
    lines[0][1] === 'عرض نتائج «بومبيو» — ابحث بدلًا من ذلك عن «وبومبييو»',
  'near spelling: "عرض نتائج بومبيو — ابحث بدلًا من ذلك عن وبومبييو"', lines);
  const spellTotal = digits(await page.textContent('#status'));
  await page.click('#rewrites .rewrite[data-kind=spelling] a.original');
  await page.waitForFunction(() => document.getElementById('status').className === 'empty');
  check(params().get('spelling') === '0' && (await rewriteLines()).length === 0,
    'its link searches the word as typed (spelling=0): no results, no line', [page.url(), await rewriteLines()]);
  check(spellTotal > 0, 'the corrected search had results', spellTotal);
  await page.fill('#q', 'وبومبييو');
  await page.click('#go');
  await page.waitForFunction(() => document.querySelector('#rewrites .rewrite'));
  check(params().get('spelling') === null, 'a new search corrects again (spelling=0 dropped)', page.url());

  await open({ q: 'ترامب' });
  lines = await rewriteLines();
  check(lines.length === 1 && lines[0][0] === 'variants' && lines[0][1].startsWith('بحثنا أيضًا عن: ترمب'),
    'variants: "also searched: ترمب" line', lines);
  const withVariants = digits((await page.textContent('#status')).split('من')[1]);
  await page.click('#rewrites .rewrite[data-kind=variants] a.original');
  await page.waitForFunction(() => !document.querySelector('#rewrites .rewrite') &&
    document.getElementById('status').className !== 'loading');
  const typedOnly = digits((await page.textContent('#status')).split('من')[1]);
  check(params().get('variants') === '0' && withVariants === 14 && typedOnly === 8,
    'its link searches the spelling typed only (variants=0): 14 -> 8 results', [page.url(), withVariants, typedOnly]);

  await open({ q: '"ترامب بومبيو"' });
  lines = await rewriteLines();
  check(lines.length === 1 && lines[0][0] === 'relaxed' && lines[0][1].includes('دون اشتراط'),
    'a lone phrase matching nothing: the relaxed retry is said', lines);
  await open({ q: Q });
  check((await rewriteLines()).length === 0, 'a search changed in nothing shows no such line');

  // -------------------------------------------------------------------------
  // 7. At 390 px: the filters above the results, in a bar that opens.
  // -------------------------------------------------------------------------
  await page.setViewportSize(PHONE);
  await open({ q: Q });
  await page.evaluate(() => document.fonts.ready);
  const tog = await box('#filters-toggle');
  const firstHit = await box('#hits .hit');
  check(await page.isVisible('#filters-toggle') && tog.y >= 0 && tog.bottom <= PHONE.height && await page.evaluate(() => scrollY) === 0,
    'phone: the filter control is within the first screen', tog);
  check(tog.bottom <= firstHit.y, 'phone: the filter control comes before the results', [tog, firstHit]);
  check(tog.h >= 44 && tog.w >= 300, 'phone: the filter control is a full-width bar, easy to touch', tog);
  check(await page.getAttribute('#filters-toggle', 'aria-expanded') === 'false' && !(await page.isVisible('#facet-source')),
    'phone: the panel starts closed (aria-expanded=false)');
  check(await overflowX() <= 0, 'phone: no horizontal overflow on the results', await overflowX());
  check((await page.evaluate(bidiSplits, '#hits .hit .meta')).length === 0, 'phone: each meta part is one visual run, even when the line wraps',
    await page.evaluate(bidiSplits, '#hits .hit .meta'));
  const phoneDates = await page.evaluate(linesOf, '#hits .hit .meta time');
  check(phoneDates.every((n) => n === 1), 'phone: no date is broken across lines', phoneDates);
  const shot390 = join(shotDir, 'screenshot-390.png');
  const probes390 = [
    { what: 'the filter bar at the top (accent colour)', probe: { rgb: ACCENT, ...tog } },
    { what: 'a marked word in the first result', probe: { rgb: MARK, ...(await box('#hits .snippet mark')) } },
  ];
  await page.screenshot({ path: shot390 });
  await shotChecks('390', shot390, PHONE, probes390);

  // Open it from the keyboard.
  await page.focus('#filters-toggle');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#facet-source li a', { state: 'visible' });
  check(await page.getAttribute('#filters-toggle', 'aria-expanded') === 'true', 'phone: Enter on the bar opens the panel (aria-expanded=true)');
  const firstFacet = await box('#facet-source li a');
  check(firstFacet.bottom <= PHONE.height, 'phone: the first filter value is within the first screen once opened', firstFacet);
  check(await overflowX() <= 0, 'phone: no horizontal overflow with the panel open', await overflowX());
  check((await page.evaluate(facetProblems)).length === 0, 'phone: no facet label overlaps its count or leaves the panel', await page.evaluate(facetProblems));
  const phoneLong = await page.$$eval('#facet-source li a', (as) => as.filter((a) => a.scrollWidth > a.clientWidth + 1).length);
  check(phoneLong >= 2, 'phone: long labels are cut there too', phoneLong);
  const facetHeights = await page.$$eval('#filters .facet li', (lis) => Math.min(...lis.map((li) => li.getBoundingClientRect().height)));
  check(facetHeights >= 32, 'phone: facet rows tall enough to touch', facetHeights);
  const shot390f = join(shotDir, 'screenshot-390-filters.png');
  const probes390f = [{ what: 'the open panel\'s count bars', probe: { rgb: BAR, ...(await box('#facet-source ul')) } }];
  await page.screenshot({ path: shot390f });
  await shotChecks('390, filters open', shot390f, PHONE, probes390f);

  // Choosing a value closes the panel and shows the results.
  await page.click('#facet-source li a[data-value="skynews"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('source') === 'skynews');
  await waitResults(page);
  check(await page.getAttribute('#filters-toggle', 'aria-expanded') === 'false' && !(await page.isVisible('#facet-source')), 'phone: choosing a filter closes the panel');
  check((await box('#hits .hit')).y < PHONE.height, 'phone: the results are then in view');
  check(digits(await page.textContent('#filters-count')) === 1, 'phone: the bar counts the active filters', await page.textContent('#filters-count'));

  // The pager on a phone: narrower window, nothing outside the screen.
  await open({ q: Q, page: '4' });
  check(JSON.stringify(await pagerItems()) === JSON.stringify(['prev', '1', '…', '3', '*4', '5', '…', String(PAGES), 'next']),
    'phone, page 4: first, one page either side, last', await pagerItems());
  const pagerBoxes = await page.$$eval('#pager > :not(.gap)', (xs) => xs.map((x) => { const r = x.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; }));
  check(pagerBoxes.every(([l, r, w, h]) => l >= 0 && r <= PHONE.width && w >= 44 && h >= 44), 'phone: every pager control on screen and at least 44 px', pagerBoxes);
  check(await overflowX() <= 0, 'phone: no horizontal overflow with the pager', await overflowX());
  await page.setViewportSize(DESKTOP);
  await page.waitForFunction(() => document.querySelectorAll('#pager > :not(.gap)').length === 9);
  check(JSON.stringify(await pagerItems()) === JSON.stringify(['prev', '1', '2', '3', '*4', '5', '6', String(PAGES), 'next']),
    'widening the window redraws the pager', await pagerItems());
  await page.setViewportSize(PHONE);

  // The other views at 390 px.
  await page.goto(url({ q: Q, doc: EXTRA_ID }));
  await page.waitForSelector('#article-fields:not([hidden]) dt');
  check(await overflowX() <= 0, 'phone: no horizontal overflow in the article view', await overflowX());
  check(!(await page.isVisible('#filters-toggle')), 'phone: no filter bar in the article view');
  await open({ q: '-' + Q });
  check(await overflowX() <= 0, 'phone: no horizontal overflow on an error', await overflowX());
  await open({ q: 'x'.repeat(300) });
  check(await overflowX() <= 0, 'phone: no horizontal overflow with a long unbroken query', await overflowX());

  // -------------------------------------------------------------------------
  // 8. Nothing from elsewhere, no script errors or CSP violations.
  // -------------------------------------------------------------------------
  check(watched.offsite.length === 0, 'no request left the server', watched.offsite.join(' '));
  check(watched.missing.length === 0, 'every file the page asked for was there', watched.missing.join(' '));
  check(watched.dialogs === 0, 'no dialog opened', watched.dialogs);
  const real = watched.problems.filter((p) => !/status of (4\d\d|5\d\d)|ERR_CONNECTION_REFUSED|ERR_FAILED/.test(p));
  check(real.length === 0, 'no script errors', real.join(' | '));
  check(cspViolations.length === 0, 'no CSP violation', cspViolations);
} catch (e) {
  check(false, 'page run finished', e && e.stack ? e.stack.split('\n').slice(0, 4).join(' ') : String(e));
} finally {
  await browser.close();
}

process.exit(summary() ? 1 : 0);
