/*
 * timeline.js - when the matches' events happened: a bar chart above the
 * results of the answer's `timeline` (one bar per year, month or day, as
 * long as the number of matching articles with an event in it).  A bar
 * is a link that sets event_from/event_to to its period (again: removes
 * them), so it opens in a new tab too.  Bars run in reading order, the
 * earliest on the right; the chart is one tab stop and the arrow keys,
 * Home and End move between its bars.
 */
import { $, el, clear } from './dom.js';
import { fmtPeriod, periodRange, articlesCount, normalizeDateParam } from './format.js';
import { withChanges, stateLink } from './state.js';

const UNITS = {
  year: { shape: /^\d{4}$/, per: 'لكل سنة' },
  month: { shape: /^\d{4}-\d{2}$/, per: 'لكل شهر' },
  day: { shape: /^\d{4}-\d{2}-\d{2}$/, per: 'لكل يوم' },
};
/* Periods with no match between two that have one are drawn as gaps,
 * unless that would make more bars than this. */
const MAX_BARS = 400;

function nextPeriod(p) {
  const [y, m, d] = p.split('-').map(Number);
  if (m === undefined) return String(y + 1).padStart(4, '0');
  if (d === undefined) return m === 12 ? String(y + 1).padStart(4, '0') + '-01' : p.slice(0, 5) + String(m + 1).padStart(2, '0');
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/* The answer's buckets, checked and in time order, with the periods
 * between them filled in as empty ones. */
function bucketsOf(timeline) {
  const unit = timeline && typeof timeline === 'object' ? UNITS[timeline.unit] : null;
  if (!unit || !Array.isArray(timeline.buckets)) return [];
  const counts = new Map();
  for (const b of timeline.buckets) {
    if (!b || typeof b.date !== 'string' || !unit.shape.test(b.date) || !periodRange(b.date)) continue;
    if (typeof b.count !== 'number' || !(b.count > 0)) continue;
    counts.set(b.date, (counts.get(b.date) || 0) + b.count);
  }
  const dates = [...counts.keys()].sort();
  if (!dates.length) return [];
  const last = dates[dates.length - 1];
  const out = [];
  for (let p = dates[0]; p <= last && out.length <= MAX_BARS; p = nextPeriod(p)) out.push({ date: p, count: counts.get(p) || 0 });
  return out.length <= MAX_BARS ? out : dates.map((date) => ({ date, count: counts.get(date) }));
}

function barItem(b, max, chosen) {
  const li = el('li');
  const fill = el('span', 'fill');
  fill.style.height = (b.count ? Math.max(3, Math.round(100 * b.count / max)) : 0) + '%';
  const label = fmtPeriod(b.date) + ': ' + articlesCount(b.count);
  if (!b.count) {
    /* A gap: seen, not a stop for the keyboard or a screen reader. */
    li.className = 'gap';
    li.title = label;
    li.setAttribute('aria-hidden', 'true');
    li.appendChild(fill);
    return li;
  }
  const r = periodRange(b.date);
  const on = chosen.from === r.from && chosen.to === r.to;
  const target = withChanges(on ? { event_from: '', event_to: '', page: 1 } : { event_from: r.from, event_to: r.to, page: 1 });
  const a = stateLink(target, fill, 'bar' + (on ? ' active' : ''));
  a.setAttribute('aria-label', label);
  a.title = label;
  a.dataset.period = b.date;
  a.tabIndex = -1;
  if (on) a.setAttribute('aria-current', 'true');
  li.appendChild(a);
  return li;
}

/* The period bars (links) of the chart, in time order. */
const barsOf = () => [...$('timeline-bars').querySelectorAll('a.bar')];

/* One tab stop: the chosen bar, else the one focused before the chart
 * was drawn again, else the latest. */
function setTabStop(bar) {
  for (const b of barsOf()) b.tabIndex = b === bar ? 0 : -1;
}

export function renderTimeline(s, timeline) {
  const box = $('timeline');
  const list = bucketsOf(timeline);
  box.hidden = !list.length;
  const ol = $('timeline-bars');
  const had = ol.contains(document.activeElement) ? document.activeElement.dataset.period : null;
  clear(ol);
  if (!list.length) return;
  $('timeline-unit').textContent = UNITS[timeline.unit].per;
  const max = list.reduce((m, b) => Math.max(m, b.count), 1);
  const chosen = { from: normalizeDateParam(s.event_from, false), to: normalizeDateParam(s.event_to, true) };
  for (const b of list) ol.appendChild(barItem(b, max, chosen));
  $('timeline-chart').style.maxWidth = (3 * list.length) + 'rem';
  $('timeline-start').textContent = fmtPeriod(list[0].date);
  $('timeline-end').textContent = list.length > 1 ? fmtPeriod(list[list.length - 1].date) : '';
  const bars = barsOf();
  const again = had && bars.find((b) => b.dataset.period === had);
  setTabStop(again || ol.querySelector('a.bar.active') || bars[bars.length - 1]);
  if (again) again.focus();
}

/* Arrow keys follow the screen: in a right-to-left page the left arrow
 * goes to the next (later) bar. */
function onKey(ev) {
  const bars = barsOf();
  const i = bars.indexOf(document.activeElement);
  if (i < 0) return;
  const rtl = getComputedStyle($('timeline-bars')).direction === 'rtl';
  const step = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1 }[ev.key];
  let j;
  if (step) j = Math.min(bars.length - 1, Math.max(0, i + step));
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = bars.length - 1;
  else return;
  ev.preventDefault();
  setTabStop(bars[j]);
  bars[j].focus();
}

export function initTimeline() {
  $('timeline-bars').addEventListener('keydown', onKey);
}
