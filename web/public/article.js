/*
 * article.js - the article view: headline and body with the query's
 * words marked, the meta line, and the record's other fields (author,
 * link, and whatever else the input kept) in a definition list.
 */
import { $, el, clear, bdi, appendParts, appendJoined } from './dom.js';
import { safeHref, fieldText } from './format.js';
import { withChanges, stateUrl } from './state.js';
import { api, fillError } from './api.js';
import { fillMeta } from './results.js';

/* Names of common input fields; any other shows under its own name. */
const FIELD_LABELS = {
  author: 'الكاتب', authors: 'الكتّاب', writer: 'الكاتب', byline: 'الكاتب',
  url: 'الرابط', link: 'الرابط', image: 'الصورة', tags: 'الوسوم', keywords: 'الكلمات المفتاحية',
  language: 'اللغة', lang: 'اللغة', subtitle: 'العنوان الفرعي', summary: 'الملخص',
  section: 'القسم', country: 'البلد', city: 'المدينة', place: 'المكان', location: 'المكان',
  updated: 'آخر تحديث', word_count: 'عدد الكلمات',
};
/* Shown first, in this order; the rest keep the record's order. */
const FIRST_FIELDS = ['author', 'authors', 'url'];
const MAX_FIELDS = 40;

function linkOrText(value) {
  const href = safeHref(value);
  if (!href) return bdi(fieldText(value), 'value');
  const a = el('a', 'value');
  a.href = href;
  a.rel = 'noopener noreferrer nofollow';
  a.target = '_blank';
  a.appendChild(bdi(fieldText(value), null, 'ltr'));
  return a;
}

/* A field's value as nodes: text and http(s) links, lists joined by
 * commas, objects as "name: value" pairs; each piece isolated, so Latin
 * and Arabic pieces keep their own order. */
function valueNode(v, depth) {
  const box = document.createDocumentFragment();
  if (typeof v === 'string') box.appendChild(linkOrText(v));
  else if (v === null || typeof v !== 'object' || depth > 2) box.appendChild(bdi(fieldText(v), 'value'));
  else if (Array.isArray(v)) {
    appendJoined(box, v.slice(0, MAX_FIELDS).map((x) => valueNode(x, depth + 1)), '، ');
  } else {
    appendJoined(box, Object.keys(v).slice(0, MAX_FIELDS).map((k) => {
      const pair = document.createDocumentFragment();
      pair.append(bdi(k, 'name'), ': ', valueNode(v[k], depth + 1));
      return pair;
    }), '؛ ');
  }
  return box;
}

/* The record's fields beyond title, body, source, category and date:
 * `url` and `extra` of the API's answer, the empty ones left out. */
function articleFields(d) {
  const extra = d.extra && typeof d.extra === 'object' && !Array.isArray(d.extra) ? d.extra : {};
  const all = Object.assign({}, extra);
  if (d.url) all.url = d.url;
  const names = FIRST_FIELDS.filter((k) => k in all)
    .concat(Object.keys(all).filter((k) => !FIRST_FIELDS.includes(k)));
  return names.filter((name) => fieldText(all[name]) !== '' && fieldText(all[name]) !== '{}')
    .slice(0, MAX_FIELDS)
    .map((name) => ({ name, label: FIELD_LABELS[name.toLowerCase()], value: all[name] }));
}

function renderFields(d) {
  const dl = clear($('article-fields'));
  const fields = articleFields(d);
  dl.hidden = !fields.length;
  for (const f of fields) {
    const dt = el('dt');
    dt.dataset.field = f.name;
    dt.appendChild(f.label ? document.createTextNode(f.label) : bdi(f.name, 'name'));
    const dd = el('dd');
    dd.appendChild(valueNode(f.value, 0));
    dl.appendChild(dt);
    dl.appendChild(dd);
  }
}

function renderTitle(d) {
  const title = clear($('article-title'));
  if (d.title_parts && d.title_parts.length) appendParts(title, d.title_parts);
  else title.textContent = d.title || '(بلا عنوان)';
}

/* One <p> per line of the original; marks may fall anywhere in it. */
function renderBody(d) {
  const body = clear($('article-body'));
  const parts = d.body_parts || [{ text: d.body || '', mark: false }];
  let para = el('p');
  const flush = () => {
    if (para.textContent.trim()) body.appendChild(para);
    para = el('p');
  };
  for (const part of parts) {
    part.text.split(/\n/).forEach((line, i) => {
      if (i > 0) flush();
      if (line) appendParts(para, [{ text: line, mark: part.mark }]);
    });
  }
  flush();
  /* A very long article is sent in part (docs/http.md): say so. */
  if (d.body_truncated) {
    body.appendChild(el('p', 'truncated',
      'المقالة أطول مما يُعرض هنا؛ هذا جزؤها الأول (' + Math.round((d.body_bytes || 0) / 1024) +
      ' كيلوبايت في المجموع).'));
  }
}

function renderLink(d) {
  const box = clear($('article-link'));
  const href = d.url && safeHref(d.url);
  if (!href) return;
  const a = el('a', null, 'المصدر الأصلي');
  a.href = href;
  a.rel = 'noopener noreferrer nofollow';
  a.target = '_blank';
  box.appendChild(a);
}

function renderBack(s) {
  const back = clear($('back'));
  back.href = stateUrl(withChanges({ doc: '' }));
  if (s.q) back.append('→ العودة إلى نتائج «', bdi(s.q, 'query'), '»');
  else back.textContent = '→ صفحة البحث';
}

/* Draws the article of state s; `current()` says whether s is still
 * the page's state when the answer comes. */
export async function renderArticle(s, current) {
  renderBack(s);
  $('article-title').textContent = 'جارٍ التحميل…';
  for (const id of ['article-meta', 'article-body', 'article-link', 'article-fields']) clear($(id));
  $('article-fields').hidden = true;
  let d;
  try {
    /* With the query, the server marks its words in the whole article. */
    /* The id as a parameter, not a path segment: every browser folds the
     * segments "." and ".." (even percent-encoded) away. */
    d = await api('/api/doc?id=' + encodeURIComponent(s.doc) +
      (s.q.trim() ? '&q=' + encodeURIComponent(s.q) : ''));
  } catch (e) {
    if (!current()) return;
    $('article-title').textContent = e.status === 404 ? 'المقالة غير موجودة' : 'تعذّر عرض المقالة';
    $('article-body').appendChild(fillError(el('p'), e));
    return;
  }
  if (!current()) return;
  document.title = (d.title || d.id) + ' — فهرس';
  renderTitle(d);
  fillMeta($('article-meta'), d);
  renderFields(d);
  renderBody(d);
  renderLink(d);
  window.scrollTo(0, 0);
}
