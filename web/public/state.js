/*
 * state.js - the page state lives in the URL (?q=&source=&category=&from=
 * &to=&match=&sort=&page=, spelling=0 / variants=0 to search the words as
 * typed, and &doc=ID for the article view), so a search can be shared
 * and the back button works: every change pushes a history entry and the
 * page is drawn from location.search alone.
 */
import { normalizeDateParam } from './format.js';

export const PAGE_SIZE = 10;
export const MAX_OFFSET = 100000;

/* Filters narrow the search and are sent to the API as they are named
 * here; a new one (say, an entity) is one more name. */
export const FILTER_KEYS = ['source', 'category', 'from', 'to'];
/* How the results are counted and ordered (match=all|any|N%,
 * sort=relevance|newest|oldest): sent as they are, empty for the default. */
export const OPTION_KEYS = ['match', 'sort'];
/* Switches that search the query as typed: "0" turns off near spellings
 * and variant spellings (sent to the API as they are named). */
export const SWITCH_KEYS = ['spelling', 'variants'];
const STATE_KEYS = ['q', ...FILTER_KEYS, ...OPTION_KEYS, ...SWITCH_KEYS, 'page', 'doc'];

export function readState() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of STATE_KEYS) s[k] = p.get(k) || '';
  s.page = Math.max(1, parseInt(s.page, 10) || 1);
  for (const k of SWITCH_KEYS) s[k] = s[k] === '0' ? '0' : '';
  return s;
}

export function stateUrl(s) {
  const p = new URLSearchParams();
  for (const k of STATE_KEYS) {
    const v = s[k];
    if (k === 'page' && (!v || v === 1)) continue;
    if (v) p.set(k, String(v));
  }
  const qs = p.toString();
  return qs ? '/?' + qs : '/';
}

export function withChanges(changes) {
  return Object.assign(readState(), changes);
}

/* The filters (and options) as the API takes them: dates completed to
 * whole days. */
export function apiFilters(s) {
  const f = {};
  for (const k of [...FILTER_KEYS, ...OPTION_KEYS]) if (s[k]) f[k] = s[k];
  if (f.from) f.from = normalizeDateParam(f.from, false);
  if (f.to) f.to = normalizeDateParam(f.to, true);
  for (const k of SWITCH_KEYS) if (s[k] === '0') f[k] = '0';
  return f;
}

let renderer = () => {};
let pushed = 0; /* history entries this page added: "back" can use them */

export function onStateChange(fn) {
  renderer = fn;
  window.addEventListener('popstate', () => renderer());
}

export function go(s) {
  const url = stateUrl(s);
  if (url !== location.pathname + location.search) {
    history.pushState(null, '', url);
    pushed++;
  }
  renderer();
}

export function canGoBack() {
  return pushed > 0;
}

export function plainClick(ev) {
  return ev.button === 0 && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && !ev.altKey;
}

/* A link to a state that also works when opened in a new tab.  `label`
 * is text or a node. */
export function stateLink(s, label, cls, after) {
  const a = document.createElement('a');
  a.href = stateUrl(s);
  if (typeof label === 'string') a.textContent = label;
  else a.appendChild(label);
  if (cls) a.className = cls;
  a.addEventListener('click', (ev) => {
    if (!plainClick(ev)) return;
    ev.preventDefault();
    if (after) after();
    go(s);
    window.scrollTo(0, 0);
  });
  return a;
}
