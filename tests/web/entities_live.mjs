// entities_live.mjs - the page's entity lists and timeline against a real
// `fahras serve` (no mocked answers): the server's own answer for a query
// (fetched beside the page) must be what the page draws: every person,
// organisation and place with its count, and one timeline bar for every
// bucket; a click on an organisation and on a bar must reach the server
// as entity=TYPE:KEY and event_from/event_to and draw the hits it answers;
// the entity alone, without words, lists every article naming it.
//
// usage: node tests/web/entities_live.mjs BASE_URL QUERY
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed".
import { checker, launch, watch, waitResults } from './chromium.mjs';

const [base, query] = process.argv.slice(2);
if (!base || !query) {
  console.error('usage: node entities_live.mjs BASE_URL QUERY');
  process.exit(2);
}
const TYPES = ['PER', 'ORG', 'LOC'];
const { check, summary } = checker();

async function apiSearch(params, q = query) {
  const p = new URLSearchParams({ q, limit: '10' });
  for (const [k, v] of params) p.append(k, v);
  const r = await fetch(base + '/api/search?' + p, { signal: AbortSignal.timeout(10000) });
  if (!r.ok) throw new Error('/api/search ' + p + ': HTTP ' + r.status);
  return r.json();
}
const digits = (t) => Number(String(t).replace(/[\u0660-\u0669]/g, (c) => c.charCodeAt(0) - 0x660).replace(/[^0-9]/g, ''));

const browser = await launch();
const { page } = browser;
const watched = watch(page, base);
const searches = [];
page.on('request', (r) => { if (r.url().includes('/api/search?')) searches.push(new URL(r.url()).searchParams); });
// All the entries of a type's list, the folded ones too ("show all").
const listed = (type) => page.$$eval(`#facet-entity-${type} li`, (lis) => lis.map((li) => [
  li.querySelector('a').dataset.value, li.querySelector('a').textContent, li.querySelector('.count').textContent]));
const bars = () => page.$$eval('#timeline-bars a.bar', (as) => as.map((a) => [a.dataset.period, a.getAttribute('aria-label')]));
const hitIds = () => page.$$eval('#hits .hit', (lis) => lis.map((li) => li.dataset.id));

try {
  const real = await apiSearch([]);
  const named = TYPES.reduce((n, t) => n + ((real.entities && real.entities[t]) || []).length, 0);
  const buckets = ((real.timeline && real.timeline.buckets) || []).filter((b) => b.count > 0);
  check(named > 0 && (real.entities.ORG || []).length > 0 && buckets.length > 0,
    `the server's answer for ${query} names entities (an organisation among them) and has a timeline`,
    { entities: real.entities, timeline: real.timeline });

  await page.goto(base + '/?' + new URLSearchParams({ q: query }));
  await waitResults(page);
  for (const t of TYPES) {
    const want = ((real.entities && real.entities[t]) || []).map((e) => [`${t}:${e.key}`, e.name, e.count]);
    const got = (await listed(t)).map(([v, name, count]) => [v, name, digits(count)]);
    check(JSON.stringify(got) === JSON.stringify(want), `${t}: the page lists the server's entities, names and counts, in its order`, { got, want });
  }
  check(await page.isVisible('#timeline'), 'the timeline is shown');
  const drawn = await bars();
  check(JSON.stringify(drawn.map((b) => b[0])) === JSON.stringify(buckets.map((b) => b.date)),
    `one bar a bucket of the server's timeline (unit ${real.timeline && real.timeline.unit})`, { drawn, buckets });
  const labels = await page.evaluate(async (bs) => {
    const f = await import('/format.js');
    return bs.map((b) => f.fmtPeriod(b.date) + ': ' + f.articlesCount(b.count));
  }, buckets);
  check(JSON.stringify(drawn.map((b) => b[1])) === JSON.stringify(labels), "each bar's label names its period and its bucket's count", { drawn, labels });

  // An organisation: the filter reaches the server, its hits are drawn.
  const org = real.entities.ORG[0];
  const value = `ORG:${org.key}`;
  await page.click(`#facet-entity-ORG a[data-value="${value.replace(/"/g, '\\"')}"]`);
  await page.waitForFunction((v) => new URL(location.href).searchParams.getAll('entity').includes(v), value);
  await waitResults(page);
  const byOrg = await apiSearch([['entity', value]]);
  check(searches[searches.length - 1].getAll('entity').join() === value, `a click on ${org.name} asks the server for entity=${value}`);
  // (a filter also matches a name's other keys, which the lists do not count)
  check(byOrg.total >= org.count && JSON.stringify(await hitIds()) === JSON.stringify(byOrg.hits.map((h) => h.id)),
    `... and the page shows the server's ${byOrg.total} matches naming it`, { total: byOrg.total, count: org.count });

  // A bar: the period reaches the server as event_from/event_to.
  const after = await apiSearch([['entity', value]]);
  const bar = ((after.timeline && after.timeline.buckets) || []).find((b) => b.count > 0);
  if (check(bar, 'the filtered answer has a timeline', after.timeline)) {
    await page.waitForSelector(`#timeline-bars a.bar[data-period="${bar.date}"]`);
    await page.click(`#timeline-bars a.bar[data-period="${bar.date}"]`);
    await page.waitForFunction(() => new URL(location.href).searchParams.has('event_from'));
    await waitResults(page);
    const sent = searches[searches.length - 1];
    const inPeriod = await apiSearch([['entity', value], ['event_from', sent.get('event_from')], ['event_to', sent.get('event_to')]]);
    check(sent.get('event_from').startsWith(bar.date) && sent.get('event_to').startsWith(bar.date) && sent.getAll('entity').join() === value,
      `a click on the bar ${bar.date} asks the server for its period, the entity kept`, Object.fromEntries(sent));
    check(inPeriod.total >= bar.count && inPeriod.total > 0 && JSON.stringify(await hitIds()) === JSON.stringify(inPeriod.hits.map((h) => h.id)),
      `... and the page shows the server's ${inPeriod.total} matches with an event then`, { total: inPeriod.total, bar });
  }
  // The entity alone, no words: every article naming it, the newest first.
  const browsed = await apiSearch([['entity', value]], '');
  const dates = browsed.hits.map((h) => h.date || '');
  check(browsed.browse === true && browsed.total >= byOrg.total && browsed.query.sort === 'newest' &&
    dates.every((d, i) => i === 0 || !d || dates[i - 1] >= d),
    `the server lists every article naming ${org.name} without words, newest first (${browsed.total})`,
    { browse: browsed.browse, total: browsed.total, sort: browsed.query.sort, dates });
  await page.goto(base + '/?' + new URLSearchParams({ entity: value }));
  await waitResults(page);
  check(JSON.stringify(await hitIds()) === JSON.stringify(browsed.hits.map((h) => h.id)),
    '... and the page opened with the entity alone shows those articles', { got: await hitIds() });
  const ui = await page.evaluate(() => ({
    note: document.querySelector('#status .match-note')?.dataset.match,
    sort: document.getElementById('sort').value,
    controls: !document.getElementById('controls').hidden,
    match: document.getElementById('match').checkVisibility(),
  }));
  check(ui.note === 'browse' && ui.sort === 'newest' && ui.controls && !ui.match,
    '... saying they are in date order, the order offered without relevance and the match mode hidden', ui);
  check(watched.problems.length === 0 && watched.missing.length === 0 && watched.dialogs === 0,
    'no console errors, missing files or dialogs', watched);
} catch (e) {
  check(false, 'the live entity checks ran to the end', String(e && e.stack || e));
} finally {
  await browser.close();
}
process.exit(summary() ? 1 : 0);
