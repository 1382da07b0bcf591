/*
 * facets.js - the filter panel: one list of values with counts per facet
 * of the API's answer (click a value to filter, click again to remove),
 * and, on a narrow screen, the bar that opens and closes the panel above
 * the results.
 */
import { $, el, clear } from './dom.js';
import { nf, fmtMonth, monthRange, splitFacet, normalizeDateParam } from './format.js';
import { withChanges, stateLink } from './state.js';

const byValueDesc = (a, b) => (a.value < b.value ? 1 : a.value > b.value ? -1 : 0);

function monthActive(s, v) {
  const r = monthRange(v);
  return normalizeDateParam(s.from, false) === r.from && normalizeDateParam(s.to, true) === r.to;
}

/*
 * The facets, in the order they are shown.  Each says where its values
 * come from in the answer's `facets`, how a value reads, whether it is
 * the active filter, and which state a click leads to.  Another facet
 * (an entity kind, say) is one more entry.
 */
const FACETS = [
  {
    kind: 'source', title: 'المصدر',
    values: (f) => f.source || [],
    label: (v) => v || '(غير معروف)',
    active: (s, v) => s.source === v,
    target: (s, v, on) => withChanges({ source: on ? '' : v, page: 1 }),
  },
  {
    /* A value may hold several categories ("a,b"): one entry each. */
    kind: 'category', title: 'التصنيف',
    values: (f) => splitFacet(f.category),
    label: (v) => v || '(غير مصنّف)',
    active: (s, v) => s.category === v,
    target: (s, v, on) => withChanges({ category: on ? '' : v, page: 1 }),
  },
  {
    kind: 'month', title: 'الشهر',
    values: (f) => (f.month || []).filter((m) => /^\d{4}-\d{2}$/.test(m.value)).sort(byValueDesc),
    label: fmtMonth,
    active: monthActive,
    target: (s, v, on) => withChanges(Object.assign(on ? { from: '', to: '' } : monthRange(v), { page: 1 })),
  },
];

function section(facet) {
  let sec = $('facet-' + facet.kind);
  if (!sec) {
    sec = el('section', 'facet');
    sec.id = 'facet-' + facet.kind;
    const h = el('h2', null, facet.title);
    h.id = sec.id + '-title';
    sec.setAttribute('aria-labelledby', h.id);
    sec.appendChild(h);
    sec.appendChild(el('ul'));
    $('facet-lists').appendChild(sec);
  }
  return sec;
}

/* One value: its label (cut with an ellipsis when long, whole in the
 * title), its count, and a bar as long as the count. */
function valueItem(s, facet, f, max) {
  const li = el('li');
  const on = facet.active(s, f.value);
  const label = facet.label(f.value);
  const a = stateLink(facet.target(s, f.value, on), label, 'value' + (on ? ' active' : ''), closeFilters);
  a.dir = 'auto';
  a.title = label;
  a.dataset.value = f.value;
  if (on) a.setAttribute('aria-current', 'true');
  li.appendChild(a);
  li.appendChild(el('span', 'count', nf.format(f.count)));
  const bar = el('span', 'bar');
  bar.style.width = Math.max(2, Math.round(100 * f.count / max)) + '%';
  li.appendChild(bar);
  return li;
}

export function renderFacets(s, facets) {
  for (const facet of FACETS) {
    const sec = section(facet);
    const list = facet.values(facets || {});
    const ul = clear(sec.querySelector('ul'));
    sec.hidden = !list.length;
    const max = list.reduce((m, f) => Math.max(m, f.count), 1);
    for (const f of list) ul.appendChild(valueItem(s, facet, f, max));
  }
}

/* ---------------------------------------------------------------- */
/* The panel and, on a narrow screen, its bar                         */
/* ---------------------------------------------------------------- */

export function showFilters(visible, activeCount) {
  $('filters').hidden = !visible;
  $('filter-bar').hidden = !visible;
  const n = $('filters-count');
  n.textContent = activeCount ? '(' + nf.format(activeCount) + ')' : '';
}

function setOpen(open) {
  $('filters').classList.toggle('open', open);
  $('filters-toggle').setAttribute('aria-expanded', String(open));
}

/* After a choice on a narrow screen the results, not the panel, are
 * what the reader wants to see. */
export function closeFilters() {
  setOpen(false);
}

export function initFilterBar() {
  const toggle = $('filters-toggle');
  toggle.addEventListener('click', () => {
    setOpen(toggle.getAttribute('aria-expanded') !== 'true');
  });
}
