/*
 * facets.js - the filter panel: one list of values with counts per facet
 * of the API's answer (click a value to filter, click again to remove):
 * source, category and month from its `facets`, people, organisations
 * and places from its `entities`; and, on a narrow screen, the bar that
 * opens and closes the panel above the results.
 */
import { $, el, clear } from './dom.js';
import { nf, fmtMonth, monthRange, splitFacet, normalizeDateParam } from './format.js';
import { withChanges, stateLink, toggled } from './state.js';

const byValueDesc = (a, b) => (a.value < b.value ? 1 : a.value > b.value ? -1 : 0);

function monthActive(s, v) {
  const r = monthRange(v);
  return normalizeDateParam(s.from, false) === r.from && normalizeDateParam(s.to, true) === r.to;
}

/* The answer's `facets` of one kind. */
const counted = (a, kind) => (a.facets && Array.isArray(a.facets[kind]) ? a.facets[kind] : []);

/* The answer's `entities` of one type -> values "TYPE:KEY" (the URL's
 * `entity`) with the name most often written for them.  Absent (an older
 * server, or facets=0): none. */
function entityValues(a, type) {
  const list = a.entities && Array.isArray(a.entities[type]) ? a.entities[type] : [];
  const seen = new Set();
  const out = [];
  for (const e of list) {
    if (!e || typeof e.key !== 'string' || !e.key || typeof e.count !== 'number') continue;
    const value = type + ':' + e.key;
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, count: e.count, name: typeof e.name === 'string' && e.name ? e.name : e.key });
  }
  return out;
}

/* Entity types as the page names them, in the chips too. */
export const ENTITY_TYPES = {
  PER: { title: 'أشخاص', one: 'شخص' },
  ORG: { title: 'منظمات', one: 'منظمة' },
  LOC: { title: 'أماكن', one: 'مكان' },
};

function entityFacet(type) {
  return {
    kind: 'entity-' + type, title: ENTITY_TYPES[type].title, entities: true, top: 8,
    values: (a) => entityValues(a, type),
    label: (v, f) => f.name,
    active: (s, v) => s.entity.includes(v),
    target: (s, v, on) => withChanges({ entity: toggled(s.entity, v, on), page: 1 }),
  };
}

/*
 * The facets, in the order they are shown.  Each says where its values
 * come from in the answer, how a value reads, whether it is the active
 * filter, and which state a click leads to; `top`: how many are shown
 * before "show all".  Another facet is one more entry.
 */
const FACETS = [
  {
    kind: 'source', title: 'المصدر',
    values: (a) => counted(a, 'source'),
    label: (v) => v || '(غير معروف)',
    active: (s, v) => s.source === v,
    target: (s, v, on) => withChanges({ source: on ? '' : v, page: 1 }),
  },
  {
    /* A value may hold several categories ("a,b"): one entry each. */
    kind: 'category', title: 'التصنيف',
    values: (a) => splitFacet(counted(a, 'category')),
    label: (v) => v || '(غير مصنّف)',
    active: (s, v) => s.category === v,
    target: (s, v, on) => withChanges({ category: on ? '' : v, page: 1 }),
  },
  {
    kind: 'month', title: 'الشهر',
    values: (a) => counted(a, 'month').filter((m) => /^\d{4}-\d{2}$/.test(m.value)).sort(byValueDesc),
    label: fmtMonth,
    active: monthActive,
    target: (s, v, on) => withChanges(Object.assign(on ? { from: '', to: '' } : monthRange(v), { page: 1 })),
  },
  ...Object.keys(ENTITY_TYPES).map(entityFacet),
];

/* Lists the reader opened whole ("show all"), by kind. */
const expanded = new Set();

function section(facet) {
  let sec = $('facet-' + facet.kind);
  if (!sec) {
    sec = el('section', 'facet');
    sec.id = 'facet-' + facet.kind;
    const h = el('h2', null, facet.title);
    h.id = sec.id + '-title';
    sec.setAttribute('aria-labelledby', h.id);
    sec.appendChild(h);
    const note = el('p', 'facet-note');
    note.hidden = true;
    sec.appendChild(note);
    sec.appendChild(el('ul'));
    if (facet.top) sec.appendChild(moreButton(facet));
    $('facet-lists').appendChild(sec);
  }
  return sec;
}

function moreButton(facet) {
  const b = el('button', 'more');
  b.type = 'button';
  b.setAttribute('aria-controls', 'facet-' + facet.kind);
  b.addEventListener('click', () => {
    if (expanded.has(facet.kind)) expanded.delete(facet.kind);
    else expanded.add(facet.kind);
    const sec = $('facet-' + facet.kind);
    showMore(sec, facet);
    b.focus();
  });
  return b;
}

/* Past `top`, values are hidden until "show all" (chosen ones never are). */
function showMore(sec, facet) {
  const items = [...sec.querySelectorAll('li')];
  const open = expanded.has(facet.kind);
  items.forEach((li, i) => { li.hidden = !open && i >= facet.top && !li.querySelector('a.active'); });
  const b = sec.querySelector('button.more');
  b.hidden = items.length <= facet.top;
  b.textContent = open ? 'عرض أقل' : 'عرض الكل (' + nf.format(items.length) + ')';
  b.setAttribute('aria-expanded', String(open));
}

/* One value: its label (cut with an ellipsis when long, whole in the
 * title), its count, and a bar as long as the count. */
function valueItem(s, facet, f, max) {
  const li = el('li');
  const on = facet.active(s, f.value);
  const label = facet.label(f.value, f);
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

/* The entity lists are read from the best `entities_from` matches: said
 * once, under the first of them shown, when that is not every match. */
function entitiesNote(answer, total) {
  const n = answer.entities_from;
  return typeof n === 'number' && n < total ? 'من أفضل ' + nf.format(n) + ' نتيجة' : '';
}

/* answer: {facets, entities, entities_from} of the API's answer; total:
 * how many documents match. */
export function renderFacets(s, answer, total) {
  let note = entitiesNote(answer, total);
  for (const facet of FACETS) {
    const sec = section(facet);
    const list = facet.values(answer);
    const ul = clear(sec.querySelector('ul'));
    sec.hidden = !list.length;
    const max = list.reduce((m, f) => Math.max(m, f.count), 1);
    for (const f of list) ul.appendChild(valueItem(s, facet, f, max));
    if (facet.top) showMore(sec, facet);
    const p = sec.querySelector('.facet-note');
    p.textContent = facet.entities && list.length ? note : '';
    p.hidden = !p.textContent;
    if (!p.hidden) note = '';
  }
}

/* The names the answer gives the entities it lists ("ORG:KEY" -> name). */
export function entityNames(answer) {
  const names = new Map();
  for (const type of Object.keys(ENTITY_TYPES)) {
    for (const f of entityValues(answer, type)) names.set(f.value, f.name);
  }
  return names;
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
