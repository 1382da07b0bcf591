/*
 * controls.js - how the results are ordered (relevance, newest, oldest)
 * and counted (articles holding every word, or any of them): two selects
 * above the results, kept in the URL as sort= and match=.
 */
import { $ } from './dom.js';
import { go, withChanges } from './state.js';

/* A percentage from a shared link (match=75%) gets an option of its own. */
function ensureOption(select, value, label) {
  if (!value || [...select.options].some((o) => o.value === value)) return;
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.appendChild(o);
}

export function renderControls(s, visible) {
  $('controls').hidden = !visible;
  ensureOption($('match'), s.match, /^\d+%$/.test(s.match) ? s.match.replace('%', '٪') + ' من الكلمات على الأقل' : s.match);
  ensureOption($('sort'), s.sort, s.sort);
  $('sort').value = s.sort === 'relevance' ? '' : s.sort;
  $('match').value = s.match === 'all' ? '' : s.match;
}

export function initControls() {
  for (const id of ['sort', 'match']) {
    $(id).addEventListener('change', () => go(withChanges({ [id]: $(id).value, page: 1 })));
  }
}
