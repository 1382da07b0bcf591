// browser.mjs - the search page in a real browser: Debian's headless
// Chromium driven by playwright-core (installed in web/ by `npm ci`).
//
// usage: node tests/web/browser.mjs BASE_URL SCREENSHOT.png
// env:   FAHRAS_QUERY       a query with several hits in several sources
//        FAHRAS_EVIL_ID     id of the article whose title/body hold HTML
//        FAHRAS_EVIL_QUERY  a query that finds that article
//        FAHRAS_EMPTY_QUERY a query with no hits
//        FAHRAS_SHOT_QUERY  the query of the screenshot (default FAHRAS_QUERY);
//                           run.sh uses one that finds demo corpus articles
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed".
import { checker, launch, watch, waitResults as waitFor } from './chromium.mjs';

const [base, shotPath] = process.argv.slice(2);
const QUERY = process.env.FAHRAS_QUERY;
const EVIL_ID = process.env.FAHRAS_EVIL_ID;
const EVIL_QUERY = process.env.FAHRAS_EVIL_QUERY;
const EMPTY_QUERY = process.env.FAHRAS_EMPTY_QUERY || 'كلمةلاتوجدابدا';
const SHOT_QUERY = process.env.FAHRAS_SHOT_QUERY || QUERY;
if (!base || !shotPath || !QUERY || !EVIL_ID || !EVIL_QUERY) {
  console.error('usage: FAHRAS_QUERY=.. FAHRAS_EVIL_ID=.. FAHRAS_EVIL_QUERY=.. node browser.mjs BASE_URL SHOT.png');
  process.exit(2);
}

const { check, summary } = checker();
const browser = await launch({ width: 1280, height: 900 });
const { page } = browser;
const watched = watch(page, base);
const { problems, offsite, missing } = watched;

const params = () => new URL(page.url()).searchParams;
const waitResults = () => waitFor(page);

try {
  // 1. The empty page: RTL, Arabic, the shipped font.
  await page.goto(base + '/');
  check(await page.getAttribute('html', 'dir') === 'rtl', 'page is right-to-left');
  check(await page.getAttribute('html', 'lang') === 'ar', 'page language is Arabic');
  check((await page.textContent('#status')).includes('اكتب'), 'welcome text in Arabic');
  await page.evaluate(() => document.fonts.ready);
  const fontOk = await page.evaluate(async () => {
    await document.fonts.load('18px "Noto Naskh Arabic"', 'عربي');
    return document.fonts.check('18px "Noto Naskh Arabic"', 'عربي');
  });
  check(fontOk, 'Arabic font Noto Naskh Arabic loaded from the server');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'), '"/" focuses the search box');

  // 2. Search: ranked results with marks; the query goes into the URL.
  await page.fill('#q', QUERY);
  await page.press('#q', 'Enter');
  await page.waitForSelector('#hits .hit');
  await waitResults();
  check(params().get('q') === QUERY, 'query kept in the URL', page.url());
  const nHits = await page.locator('#hits .hit').count();
  check(nHits >= 2, 'several results shown', nHits);
  const marks = await page.locator('#hits .snippet mark').allTextContents();
  check(marks.length > 0 && marks.every((t) => t.trim().length > 0), 'matched words are marked in snippets', marks.length);
  check((await page.textContent('#status')).includes('من'), 'result count shown in Arabic');
  const firstTitle = (await page.locator('#hits .hit h2 a').first().textContent()).trim();
  check(firstTitle.length > 0, 'results have headlines');
  check(await page.locator('#hits .hit .source').count() === nHits, 'every result shows its source');
  check(await page.locator('#hits .hit time').count() > 0, 'results show their date');

  // 3. A source filter narrows the results; back removes it again.
  const facet = page.locator('#facet-source li a').first();
  const sourceValue = await facet.getAttribute('data-value');
  await facet.click();
  await page.waitForFunction((v) => new URLSearchParams(location.search).get('source') === v, sourceValue);
  await waitResults();
  await page.waitForSelector('#active-filters .chip');
  const sources = await page.locator('#hits .hit .source').allTextContents();
  check(sources.length > 0 && sources.every((s) => s === sourceValue), 'source filter applied to every hit', sourceValue + ': ' + sources.join('|'));
  check((await page.textContent('#active-filters')).includes(sourceValue), 'active filter shown as a chip');
  await page.goBack();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('source'));
  await waitResults();
  check(await page.locator('#active-filters .chip').count() === 0, 'back button removes the filter');
  check(await page.inputValue('#q') === QUERY, 'back button keeps the query in the box');

  // A month from the facet list sets the date range; the form changes it.
  await page.locator('#facet-month li a').first().click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('from'));
  await waitResults();
  const from = params().get('from'), to = params().get('to');
  const dates = await page.locator('#hits .hit time').evaluateAll((ts) => ts.map((t) => t.dateTime));
  check(/^\d{4}-\d{2}-01$/.test(from) && to.startsWith(from.slice(0, 7)) &&
        dates.length > 0 && dates.every((d) => d >= from && d <= to), 'month filter: every hit in that month', [from, to, dates]);
  await page.fill('#from', '2024-01-01');
  await page.fill('#to', '2024-01-31');
  await page.click('#dates button');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('to') === '2024-01-31');
  await waitResults();
  const jan = await page.locator('#hits .hit time').evaluateAll((ts) => ts.map((t) => t.dateTime));
  check(jan.length > 0 && jan.every((d) => d.startsWith('2024-01')), 'date form: hits within the range', jan);
  check(await page.locator('#active-filters .chip').count() === 2, 'date filters shown as chips');
  await page.goto(base + '/?q=' + encodeURIComponent(QUERY));
  await waitResults();

  // 4. Pagination.
  if (await page.locator('#pager a.next').count()) {
    await page.click('#pager a.next');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await waitResults();
    check(await page.locator('#pager .current').textContent() === new Intl.NumberFormat('ar').format(2), 'page 2 shown and marked current');
    check(await page.locator('#facet-source li a').count() > 0, 'filters still shown on page 2 (facets reused)');
    await page.goBack();
    await waitResults();
  } else {
    check(false, 'pagination: the query should have more than one page of results');
  }

  // 5. An article opens from its headline, and the back link returns.
  await page.locator('#hits .hit h2 a').first().click();
  await page.waitForSelector('#article:not([hidden])');
  await page.waitForFunction(() => document.getElementById('article-title').textContent !== 'جارٍ التحميل…');
  check((await page.textContent('#article-title')).trim() === firstTitle, 'article view shows the headline', firstTitle);
  check(await page.locator('#article-body p').count() > 0, 'article body shown');
  const bodyMarks = await page.locator('#article-body mark').allTextContents();
  check(bodyMarks.length > 0, 'query words marked in the article', bodyMarks.join(' '));
  check(params().has('doc'), 'article id kept in the URL');
  await page.click('#back');
  await page.waitForSelector('#results:not([hidden]) #hits .hit');
  check(params().get('q') === QUERY && !params().has('doc'), 'back link returns to the results');

  // 6. HTML in an article is shown as text, never run.
  await page.goto(base + '/?q=' + encodeURIComponent(EVIL_QUERY));
  await page.waitForSelector('#hits .hit');
  const evilHit = page.locator(`#hits .hit[data-id="${EVIL_ID}"]`);
  check(await evilHit.count() === 1, 'article with HTML found by search');
  const evilTitle = await evilHit.locator('h2').textContent();
  check(evilTitle.includes('<script>alert(1)</script>'), 'HTML in a headline shows as text in results', evilTitle);
  check(await page.locator('#hits script, #hits b').count() === 0, 'no element made from article HTML in results');
  await evilHit.locator('h2 a').click();
  await page.waitForSelector('#article:not([hidden])');
  await page.waitForFunction(() => document.getElementById('article-title').textContent.includes('<'));
  const body = await page.textContent('#article-body');
  check((await page.textContent('#article-title')).includes('<script>alert(1)</script>'), 'HTML in the article title shows as text');
  check(body.includes('<b>') && body.includes('<script>'), 'HTML in the article body shows as text', body.slice(0, 80));
  check(await page.locator('#article script, #article b, #article img').count() === 0, 'no element made from article HTML in the article');
  check(await page.locator('#article-link a').count() === 0, 'a javascript: article URL is not made a link');
  check(watched.dialogs === 0, 'no script from article text ran', watched.dialogs);

  // An id holding / ? # % opens through the URL state and the API.
  await page.goto(base + '/?q=' + encodeURIComponent('معرّف'));
  await page.waitForSelector('#hits .hit h2 a');
  await page.locator('#hits .hit h2 a').first().click();
  await page.waitForFunction(() => document.getElementById('article-title').textContent === 'خبر بمعرّف غريب');
  check(params().get('doc') === 'wire/2024/خبر?1#x%20', 'article with an id holding / ? # % opens', page.url());
  await page.reload();
  await page.waitForFunction(() => document.getElementById('article-title').textContent !== 'جارٍ التحميل…');
  check(await page.textContent('#article-title') === 'خبر بمعرّف غريب', 'and reloads from its shared URL');

  // 7. Empty and error states, in Arabic.
  await page.goto(base + '/?q=' + encodeURIComponent(EMPTY_QUERY));
  await waitResults();
  check(await page.getAttribute('#status', 'class') === 'empty' &&
        (await page.textContent('#status')).includes('لا توجد نتائج'), 'empty state in Arabic');
  await page.goto(base + '/?q=' + encodeURIComponent('-' + QUERY));
  await waitResults();
  check(await page.getAttribute('#status', 'class') === 'error' &&
        (await page.textContent('#status')).includes('صيغة البحث'), 'query error shown in Arabic');
  await page.goto(base + '/?doc=no-such-article-id');
  await page.waitForFunction(() => document.getElementById('article-title').textContent !== 'جارٍ التحميل…');
  check((await page.textContent('#article-title')).includes('غير موجودة'), 'missing article shown in Arabic');

  // 8. The screenshot: a query on the demo corpus, marks on diacritized words.
  await page.goto(base + '/?q=' + encodeURIComponent(SHOT_QUERY));
  await page.waitForSelector('#hits .hit');
  await waitResults();
  await page.evaluate(() => document.fonts.ready);
  const shotMarks = await page.locator('#hits .snippet mark').count();
  check(shotMarks > 0, `"${SHOT_QUERY}": results with marked words`, shotMarks);
  await page.screenshot({ path: shotPath, fullPage: false });

  // 9. Nothing from elsewhere, no script errors (CSP violations log errors).
  check(offsite.length === 0, 'no request left the server', offsite.join(' '));
  check(missing.length === 0, 'every file the page asked for was there (font, icon, ...)', missing.join(' '));
  const real = problems.filter((p) => !/status of 40[04]/.test(p)); // expected 400/404 answers above
  check(real.length === 0, 'no script errors or CSP violations', real.join(' | '));
} catch (e) {
  check(false, 'browser run finished', e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : String(e));
} finally {
  await browser.close();
}

process.exit(summary() ? 1 : 0);
