// entities.mjs - the page's entity facets (people, organisations, places)
// and its timeline of event dates, in headless Chromium at 1280 and 390 px.
// The search answers are mocked (page.route) with the fields of the API
// contract (docs/http.md: entities, entities_from, timeline), so the page
// is tested on its own: lists and counts, a click adding entity=TYPE:KEY
// to the URL and to the next request, several entities, chips, a timeline
// bar setting event_from/event_to, the keyboard, the back button, an
// answer without the fields (an older server), malformed values, and
// screenshots with layout checks (no sideways scroll at 390 px).
//
// usage: node tests/web/entities.mjs BASE_URL SHOT_DIR
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed".
import { join } from 'node:path';
import { checker, launch, watch, waitResults } from './chromium.mjs';

const [base, shotDir] = process.argv.slice(2);
if (!base || !shotDir) {
  console.error('usage: node entities.mjs BASE_URL SHOT_DIR');
  process.exit(2);
}
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const TOTAL = 1234;
const FROM = 200; // entities_from

const { check, summary } = checker();
const browser = await launch(DESKTOP);
const { page } = browser;
const watched = watch(page, base);
const cspViolations = [];
await page.exposeFunction('__reportCsp', (v) => { cspViolations.push(v); });
await page.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI));
});

// ---------------------------------------------------------------------------
// The mocked API: what each query answers
// ---------------------------------------------------------------------------
const ORGS = [
  { key: 'قسد', name: 'قوات سوريا الديمقراطية', count: 40 },
  { key: 'داعش', name: 'داعش', count: 35 },
  { key: 'التحالف الدولي', name: 'التحالف الدولي', count: 20 },
];
const PEOPLE = Array.from({ length: 12 }, (_, i) => ({ key: 'شخص ' + (i + 1), name: 'الشخص رقم ' + (i + 1), count: 30 - 2 * i }));
const PLACES = [
  { key: 'دير الزور', name: 'دير الزور', count: 25 },
  { key: 'الرقة', name: 'الرقة', count: 18 },
  { key: 'مخيم الهول', name: 'مخيم الهول', count: 9 },
  { key: '<img src=x onerror=alert(1)>', name: '<b>مكان</b> بعلامات', count: 1 },
];
const MONTHS = { unit: 'month', buckets: [{ date: '2021-01', count: 5 }, { date: '2021-03', count: 12 }, { date: '2021-04', count: 30 }, { date: '2021-06', count: 2 }] };
const days = (n) => Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2020, 0, 1 + 2 * i)).toISOString().slice(0, 10), count: 1 + (i % 7) }));

const Q = 'داعش';
const VARIANTS = {
  [Q]: { entities: { PER: PEOPLE, ORG: ORGS, LOC: PLACES }, entities_from: FROM, timeline: MONTHS },
  'كل': { entities: { ORG: ORGS.slice(0, 1) }, entities_from: TOTAL, timeline: { unit: 'year', buckets: [{ date: '2019', count: 3 }, { date: '2021', count: 7 }] } },
  'أيام': { entities: { LOC: PLACES.slice(0, 2) }, entities_from: FROM, timeline: { unit: 'day', buckets: days(200) } },
  'فارغ': { entities: null, entities_from: null, timeline: null },
  'قديم': {}, // an older server: no such fields at all
  'عبث': {
    entities: { PER: 'x', ORG: [null, { key: '' }, { key: 'ك', count: 'many' }, { name: 'بلا مفتاح', count: 3 }], LOC: [{ key: 'حلب', count: 4 }, { key: 'حلب', count: 4 }] },
    entities_from: 'many',
    timeline: { unit: 'week', buckets: [{ date: '2021-W01', count: 3 }] },
  },
  'شهر': { entities: {}, entities_from: 0, timeline: { unit: 'month', buckets: [{ date: '2021-13', count: 3 }, { date: 'x', count: 1 }, { date: '2021-02', count: -1 }] } },
};

const requests = [];
function answer(u) {
  const p = u.searchParams;
  const q = p.get('q');
  const withFacets = p.get('facets') !== '0';
  const offset = Number(p.get('offset') || 0);
  const hits = Array.from({ length: 10 }, (_, i) => ({
    rank: offset + i + 1, id: 'm' + (offset + i), title: 'خبر رقم ' + (offset + i + 1), source: 'مصدر', category: null,
    date: '2021-04-14', url: null, score: 1, duplicates: null, snippet: [{ text: 'نص عن ', mark: false }, { text: q, mark: true }],
  }));
  const body = {
    query: { q, limit: 10, offset }, total: TOTAL, relaxed: false, rewritten: null, hits,
    facets: withFacets ? { source: [{ value: 'مصدر', count: TOTAL }], category: [], month: [{ value: '2021-04', count: TOTAL }] } : null,
  };
  const v = VARIANTS[q] || VARIANTS[Q];
  for (const [k, x] of Object.entries(v)) body[k] = withFacets ? x : null;
  return body;
}
await page.route('**/api/search?**', async (route) => {
  const u = new URL(route.request().url());
  requests.push(u);
  await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer(u)) });
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------
const params = () => new URL(page.url()).searchParams;
const lastRequest = () => requests[requests.length - 1].searchParams;
const url = (p) => {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of [].concat(v)) sp.append(k, x);
  return base + '/?' + sp.toString();
};
async function open(p) {
  await page.goto(url(p));
  await waitResults(page);
}
async function after(what) {
  await page.waitForFunction(what);
  await waitResults(page);
}
const digits = (t) => Number(String(t).replace(/[\u0660-\u0669]/g, (c) => c.charCodeAt(0) - 0x660).replace(/[^0-9]/g, ''));
const list = (type) => page.$$eval(`#facet-entity-${type} li:not([hidden])`, (lis) => lis.map((li) => [li.querySelector('a').dataset.value, li.querySelector('a').textContent, li.querySelector('.count').textContent]));
const chips = () => page.$$eval('#active-filters .chip', (cs) => cs.map((c) => ({ filter: c.dataset.filter, value: c.dataset.value || null, text: c.querySelector('bdi').textContent })));
const overflowX = () => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
const box = (sel) => page.locator(sel).first().evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height, bottom: r.bottom, right: r.right };
});
const monthName = (ym) => page.evaluate((m) => new Intl.DateTimeFormat('ar', { timeZone: 'UTC', year: 'numeric', month: 'long' })
  .format(new Date(Date.UTC(+m.slice(0, 4), +m.slice(5) - 1, 1))), ym);
// Entity rows whose label and count overlap or that leave the panel.
const rowProblems = () => page.evaluate(() => {
  const out = [];
  const panel = document.getElementById('filters').getBoundingClientRect();
  for (const li of document.querySelectorAll('#filters .facet[id^="facet-entity"] li:not([hidden])')) {
    const a = li.querySelector('a').getBoundingClientRect();
    const c = li.querySelector('.count').getBoundingClientRect();
    if (a.left < c.right && c.left < a.right) out.push('overlap: ' + li.textContent);
    const r = li.getBoundingClientRect();
    if (r.left < panel.left - 1 || r.right > panel.right + 1) out.push('outside: ' + li.textContent);
  }
  return out;
});

try {
  // -------------------------------------------------------------------------
  // 1. The lists: people, organisations, places, with counts.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  check(lastRequest().get('facets') !== '0', 'the first search asks for facets');
  const titles = await page.$$eval('#facet-lists .facet:not([hidden]) h2', (hs) => hs.map((h) => h.textContent));
  check(['أشخاص', 'منظمات', 'أماكن'].every((t) => titles.includes(t)), 'people, organisations and places are listed in the filter panel', titles);
  const orgs = await list('ORG');
  check(JSON.stringify(orgs.map(([v, name, n]) => [v, name, digits(n)])) === JSON.stringify(ORGS.map((o) => ['ORG:' + o.key, o.name, o.count])),
    'organisations: each with its name, count and value ORG:KEY, in the answer\'s order', orgs);
  check(await page.locator('#facet-entity-ORG li .bar').count() === 3, 'entity rows have count bars like the other facets');
  const places = await list('LOC');
  check(places.length === 4 && places[3][1] === '<b>مكان</b> بعلامات' && await page.locator('#filters b, #filters img').count() === 0,
    'a name holding HTML is shown as text', places[3]);
  // More than 8 people: the first 8, then "show all".
  check((await list('PER')).length === 8, 'twelve people: the first eight shown', (await list('PER')).length);
  const more = page.locator('#facet-entity-PER button.more');
  check(await more.isVisible() && digits(await more.textContent()) === 12 && await more.getAttribute('aria-expanded') === 'false',
    'a "show all (12)" button, aria-expanded=false', await more.textContent());
  check(!(await page.locator('#facet-entity-ORG button.more').isVisible()), 'no such button under a short list');
  await more.focus();
  await page.keyboard.press('Enter');
  check((await list('PER')).length === 12 && await more.getAttribute('aria-expanded') === 'true' && (await more.textContent()).includes('أقل'),
    'Enter on it shows all twelve, and the button then shows fewer');
  await more.click();
  check((await list('PER')).length === 8, 'and back to eight');
  // The note: the lists were read from the best 200 of 1234 matches.
  const notes = await page.$$eval('#facet-lists .facet-note:not([hidden])', (ps) => ps.map((p) => [p.closest('section').id, p.textContent]));
  check(notes.length === 1 && notes[0][0] === 'facet-entity-PER' && notes[0][1].includes('أفضل') && digits(notes[0][1]) === FROM,
    'one note "من أفضل 200 نتيجة", under the first entity list', notes);
  check(await overflowX() <= 0, 'desktop: no horizontal overflow', await overflowX());
  check((await rowProblems()).length === 0, 'desktop: entity labels never run into their counts', await rowProblems());

  // -------------------------------------------------------------------------
  // 2. Choosing entities: the URL, the next request, chips, the back button.
  // -------------------------------------------------------------------------
  await page.click('#facet-entity-ORG a[data-value="ORG:قسد"]');
  await after(() => new URLSearchParams(location.search).getAll('entity').join('|') === 'ORG:قسد');
  check(lastRequest().getAll('entity').join('|') === 'ORG:قسد', 'a click: the next request carries entity=ORG:قسد', lastRequest().toString());
  check(await page.getAttribute('#facet-entity-ORG a[data-value="ORG:قسد"]', 'aria-current') === 'true', 'the chosen organisation is marked in its list');
  let cs = await chips();
  check(cs.length === 1 && cs[0].filter === 'entity' && cs[0].value === 'ORG:قسد' && cs[0].text === 'قوات سوريا الديمقراطية',
    'a chip names the organisation (its most common name)', cs);
  check((await page.textContent('#active-filters .chip')).includes('منظمة'), 'the chip says it is an organisation');
  await page.click('#facet-entity-LOC a[data-value="LOC:الرقة"]');
  await after(() => new URLSearchParams(location.search).getAll('entity').length === 2);
  check(JSON.stringify(lastRequest().getAll('entity')) === JSON.stringify(['ORG:قسد', 'LOC:الرقة']) &&
        JSON.stringify(params().getAll('entity')) === JSON.stringify(['ORG:قسد', 'LOC:الرقة']),
  'a second entity: both in the URL and in the request (repeated parameter)', lastRequest().toString());
  check((await chips()).filter((c) => c.filter === 'entity').length === 2, 'one chip per entity');
  // Click again: removed.
  await page.click('#facet-entity-ORG a[data-value="ORG:قسد"]');
  await after(() => new URLSearchParams(location.search).getAll('entity').join('|') === 'LOC:الرقة');
  check(lastRequest().getAll('entity').join('|') === 'LOC:الرقة', 'clicking a chosen entity again removes it from the request');
  // Back: قسد again.
  await page.goBack();
  await after(() => new URLSearchParams(location.search).getAll('entity').length === 2);
  check(lastRequest().getAll('entity').length === 2 && (await chips()).length === 2, 'the back button restores both entities (URL, request, chips)');
  // A chip's ×.
  await page.click('#active-filters .chip[data-value="LOC:الرقة"] a.remove');
  await after(() => new URLSearchParams(location.search).getAll('entity').join('|') === 'ORG:قسد');
  check(lastRequest().getAll('entity').join('|') === 'ORG:قسد' && (await chips()).length === 1, 'a chip\'s × removes that entity only');
  check((await page.getAttribute('#active-filters .chip a.remove', 'aria-label')).includes('قوات سوريا الديمقراطية'), 'the × is named after its entity');
  // A shared link: the chip names the entity once an answer gave its name.
  await open({ q: Q, entity: ['ORG:داعش', 'PER:غير معروف'] });
  cs = await chips();
  check(cs.length === 2 && cs[0].text === 'داعش' && cs[1].text === 'غير معروف', 'a shared link: chips name known entities, others by key', cs);
  check(digits(await page.textContent('#filters-count')) === 2, 'the filter bar counts each entity', await page.textContent('#filters-count'));

  // -------------------------------------------------------------------------
  // 3. The timeline.
  // -------------------------------------------------------------------------
  await open({ q: Q });
  check(await page.isVisible('#timeline'), 'the timeline is shown above the results');
  check((await box('#timeline')).bottom <= (await box('#hits .hit')).y, 'the timeline comes before the hits');
  const bars = await page.$$eval('#timeline-bars > li', (lis) => lis.map((li) => {
    const a = li.querySelector('a.bar');
    return a ? [a.dataset.period, a.getAttribute('aria-label')] : ['gap', li.getAttribute('aria-hidden')];
  }));
  check(JSON.stringify(bars.map((b) => b[0])) === JSON.stringify(['2021-01', 'gap', '2021-03', '2021-04', 'gap', '2021-06']),
    'one bar a month from the first to the last, empty months as gaps', bars);
  check(bars.filter((b) => b[0] === 'gap').every((b) => b[1] === 'true'), 'gaps are hidden from screen readers and not links');
  const april = await monthName('2021-04');
  const aprilLabel = bars.find((b) => b[0] === '2021-04')[1];
  check(aprilLabel.startsWith(april + ':') && digits(aprilLabel.slice(april.length)) === 30 && aprilLabel.includes('مقالةً'),
    'each bar is labelled with its month in Arabic and its count ("' + aprilLabel + '")');
  const labelOf = (p) => bars.find((b) => b[0] === p)[1];
  check(labelOf('2021-06').endsWith('مقالتان') && labelOf('2021-01').endsWith('مقالات'), 'counts read as Arabic counts them', [labelOf('2021-06'), labelOf('2021-01')]);
  const jan = await box('#timeline-bars a[data-period="2021-01"]');
  const jun = await box('#timeline-bars a[data-period="2021-06"]');
  check(jan.x > jun.x, 'earliest on the right (right-to-left time)', [jan, jun]);
  const heights = await page.$$eval('#timeline-bars a.bar', (as) => Object.fromEntries(as.map((a) => [a.dataset.period, a.querySelector('.fill').getBoundingClientRect().height / a.getBoundingClientRect().height])));
  check(heights['2021-04'] > 0.97 && Math.abs(heights['2021-03'] - 0.4) < 0.03 && heights['2021-06'] > 0 && heights['2021-06'] < 0.1,
    'bars as tall as their counts', heights);
  const axis = [await page.textContent('#timeline-start'), await page.textContent('#timeline-end')];
  check(axis[0] === await monthName('2021-01') && axis[1] === await monthName('2021-06'), 'the axis names the first and last months', axis);
  check((await page.textContent('#timeline')).includes('لكل شهر'), 'the chart says it counts by month');
  const tabStops = await page.$$eval('#timeline-bars a.bar', (as) => as.filter((a) => a.tabIndex === 0).map((a) => a.dataset.period));
  check(JSON.stringify(tabStops) === JSON.stringify(['2021-06']), 'one tab stop in the chart (the latest month)', tabStops);

  // A click: event_from/event_to of the month.
  await page.click('#timeline-bars a[data-period="2021-04"]');
  await after(() => new URLSearchParams(location.search).get('event_from') === '2021-04-01');
  check(params().get('event_to') === '2021-04-30', 'a bar sets event_from/event_to to its month in the URL', page.url());
  check(lastRequest().get('event_from') === '2021-04-01' && lastRequest().get('event_to') === '2021-04-30', 'and in the next request', lastRequest().toString());
  check(await page.getAttribute('#timeline-bars a[data-period="2021-04"]', 'aria-current') === 'true', 'the chosen bar is marked (aria-current)');
  cs = await chips();
  check(cs.length === 1 && cs[0].filter === 'event' && cs[0].text === april, 'one chip for the period, read as the month', cs);
  check(await page.evaluate(() => document.activeElement && document.activeElement.dataset.period) === '2021-04', 'focus stays on the bar once the chart is drawn again');
  // The keyboard: arrows move between bars, Enter chooses.
  await page.keyboard.press('ArrowLeft');
  check(await page.evaluate(() => document.activeElement.dataset.period) === '2021-06', 'the left arrow goes to the next (later) bar');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  check(await page.evaluate(() => document.activeElement.dataset.period) === '2021-03', 'the right arrow goes back in time');
  await page.keyboard.press('Home');
  check(await page.evaluate(() => document.activeElement.dataset.period) === '2021-01', 'Home: the first bar');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await after(() => new URLSearchParams(location.search).get('event_from') === '2021-06-01');
  check(lastRequest().get('event_to') === '2021-06-30', 'End, Enter: the last month is chosen from the keyboard');
  // Again: removed.
  await page.click('#timeline-bars a[data-period="2021-06"]');
  await after(() => !new URLSearchParams(location.search).has('event_from'));
  check(!lastRequest().has('event_from') && !lastRequest().has('event_to') && (await chips()).length === 0, 'clicking the chosen bar again removes the period');
  await page.goBack();
  await after(() => new URLSearchParams(location.search).get('event_from') === '2021-06-01');
  check(lastRequest().get('event_from') === '2021-06-01' && (await chips()).length === 1, 'the back button restores the period');
  await page.click('#active-filters .chip[data-filter="event"] a.remove');
  await after(() => !new URLSearchParams(location.search).has('event_to'));
  check(!lastRequest().has('event_to') && (await chips()).length === 0, 'the period chip\'s × removes both ends');
  // A period typed in a shared link that is no single bucket.
  await open({ q: Q, event_from: '2021-02-10', event_to: '2021' });
  cs = await chips();
  check(lastRequest().get('event_to') === '2021-12-31' && cs[0].text.includes('–'), 'a shared range: completed to whole days, shown as two ends', [lastRequest().toString(), cs]);
  // Entities and period together, then a page turn: facets=0 reuses them.
  await open({ q: Q, entity: 'ORG:قسد', event_from: '2021-04-01', event_to: '2021-04-30' });
  await page.click('#pager a.next');
  await after(() => new URLSearchParams(location.search).get('page') === '2');
  check(lastRequest().get('facets') === '0' && lastRequest().get('entity') === 'ORG:قسد' && lastRequest().get('event_from') === '2021-04-01',
    'a page turn: facets=0, the filters still sent', lastRequest().toString());
  check(await page.isVisible('#timeline') && (await list('ORG')).length === 3, 'and the lists and timeline are kept from the first page');

  // Years; every match read (no note).
  await open({ q: 'كل' });
  check((await page.$$eval('#timeline-bars > li', (lis) => lis.length)) === 3 && (await page.textContent('#timeline')).includes('لكل سنة'), 'years: one bar a year, gaps included');
  await page.click('#timeline-bars a[data-period="2021"]');
  await after(() => new URLSearchParams(location.search).get('event_to') === '2021-12-31');
  check(params().get('event_from') === '2021-01-01' && (await chips())[0].text === await page.evaluate(() => new Intl.DateTimeFormat('ar', { year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2021, 0, 1)))),
    'a year bar sets the whole year, its chip reads the year');
  check(await page.locator('#facet-lists .facet-note:not([hidden])').count() === 0, 'no note when the lists read every match');
  check(await page.isHidden('#facet-entity-PER') && await page.isVisible('#facet-entity-ORG'), 'a type with no entities is hidden, the others shown');

  // -------------------------------------------------------------------------
  // 4. No entities: an older server, facets=0-style nulls, malformed values.
  // -------------------------------------------------------------------------
  for (const [q, what] of [['قديم', 'an answer without the fields (older server)'], ['فارغ', 'null entities and timeline']]) {
    await open({ q });
    const visible = await page.locator('#facet-lists section[id^="facet-entity"]:not([hidden])').count();
    check(visible === 0 && await page.isHidden('#timeline') && await page.isVisible('#facet-source') && await page.locator('#hits .hit').count() === 10,
      what + ': entity lists and timeline hidden, the rest as before', visible);
  }
  await open({ q: 'عبث' });
  check(JSON.stringify((await list('LOC')).map((x) => x[0])) === JSON.stringify(['LOC:حلب']) && await page.isHidden('#facet-entity-ORG') && await page.isHidden('#facet-entity-PER'),
    'malformed entity lists: bad entries skipped, repeats once', await list('LOC'));
  check(await page.isHidden('#timeline') && await page.locator('.facet-note:not([hidden])').count() === 0, 'an unknown timeline unit and a bad entities_from: nothing drawn');
  await open({ q: 'شهر' });
  check(await page.isHidden('#timeline'), 'impossible months and negative counts: no timeline');

  // -------------------------------------------------------------------------
  // 5. Screenshots and layout at 1280 and 390 px.
  // -------------------------------------------------------------------------
  await open({ q: Q, entity: 'ORG:قسد', event_from: '2021-04-01', event_to: '2021-04-30' });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(shotDir, 'entities-1280.png') });
  const tl = await box('#timeline-bars');
  const res = await box('#results');
  check(tl.x >= res.x - 1 && tl.right <= res.right + 1 && tl.h > 60, 'desktop: the chart lies in the results column', [tl, res]);

  await page.setViewportSize(PHONE);
  await open({ q: Q, entity: 'ORG:قسد' });
  await page.evaluate(() => document.fonts.ready);
  check(await overflowX() <= 0, 'phone: no horizontal overflow with the timeline', await overflowX());
  const ptl = await box('#timeline-bars');
  check(ptl.x >= 0 && ptl.right <= PHONE.width && ptl.bottom <= PHONE.height, 'phone: the chart is within the first screen', ptl);
  const barW = await page.$$eval('#timeline-bars a.bar', (as) => Math.min(...as.map((a) => a.getBoundingClientRect().width)));
  check(barW >= 24, 'phone: a few bars are wide enough to touch', barW);
  await page.screenshot({ path: join(shotDir, 'entities-390.png') });
  await page.click('#filters-toggle');
  await page.waitForSelector('#facet-entity-ORG li a', { state: 'visible' });
  check(await overflowX() <= 0 && (await rowProblems()).length === 0, 'phone: the entity lists in the open panel, no overflow or overlap', await rowProblems());
  await page.locator('#facet-entity-ORG').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shotDir, 'entities-390-filters.png') });
  await page.click('#facet-entity-LOC a[data-value="LOC:الرقة"]');
  await after(() => new URLSearchParams(location.search).getAll('entity').length === 2);
  check(await page.getAttribute('#filters-toggle', 'aria-expanded') === 'false' && digits(await page.textContent('#filters-count')) === 2,
    'phone: choosing an entity closes the panel; the bar counts both', await page.textContent('#filters-count'));
  // 200 days: the chart scrolls inside itself, never the page.
  await open({ q: 'أيام' });
  const scroll = await page.evaluate(() => { const o = document.getElementById('timeline-bars'); return [o.scrollWidth, o.clientWidth]; });
  check(await page.locator('#timeline-bars > li').count() === 399 && (await page.textContent('#timeline')).includes('لكل يوم'), 'days: one bar a day, gaps included');
  check(await overflowX() <= 0 && scroll[0] > scroll[1], 'phone: 399 days scroll inside the chart, not the page', scroll);
  await page.setViewportSize(DESKTOP);
  check(await overflowX() <= 0, 'desktop: the same, no overflow', await overflowX());

  // -------------------------------------------------------------------------
  // 6. No script errors, no CSP violation (bar heights are set through the DOM).
  // -------------------------------------------------------------------------
  check(watched.offsite.length === 0, 'no request left the server', watched.offsite.join(' '));
  check(watched.dialogs === 0, 'no dialog opened');
  check(watched.problems.length === 0, 'no script errors', watched.problems.join(' | '));
  check(cspViolations.length === 0, 'no CSP violation', cspViolations);
} catch (e) {
  check(false, 'entities run finished', e && e.stack ? e.stack.split('\n').slice(0, 4).join(' ') : String(e));
} finally {
  await browser.close();
}

process.exit(summary() ? 1 : 0);
