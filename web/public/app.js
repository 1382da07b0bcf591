/*
 * app.js - the fahras search page: draws the page from the URL state
 * (state.js) with the API's answers (api.js), one module per view part:
 * results.js (status, hits, pager), facets.js (filter panel), timeline.js
 * (event dates), dates.js (date range), article.js (article view).
 */
import { $ } from './dom.js';
import { nf, fmtDate } from './format.js';
import { PAGE_SIZE, MAX_OFFSET, readState, apiFilters, appendParams, go, withChanges, onStateChange, canGoBack, plainClick } from './state.js';
import { api, fillError } from './api.js';
import { setStatus, renderHits, renderPager, renderActiveFilters, activeFilterCount } from './results.js';
import { renderFacets, entityNames, showFilters, closeFilters, initFilterBar } from './facets.js';
import { renderTimeline, initTimeline } from './timeline.js';
import { renderDates, initDates } from './dates.js';
import { renderArticle } from './article.js';
import { renderControls, initControls } from './controls.js';

const narrow = window.matchMedia('(max-width: 760px)');

let seq = 0; /* answers to superseded requests are dropped */
/* Facets, entities and timeline depend on the query and filters, not on
 * the page: turning a page reuses them (facets=0 saves the server most
 * of the work, and its answer has none of them). */
const SUMMARY_FIELDS = ['facets', 'entities', 'entities_from', 'timeline'];
let facetCache = { key: null, summary: null };
let shown = null; /* the state and total the pager was drawn for */
/* Names of the entities answers listed, for the chips of chosen ones. */
const names = new Map();

function showView(name) {
  $('results').hidden = name !== 'results';
  $('article').hidden = name !== 'article';
  if (name !== 'results') showFilters(false, 0);
}

function showWelcome() {
  showFilters(false, 0);
  renderTimeline({}, null);
  $('hits').replaceChildren();
  $('pager').replaceChildren();
  $('rewrites').replaceChildren();
  setStatus('اكتب كلمة أو عبارة في مربع البحث. الكلمات تُطابَق بكل صيغها: بالتشكيل وبدونه، ومع السوابق واللواحق.', 'welcome');
}

function showError(e) {
  showFilters(false, 0);
  renderTimeline({}, null);
  $('hits').replaceChildren();
  $('pager').replaceChildren();
  $('rewrites').replaceChildren();
  setStatus([], '');
  fillError($('status'), e);
}

function searchParams(s, withFacets) {
  const offset = Math.min((s.page - 1) * PAGE_SIZE, MAX_OFFSET);
  const p = appendParams(new URLSearchParams({ q: s.q, limit: String(PAGE_SIZE), offset: String(offset) }), apiFilters(s));
  if (!withFacets) p.set('facets', '0');
  return p;
}

async function renderResults(s, my) {
  showView('results');
  renderActiveFilters(s, names);
  renderDates(s);
  /* filters without words list every article passing them, newest first */
  const browse = !s.q.trim() && activeFilterCount(s) > 0;
  renderControls(s, !!s.q.trim() || browse, browse);
  if (!s.q.trim() && !browse) return showWelcome();
  setStatus('جارٍ البحث…', 'loading');
  /* the order of the hits does not change the facets */
  const facetKey = JSON.stringify([s.q, Object.assign(apiFilters(s), { sort: '' })]);
  const reuse = facetCache.key === facetKey;
  let data;
  try {
    data = await api('/api/search?' + searchParams(s, !reuse).toString());
  } catch (e) {
    if (my === seq) showError(e);
    return;
  }
  if (my !== seq) return;
  let summary = facetCache.summary;
  if (!reuse) {
    summary = {};
    for (const k of SUMMARY_FIELDS) summary[k] = data[k] === undefined ? null : data[k];
    facetCache = { key: facetKey, summary };
  }
  for (const [v, name] of entityNames(summary)) names.set(v, name);
  renderActiveFilters(s, names);
  renderHits(s, data);
  showFilters(true, activeFilterCount(s));
  renderFacets(s, summary, data.total);
  renderTimeline(s, summary.timeline);
  renderPager(s, data.total, narrow.matches);
  shown = { s, total: data.total };
}

function render() {
  const s = readState();
  $('q').value = s.q;
  document.title = s.q ? s.q + ' — فهرس' : 'فهرس — البحث في الأخبار';
  const my = ++seq;
  shown = null;
  if (s.doc) {
    showView('article');
    return renderArticle(s, () => my === seq);
  }
  return renderResults(s, my);
}

/* ---------------------------------------------------------------- */
/* Wiring                                                            */
/* ---------------------------------------------------------------- */

$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  /* A new query keeps the filters but starts at page 1, with its words
   * corrected again if need be. */
  go(withChanges({ q: $('q').value.trim(), page: 1, doc: '', spelling: '', variants: '' }));
});

$('back').addEventListener('click', (ev) => {
  if (!plainClick(ev)) return;
  ev.preventDefault();
  /* Back to the results as the user left them (scroll included). */
  if (canGoBack()) history.back();
  else go(withChanges({ doc: '' }));
});

$('home').addEventListener('click', (ev) => {
  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey) return;
  ev.preventDefault();
  go({});
  $('q').focus();
});

/* "/" jumps to the search box, as on most search sites. */
document.addEventListener('keydown', (ev) => {
  const t = ev.target;
  if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
  ev.preventDefault();
  $('q').focus();
  $('q').select();
});

/* The pager's window follows the screen's width. */
narrow.addEventListener('change', () => {
  if (shown) renderPager(shown.s, shown.total, narrow.matches);
});

initFilterBar();
initTimeline();
initDates(closeFilters);
initControls();
onStateChange(render);

api('/api/stats').then((st) => {
  $('footer-stats').textContent = 'فهرس ' + st.version + ' — ' + nf.format(st.documents) + ' مقالة' +
    (st.date_min && st.date_max ? ' من ' + fmtDate(st.date_min) + ' إلى ' + fmtDate(st.date_max) : '');
}).catch(() => {});

render();
