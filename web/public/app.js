/*
 * app.js - the fahras search page.
 *
 * The page state lives in the URL (?q=&source=&category=&from=&to=&page=
 * and &doc=ID for the article view), so a search can be shared and the
 * back button works: every change pushes a history entry and render()
 * draws the page from location.search alone.
 *
 * Safety rule: text from articles and from the server only ever reaches
 * the page through textContent / createTextNode, never innerHTML, so an
 * article holding "<script>" shows those characters as text.
 */
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const MAX_OFFSET = 100000;
  const STATE_KEYS = ['q', 'source', 'category', 'from', 'to', 'page', 'doc'];

  const $ = (id) => document.getElementById(id);
  const nf = new Intl.NumberFormat('ar');
  let dateFmt = null;
  try {
    dateFmt = new Intl.DateTimeFormat('ar', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  } catch (e) { dateFmt = null; }
  let monthFmt = null;
  try {
    monthFmt = new Intl.DateTimeFormat('ar', { year: 'numeric', month: 'long', timeZone: 'UTC' });
  } catch (e) { monthFmt = null; }

  /* ---------------------------------------------------------------- */
  /* URL state                                                         */
  /* ---------------------------------------------------------------- */

  function readState() {
    const p = new URLSearchParams(location.search);
    const s = {};
    for (const k of STATE_KEYS) s[k] = p.get(k) || '';
    s.page = Math.max(1, parseInt(s.page, 10) || 1);
    return s;
  }

  function stateUrl(s) {
    const p = new URLSearchParams();
    for (const k of STATE_KEYS) {
      const v = s[k];
      if (k === 'page' && (!v || v === 1)) continue;
      if (v) p.set(k, String(v));
    }
    const qs = p.toString();
    return qs ? '/?' + qs : '/';
  }

  let pushed = 0; /* history entries this page added: "back" can use them */

  function go(s) {
    const url = stateUrl(s);
    if (url !== location.pathname + location.search) {
      history.pushState(null, '', url);
      pushed++;
    }
    render();
  }

  function withChanges(changes) {
    const s = readState();
    Object.assign(s, changes);
    return s;
  }

  /* A link that also works when opened in a new tab. */
  function stateLink(s, text, cls) {
    const a = document.createElement('a');
    a.href = stateUrl(s);
    a.textContent = text;
    if (cls) a.className = cls;
    a.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      go(s);
      window.scrollTo(0, 0);
    });
    return a;
  }

  /* ---------------------------------------------------------------- */
  /* Formatting                                                        */
  /* ---------------------------------------------------------------- */

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function fmtDate(iso) {
    if (!iso) return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m || !dateFmt) return iso;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return isNaN(d) ? iso : dateFmt.format(d);
  }

  function fmtMonth(ym) {
    const m = /^(\d{4})-(\d{2})$/.exec(ym || '');
    if (!m || !monthFmt) return ym || '';
    return monthFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
  }

  function lastDayOfMonth(ym) {
    const [y, m] = ym.split('-').map(Number);
    return ym + '-' + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
  }

  /* Only http(s) links from articles become clickable. */
  function safeHref(url) {
    try {
      const u = new URL(url);
      return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  /* Source, category and date of a hit or article, into node. */
  function fillMeta(node, d) {
    if (d.source) node.appendChild(el('span', 'source', d.source));
    if (d.category) node.appendChild(el('span', 'category', d.category));
    if (d.date) {
      const t = el('time', 'date', fmtDate(d.date));
      t.dateTime = d.date.slice(0, 10);
      node.appendChild(t);
    }
    return node;
  }

  /* Parts [{text, mark}] -> text nodes and <mark> elements in node. */
  function appendParts(node, parts) {
    for (const part of parts || []) {
      if (part.mark) node.appendChild(el('mark', null, part.text));
      else node.appendChild(document.createTextNode(part.text));
    }
    return node;
  }

  function snippetNode(parts) {
    return appendParts(el('p', 'snippet'), parts);
  }

  const ERROR_TEXT = {
    bad_query: 'صيغة البحث غير صحيحة.',
    missing_parameter: 'اكتب كلمة للبحث.',
    too_long: 'نص البحث أطول من المسموح.',
    invalid_utf8: 'نص البحث يحوي رموزاً غير صالحة.',
    control_character: 'نص البحث يحوي رموزاً غير صالحة.',
    bad_parameter: 'أحد خيارات التصفية غير صالح.',
    not_found: 'لم يُعثر على المطلوب.',
  };

  async function api(path) {
    let resp;
    try {
      resp = await fetch(path, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw { arabic: 'تعذّر الاتصال بالخادم. تأكّد من أنّه يعمل ثم أعد المحاولة.', detail: String(e) };
    }
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) {
      const err = (body && body.error) || {};
      throw {
        status: resp.status,
        code: err.code || '',
        arabic: ERROR_TEXT[err.code] || 'حدث خطأ في الخادم (' + resp.status + ').',
        detail: err.message || resp.statusText,
      };
    }
    return body;
  }

  /* ---------------------------------------------------------------- */
  /* Views                                                             */
  /* ---------------------------------------------------------------- */

  let seq = 0; /* answers to superseded requests are dropped */
  /* Facets depend on the query and filters, not on the page: turning a
   * page reuses them (facets=0 saves the server most of the work). */
  let facetCache = { key: null, facets: null };

  function showView(name) {
    $('results').hidden = name !== 'results';
    $('article').hidden = name !== 'article';
    if (name !== 'results') $('filters').hidden = true;
  }

  function setStatus(text, cls) {
    const st = $('status');
    st.textContent = text;
    st.className = cls || '';
  }

  function showError(e) {
    clear($('hits'));
    clear($('pager'));
    const st = $('status');
    st.className = 'error';
    clear(st);
    st.appendChild(el('strong', null, e.arabic || 'حدث خطأ.'));
    if (e.detail) st.appendChild(el('span', 'detail', e.detail));
  }

  async function render() {
    const s = readState();
    $('q').value = s.q;
    $('from').value = s.from;
    $('to').value = s.to;
    document.title = s.q ? s.q + ' — فهرس' : 'فهرس — البحث في الأخبار';
    const my = ++seq;
    if (s.doc) return renderArticle(s, my);
    showView('results');
    renderActiveFilters(s);
    if (!s.q.trim()) {
      $('filters').hidden = true;
      clear($('hits'));
      clear($('pager'));
      setStatus('اكتب كلمة أو عبارة في مربع البحث. الكلمات تُطابَق بكل صيغها: بالتشكيل وبدونه، ومع السوابق واللواحق.', 'welcome');
      return;
    }
    setStatus('جارٍ البحث…', 'loading');
    const offset = Math.min((s.page - 1) * PAGE_SIZE, MAX_OFFSET);
    const p = new URLSearchParams({ q: s.q, limit: String(PAGE_SIZE), offset: String(offset) });
    for (const k of ['source', 'category', 'from', 'to']) if (s[k]) p.set(k, s[k]);
    const facetKey = JSON.stringify([s.q, s.source, s.category, s.from, s.to]);
    const reuse = facetCache.key === facetKey;
    if (reuse) p.set('facets', '0');
    let data;
    try {
      data = await api('/api/search?' + p.toString());
    } catch (e) {
      if (my !== seq) return;
      $('filters').hidden = true;
      showError(e);
      return;
    }
    if (my !== seq) return;
    if (reuse) data.facets = facetCache.facets;
    else facetCache = { key: facetKey, facets: data.facets };
    renderHits(s, data);
    renderFacets(s, data.facets || {});
    renderPager(s, data.total);
  }

  function renderActiveFilters(s) {
    const box = $('active-filters');
    clear(box);
    const labels = { source: 'المصدر', category: 'التصنيف', from: 'من', to: 'إلى' };
    for (const k of ['source', 'category', 'from', 'to']) {
      if (!s[k]) continue;
      const chip = el('span', 'chip');
      chip.appendChild(el('span', null, labels[k] + ': ' + (k === 'from' || k === 'to' ? fmtDate(s[k]) : s[k]) + ' '));
      const rm = stateLink(withChanges({ [k]: '', page: 1 }), '×', 'remove');
      rm.setAttribute('aria-label', 'إزالة ' + labels[k]);
      rm.title = 'إزالة';
      chip.appendChild(rm);
      box.appendChild(chip);
    }
  }

  function renderHits(s, data) {
    const hits = $('hits');
    clear(hits);
    if (!data.total) {
      setStatus('لا توجد نتائج لـ «' + s.q + '». جرّب كلمات أخرى أو أزل بعض عوامل التصفية.', 'empty');
      return;
    }
    const first = (s.page - 1) * PAGE_SIZE + 1;
    const last = first + data.hits.length - 1;
    setStatus(data.hits.length
      ? 'النتائج ' + nf.format(first) + '–' + nf.format(last) + ' من ' + nf.format(data.total)
      : 'لا نتائج في هذه الصفحة (المجموع ' + nf.format(data.total) + ').', '');
    data.hits.forEach((h) => {
      const li = el('li', 'hit');
      li.dataset.id = h.id;
      const h2 = el('h2', 'title');
      h2.appendChild(stateLink(withChanges({ doc: h.id }), h.title || '(بلا عنوان)'));
      li.appendChild(h2);
      li.appendChild(fillMeta(el('p', 'meta'), h));
      li.appendChild(snippetNode(h.snippet));
      hits.appendChild(li);
    });
  }

  function renderFacetList(id, key, list, s, labelOf, onPick) {
    const ul = $(id).querySelector('ul');
    clear(ul);
    $(id).hidden = !list.length;
    const max = list.reduce((m, f) => Math.max(m, f.count), 1);
    for (const f of list) {
      const li = el('li');
      const active = onPick ? false : s[key] === f.value;
      const target = onPick ? onPick(f) : withChanges({ [key]: active ? '' : f.value, page: 1 });
      const a = stateLink(target, labelOf(f.value), active ? 'active' : '');
      a.dataset.value = f.value;
      li.appendChild(a);
      li.appendChild(el('span', 'count', nf.format(f.count)));
      const bar = el('span', 'bar');
      bar.style.width = Math.max(2, Math.round(100 * f.count / max)) + '%';
      li.appendChild(bar);
      ul.appendChild(li);
    }
  }

  function renderFacets(s, facets) {
    $('filters').hidden = false;
    renderFacetList('facet-source', 'source', facets.source || [], s, (v) => v || '(غير معروف)');
    renderFacetList('facet-category', 'category', facets.category || [], s, (v) => v || '(غير مصنّف)');
    const months = (facets.month || []).filter((f) => /^\d{4}-\d{2}$/.test(f.value));
    months.sort((a, b) => (a.value < b.value ? 1 : -1));
    renderFacetList('facet-month', 'month', months, s, fmtMonth,
      (f) => withChanges({ from: f.value + '-01', to: lastDayOfMonth(f.value), page: 1 }));
  }

  function renderPager(s, total) {
    const nav = $('pager');
    clear(nav);
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(MAX_OFFSET / PAGE_SIZE) + 1);
    if (pages <= 1) return;
    if (s.page > 1) nav.appendChild(stateLink(withChanges({ page: s.page - 1 }), '→ السابق', 'prev'));
    const from = Math.max(1, s.page - 3), to = Math.min(pages, s.page + 3);
    for (let i = from; i <= to; i++) {
      if (i === s.page) {
        const cur = el('span', 'current', nf.format(i));
        cur.setAttribute('aria-current', 'page');
        nav.appendChild(cur);
      } else {
        nav.appendChild(stateLink(withChanges({ page: i }), nf.format(i), 'page'));
      }
    }
    if (s.page < pages) nav.appendChild(stateLink(withChanges({ page: s.page + 1 }), 'التالي ←', 'next'));
  }

  async function renderArticle(s, my) {
    showView('article');
    const back = $('back');
    const backState = withChanges({ doc: '' });
    back.href = stateUrl(backState);
    back.textContent = s.q ? '→ العودة إلى نتائج «' + s.q + '»' : '→ صفحة البحث';
    $('article-title').textContent = 'جارٍ التحميل…';
    clear($('article-meta'));
    clear($('article-body'));
    clear($('article-link'));
    let d;
    try {
      /* With the query, the server marks its words in the whole article. */
      d = await api('/api/doc/' + encodeURIComponent(s.doc) +
        (s.q.trim() ? '?q=' + encodeURIComponent(s.q) : ''));
    } catch (e) {
      if (my !== seq) return;
      $('article-title').textContent = e.status === 404 ? 'المقالة غير موجودة' : 'تعذّر عرض المقالة';
      $('article-body').appendChild(el('p', 'error', e.arabic + (e.detail ? ' ' + e.detail : '')));
      return;
    }
    if (my !== seq) return;
    document.title = (d.title || d.id) + ' — فهرس';
    const title = $('article-title');
    if (d.title_parts && d.title_parts.length) {
      clear(title);
      appendParts(title, d.title_parts);
    } else {
      title.textContent = d.title || '(بلا عنوان)';
    }
    fillMeta($('article-meta'), d);
    const body = $('article-body');
    const parts = d.body_parts || [{ text: d.body || '', mark: false }];
    /* One <p> per line of the original; marks may fall anywhere in it. */
    let para = el('p');
    const flush = () => {
      if (para.textContent.trim()) body.appendChild(para);
      para = el('p');
    };
    for (const part of parts) {
      const lines = part.text.split(/\n/);
      lines.forEach((line, i) => {
        if (i > 0) flush();
        if (line) appendParts(para, [{ text: line, mark: part.mark }]);
      });
    }
    flush();
    const href = d.url && safeHref(d.url);
    if (href) {
      const a = el('a', null, 'المصدر الأصلي');
      a.href = href;
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
      $('article-link').appendChild(a);
    }
    window.scrollTo(0, 0);
  }

  /* ---------------------------------------------------------------- */
  /* Wiring                                                            */
  /* ---------------------------------------------------------------- */

  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('q').value.trim();
    /* A new query keeps the filters but starts at page 1. */
    go(withChanges({ q: q, page: 1, doc: '' }));
  });

  $('dates').addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(withChanges({ from: $('from').value, to: $('to').value, page: 1 }));
  });

  $('back').addEventListener('click', (ev) => {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    /* Back to the results as the user left them (scroll included). */
    if (pushed > 0) history.back();
    else go(withChanges({ doc: '' }));
  });

  $('home').addEventListener('click', (ev) => {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey) return;
    ev.preventDefault();
    go({});
    $('q').focus();
  });

  window.addEventListener('popstate', render);

  /* "/" jumps to the search box, as on most search sites. */
  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    ev.preventDefault();
    $('q').focus();
    $('q').select();
  });

  api('/api/stats').then((st) => {
    $('footer-stats').textContent = 'فهرس ' + st.version + ' — ' + nf.format(st.documents) + ' مقالة' +
      (st.date_min && st.date_max ? ' من ' + fmtDate(st.date_min) + ' إلى ' + fmtDate(st.date_max) : '');
  }).catch(() => {});

  render();
})();
