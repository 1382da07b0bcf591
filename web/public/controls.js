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

/* browse: filters without words, so no relevance to rank by and no
 * words to count (the server lists the newest first). */
export function renderControls(s, visible, browse) {
  $('controls').hidden = !visible;
  ensureOption($('match'), s.match, /^\d+%$/.test(s.match) ? s.match.replace('%', '٪') + ' من الكلمات على الأقل' : s.match);
  ensureOption($('sort'), s.sort, s.sort);
  $('sort').querySelector('option[value=""]').hidden = !!browse;
  const sort = s.sort === 'relevance' ? '' : s.sort;
  $('sort').value = browse && !sort ? 'newest' : sort;
  $('match').hidden = $('match-label').hidden = !!browse;
  $('match').value = s.match === 'all' ? '' : s.match;
}

export function initControls() {
  for (const id of ['sort', 'match']) {
    $(id).addEventListener('change', () => go(withChanges({ [id]: $(id).value, page: 1 })));
  }
}
