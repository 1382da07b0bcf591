/*
 * results.js - the results view: the status line, the active filters,
 * the list of hits and the pager.  One small function per part, so a new
 * part (a notice above the list, a mark on a hit) is one more function.
 */
import { $, el, clear, bdi, appendParts, appendJoined } from './dom.js';
import { nf, fmtDate, fmtRange, splitValues, normalizeDateParam } from './format.js';
import { PAGE_SIZE, MAX_OFFSET, withChanges, stateLink } from './state.js';
import { ENTITY_TYPES } from './facets.js';

/* The status line: text and nodes (a query in a <bdi>), and a class
 * (loading, empty, welcome, error, or none). */
export function setStatus(items, cls) {
  const st = clear($('status'));
  st.className = cls || '';
  for (const item of [].concat(items)) {
    st.appendChild(typeof item === 'string' ? document.createTextNode(item) : item);
  }
  return st;
}

/* ---------------------------------------------------------------- */
/* The meta line of a hit or an article                               */
/* ---------------------------------------------------------------- */

/* Each part in its own <bdi>, so a Latin source name never splits the
 * date and a number never joins its neighbour.  Groups (a part with
 * several values, like categories) are lists of isolates. */
function metaGroups(d) {
  const groups = [];
  if (d.source) groups.push([bdi(d.source, 'source')]);
  const cats = splitValues(d.category);
  if (cats.length) groups.push(cats.map((c) => bdi(c, 'category')));
  if (d.date) {
    const t = el('time', null, fmtDate(d.date));
    t.dateTime = String(d.date).slice(0, 10);
    const b = bdi(null, 'date');
    b.appendChild(t);
    groups.push([b]);
  }
  return groups;
}

export function fillMeta(node, d) {
  clear(node);
  const groups = metaGroups(d).map((g) => appendJoined(document.createDocumentFragment(), g, '، '));
  return appendJoined(node, groups, ' · ');
}

/* ---------------------------------------------------------------- */
/* Hits                                                               */
/* ---------------------------------------------------------------- */

function hitTitle(h) {
  const h2 = el('h2', 'title');
  h2.appendChild(stateLink(withChanges({ doc: h.id }), h.title || '(بلا عنوان)'));
  return h2;
}

/* "Also published by N sources": the same story's other copies, each
 * with its source and date, opening that copy. */
function othersLabel(n) {
  if (n === 0) return 'نُشر أيضاً بمعرّف آخر';
  if (n === 1) return 'نُشر أيضاً لدى مصدر آخر';
  if (n === 2) return 'نُشر أيضاً لدى مصدرين آخرين';
  return 'نُشر أيضاً لدى ' + nf.format(n) + (n <= 10 ? ' مصادر أخرى' : ' مصدراً آخر');
}

function hitDuplicates(dups) {
  const box = el('details', 'dups');
  box.appendChild(el('summary', null, othersLabel(dups.sources)));
  const list = el('ul');
  for (const d of dups.documents || []) {
    const item = el('li');
    item.appendChild(stateLink(withChanges({ doc: d.id }), d.title || d.id));
    item.appendChild(document.createTextNode(' — '));
    item.appendChild(fillMeta(el('span', 'meta'), d));
    list.appendChild(item);
  }
  box.appendChild(list);
  return box;
}

function hitItem(h) {
  const li = el('li', 'hit');
  li.dataset.id = h.id;
  li.appendChild(hitTitle(h));
  li.appendChild(fillMeta(el('p', 'meta'), h));
  li.appendChild(appendParts(el('p', 'snippet'), h.snippet));
  if (h.duplicates && h.duplicates.documents && h.duplicates.documents.length) {
    li.appendChild(hitDuplicates(h.duplicates));
  }
  return li;
}

function renderCount(s, data) {
  if (!data.total) {
    setStatus(['لا توجد نتائج لـ «', bdi(s.q, 'query'), '». جرّب كلمات أخرى أو أزل بعض عوامل التصفية.'], 'empty');
    return;
  }
  const first = (s.page - 1) * PAGE_SIZE + 1;
  const last = first + data.hits.length - 1;
  const total = atLeast(data.total, data.total_relation);
  const st = setStatus(data.hits.length
    ? 'النتائج ' + nf.format(first) + '–' + nf.format(last) + ' من ' + total
    : 'لا نتائج في هذه الصفحة (المجموع ' + total + ').', '');
  st.appendChild(matchNote(data));
}

/* A count, "more than N" when counting stopped past N (relation "gte"),
 * "about N" when copies of a story among the matches not read may make it
 * fewer (relation "lte"). */
function atLeast(n, relation) {
  return (relation === 'gte' ? 'أكثر من ' : relation === 'lte' ? 'نحو ' : '') + nf.format(n);
}

/* How the total was counted: every result holds every word (match all),
 * or how many of the results do. */
function matchNote(data) {
  const note = el('span', 'match-note');
  note.dataset.match = data.match || '';
  if (data.browse) {
    note.dataset.match = 'browse';
    note.textContent = ' — كل مقالة تطابق المرشّحات، بترتيب تاريخها';
  } else if (data.match === 'all' && !data.relaxed) {
    note.textContent = ' — كل نتيجة تحوي كل كلمات البحث';
  } else if (typeof data.total_all === 'number') {
    note.textContent = data.total_all
      ? ' — منها ' + atLeast(data.total_all, data.total_all_relation) + ' تحوي كل الكلمات'
      : ' — لا مقالة تحوي كل الكلمات';
  }
  return note;
}

/* What the search changed in the query (data.rewrites), each line with a
 * link that searches the words as typed. */
function rewriteLine(s, data, w) {
  const p = el('p', 'rewrite');
  p.dataset.kind = w.kind;
  if (w.kind === 'spelling') {
    p.append('عرض نتائج «', bdi(data.rewritten || w.to, 'query'), '» — ');
    p.appendChild(stateLink(withChanges({ spelling: '0', page: 1 }),
      ['ابحث بدلًا من ذلك عن «', s.q, '»'].join(''), 'original'));
  } else if (w.kind === 'variants') {
    p.append('بحثنا أيضًا عن: ');
    appendJoined(p, (w.with || []).map((v) => bdi(v, 'variant')), '، ');
    p.append(' (تهجئات أخرى لـ «', bdi(w.word, 'word'), '») — ');
    p.appendChild(stateLink(withChanges({ variants: '0', page: 1 }),
      'ابحث عن «' + w.word + '» كما كُتبت فقط', 'original'));
  } else if (w.kind === 'relaxed') {
    p.append('لا توجد مقالة تحوي كل الكلمات والعبارات المطلوبة: النتائج مرتّبة بالكلمات نفسها دون اشتراط أيٍّ منها.');
  }
  return p;
}

function renderRewrites(s, data) {
  const box = clear($('rewrites'));
  const seen = new Set();
  for (const w of data.rewrites || []) {
    if (w.kind === 'spelling' && seen.has('spelling')) continue; /* one line names the whole query */
    seen.add(w.kind);
    box.appendChild(rewriteLine(s, data, w));
  }
}

export function renderHits(s, data) {
  const list = clear($('hits'));
  renderCount(s, data);
  renderRewrites(s, data);
  if (data.total) for (const h of data.hits || []) list.appendChild(hitItem(h));
}

/* ---------------------------------------------------------------- */
/* Active filters                                                     */
/* ---------------------------------------------------------------- */

const FILTER_LABELS = { source: 'المصدر', category: 'التصنيف', from: 'من', to: 'إلى' };

/* One chip per active filter: a value of source, category, from or to;
 * each entity (its name when an answer gave one, else its key); and the
 * period of the events, one chip for both its ends.  `names`: "TYPE:KEY"
 * -> name. */
function chipsOf(s, names) {
  const out = [];
  for (const k of Object.keys(FILTER_LABELS)) {
    if (s[k]) out.push({ filter: k, label: FILTER_LABELS[k], text: k === 'from' || k === 'to' ? fmtDate(s[k]) : s[k], change: { [k]: '' } });
  }
  for (const v of s.entity) {
    const type = v.slice(0, Math.max(0, v.indexOf(':')));
    const known = ENTITY_TYPES[type];
    out.push({
      filter: 'entity', value: v, label: known ? known.one : 'كيان',
      text: (names && names.get(v)) || (known ? v.slice(type.length + 1) : v),
      change: { entity: s.entity.filter((x) => x !== v) }, named: true,
    });
  }
  if (s.event_from || s.event_to) {
    out.push({
      filter: 'event', label: 'زمن الأحداث',
      text: fmtRange(normalizeDateParam(s.event_from, false), normalizeDateParam(s.event_to, true)),
      change: { event_from: '', event_to: '' },
    });
  }
  return out;
}

function filterChip(c) {
  const chip = el('span', 'chip');
  chip.dataset.filter = c.filter;
  if (c.value) chip.dataset.value = c.value;
  chip.appendChild(document.createTextNode(c.label + ': '));
  chip.appendChild(bdi(c.text, 'value'));
  chip.appendChild(document.createTextNode(' '));
  const rm = stateLink(withChanges(Object.assign({ page: 1 }, c.change)), '×', 'remove');
  rm.setAttribute('aria-label', 'إزالة ' + c.label + (c.named ? ' ' + c.text : ''));
  rm.title = 'إزالة';
  chip.appendChild(rm);
  return chip;
}

export function activeFilterCount(s) {
  return chipsOf(s, null).length;
}

export function renderActiveFilters(s, names) {
  const box = clear($('active-filters'));
  for (const c of chipsOf(s, names)) box.appendChild(filterChip(c));
}

/* ---------------------------------------------------------------- */
/* Pager: previous, the first page, a window around the current one,   */
/* the last page, next.  A narrow screen gets a narrower window.       */
/* ---------------------------------------------------------------- */

function pageItem(i, current, pages) {
  const label = i === 1 ? 'الصفحة الأولى، ' + nf.format(1) : i === pages ? 'الصفحة الأخيرة، ' + nf.format(i) : 'الصفحة ' + nf.format(i);
  const edge = i === 1 ? ' first' : i === pages ? ' last' : '';
  let item;
  if (i === current) {
    item = el('span', 'current' + edge, nf.format(i));
    item.setAttribute('aria-current', 'page');
  } else {
    item = stateLink(withChanges({ page: i }), nf.format(i), 'page' + edge);
  }
  item.setAttribute('aria-label', label);
  return item;
}

function lastPage(total) {
  return Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(MAX_OFFSET / PAGE_SIZE) + 1);
}

export function renderPager(s, total, narrow) {
  const nav = clear($('pager'));
  const pages = lastPage(total);
  if (pages <= 1) return;
  const radius = narrow ? 1 : 2;
  const cur = s.page;
  const mid = Math.min(cur, pages); /* a page past the end (an old link) shows the last ones */
  const from = Math.max(2, mid - radius), to = Math.min(pages - 1, mid + radius);
  const gap = () => el('span', 'gap', '…');
  if (cur > 1) nav.appendChild(stateLink(withChanges({ page: Math.min(cur - 1, pages) }), '→ السابق', 'prev'));
  nav.appendChild(pageItem(1, cur, pages));
  if (from > 2) nav.appendChild(gap());
  for (let i = from; i <= to; i++) nav.appendChild(pageItem(i, cur, pages));
  if (to < pages - 1) nav.appendChild(gap());
  nav.appendChild(pageItem(pages, cur, pages));
  if (cur < pages) nav.appendChild(stateLink(withChanges({ page: cur + 1 }), 'التالي ←', 'next'));
}
