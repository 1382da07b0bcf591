/*
 * format.js - pure text functions of the page: numbers and dates in
 * Arabic, the date fields' parser, multi-valued fields, safe links.
 * Nothing here touches the document.
 */

export const nf = new Intl.NumberFormat('ar');

function formatter(options) {
  try {
    return new Intl.DateTimeFormat('ar', Object.assign({ timeZone: 'UTC' }, options));
  } catch (e) {
    return null;
  }
}
const dayFmt = formatter({ year: 'numeric', month: 'long', day: 'numeric' });
const monthFmt = formatter({ year: 'numeric', month: 'long' });
const yearFmt = formatter({ year: 'numeric' });

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/* "2024-02-15" (or a longer ISO timestamp) -> "15 فبراير 2024". */
export function fmtDate(iso) {
  if (!iso) return '';
  const m = ISO_DAY.exec(iso);
  if (!m || !dayFmt) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return isNaN(d) ? iso : dayFmt.format(d);
}

/* "2024-02" -> "فبراير 2024". */
export function fmtMonth(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(ym || '');
  if (!m || !monthFmt) return ym || '';
  return monthFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}

function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function monthRange(ym) {
  const [y, m] = ym.split('-').map(Number);
  return { from: ym + '-01', to: ym + '-' + String(daysInMonth(y, m)).padStart(2, '0') };
}

/* "2024" -> "2024" in the page's digits. */
export function fmtYear(y) {
  const m = /^(\d{4})$/.exec(y || '');
  if (!m || !yearFmt) return y || '';
  return yearFmt.format(new Date(Date.UTC(+m[1], 0, 1)));
}

/* A period as the API names it ("2021", "2021-04", "2021-04-14") -> its
 * first and last day, or null. */
export function periodRange(p) {
  if (/^\d{4}$/.test(p)) return { from: p + '-01-01', to: p + '-12-31' };
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(p)) return monthRange(p);
  const d = /^(\d{4})-(0[1-9]|1[0-2])-(\d{2})$/.exec(p);
  if (d && +d[3] >= 1 && +d[3] <= daysInMonth(+d[1], +d[2])) return { from: p, to: p };
  return null;
}

/* A period in words: "2021", "أبريل 2021", "14 أبريل 2021". */
export function fmtPeriod(p) {
  return p.length === 4 ? fmtYear(p) : p.length === 7 ? fmtMonth(p) : fmtDate(p);
}

/* A range of whole days in words: the period it is when it is one
 * ("أبريل 2021"), else its two ends; an open end reads "من ..." / "حتى ...". */
export function fmtRange(from, to) {
  if (from && to) {
    for (const p of [from.slice(0, 4), from.slice(0, 7), from]) {
      const r = periodRange(p);
      if (r && r.from === from && r.to === to) return fmtPeriod(p);
    }
    return fmtDate(from) + ' – ' + fmtDate(to);
  }
  return from ? 'من ' + fmtDate(from) : to ? 'حتى ' + fmtDate(to) : '';
}

/* "12 مقالةً": the number with the noun as Arabic counts it (one, two,
 * 3 to 10, 11 to 99, and by the last two digits above 100). */
export function articlesCount(n) {
  if (n === 0) return 'لا مقالات';
  if (n === 1) return 'مقالة واحدة';
  if (n === 2) return 'مقالتان';
  const r = n % 100;
  return nf.format(n) + ' ' + (r >= 3 && r <= 10 ? 'مقالات' : r >= 11 ? 'مقالةً' : 'مقالة');
}

/* ---------------------------------------------------------------- */
/* The date fields: YYYY, YYYY-MM or YYYY-MM-DD, in any digits        */
/* ---------------------------------------------------------------- */

/* Western, Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..)
 * digits; "-", "/" or "." between the parts.  Written so that it also
 * compiles with the "v" flag browsers use for the pattern attribute. */
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const SEP = '\\s*[\\-\\/.]\\s*';
export const DATE_PATTERN = `\\s*${DIGIT}{4}(${SEP}${DIGIT}{1,2}(${SEP}${DIGIT}{1,2})?)?\\s*`;
const DATE_RE = new RegExp('^' + DATE_PATTERN + '$', 'u');

/* Bidi marks a pasted date may carry (LRM, RLM, ALM, isolates). */
const BIDI_MARKS = /[\u200E\u200F\u061C\u2066-\u2069\u202A-\u202E]/g;

function asciiDigits(text) {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g,
    (c) => String(c.charCodeAt(0) & 0xF));
}

/*
 * A date field's text -> {iso} (YYYY-MM-DD) or {error} (Arabic), or
 * {iso: ''} when empty.  A year or a month stands for its first day, or
 * its last when `end` (the "to" field): "2024-02" to -> 2024-02-29.
 */
export function parseDateInput(text, end) {
  const t = asciiDigits(String(text || '').replace(BIDI_MARKS, '')).trim();
  if (!t) return { iso: '' };
  if (!DATE_RE.test(t)) return { error: 'صيغة التاريخ غير مفهومة: اكتب السنة أولاً، ثم الشهر، ثم اليوم.' };
  const [y, m, d] = t.split(/\s*[-/.]\s*/).map(Number);
  if (y < 1000) return { error: 'السنة غير صحيحة.' };
  if (m !== undefined && (m < 1 || m > 12)) return { error: 'الشهر يجب أن يكون من 1 إلى 12.' };
  const month = m === undefined ? (end ? 12 : 1) : m;
  const last = daysInMonth(y, month);
  if (d !== undefined && (d < 1 || d > last)) {
    return { error: 'لا يوجد يوم ' + d + ' في ' + (fmtMonth(y + '-' + String(month).padStart(2, '0'))) + '.' };
  }
  const day = d === undefined ? (end ? last : 1) : d;
  return { iso: String(y) + '-' + String(month).padStart(2, '0') + '-' + String(day).padStart(2, '0') };
}

/* A date from the URL, for the API: completed when it parses, else
 * passed on as it is (the server then says what is wrong with it). */
export function normalizeDateParam(value, end) {
  const r = parseDateInput(value, end);
  return r.iso !== undefined ? r.iso : value;
}

/* ---------------------------------------------------------------- */
/* Multi-valued fields and links                                      */
/* ---------------------------------------------------------------- */

/* "اقتصاد,زراعة" / "اقتصاد، زراعة" -> ["اقتصاد", "زراعة"]: a category
 * field may hold several, separated by a Latin or Arabic comma. */
export function splitValues(value) {
  if (!value) return [];
  const out = [];
  for (const v of String(value).split(/[,\u060C]/)) {
    const t = v.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/*
 * Facet counts [{value, count}] whose values may hold several categories
 * -> one entry per category, its count the sum over the values holding
 * it (each document has one value, so the sum counts documents).  A list
 * that is already split passes through unchanged.  Highest count first,
 * then by value, as the API orders them.
 */
export function splitFacet(list) {
  const counts = new Map();
  for (const f of list || []) {
    const parts = splitValues(f.value);
    for (const p of parts.length ? parts : [f.value]) counts.set(p, (counts.get(p) || 0) + f.count);
  }
  return [...counts].map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/* Only absolute http(s) links from articles become clickable. */
export function safeHref(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
  } catch (e) {
    return null;
  }
}

/* A value of an article's extra fields as one line of text. */
export function fieldText(v, max = 2000) {
  let t;
  if (v === null || v === undefined) t = '';
  else if (Array.isArray(v)) t = v.map((x) => fieldText(x, max)).filter(Boolean).join('، ');
  else if (typeof v === 'object') t = JSON.stringify(v);
  else t = String(v);
  return t.length > max ? t.slice(0, max) + '…' : t;
}
