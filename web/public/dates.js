/*
 * dates.js - the date range form.  Plain text fields rather than the
 * browser's date picker (which shows mm/dd/yyyy whatever the page's
 * language): they take YYYY, YYYY-MM or YYYY-MM-DD in Western or
 * Arabic-Indic digits, say under each field which day they read it as
 * ("1 فبراير 2024"), and explain a mistake in Arabic.
 */
import { $, bdi, clear } from './dom.js';
import { DATE_PATTERN, parseDateInput, fmtDate } from './format.js';
import { go, withChanges } from './state.js';

const HELP = 'اكتب السنة، أو السنة والشهر، أو التاريخ كاملاً:';
const EXAMPLES = ['2024', '2024-02', '2024-02-15'];

const FIELDS = [
  { id: 'from', end: false },
  { id: 'to', end: true },
];

/* Under the field: the day it will be read as (nothing while the text
 * does not parse; the form says why when it is sent). */
function describe(field) {
  const input = $(field.id);
  const r = parseDateInput(input.value, field.end);
  const out = $(field.id + '-read');
  out.textContent = r.error ? '' : r.iso ? fmtDate(r.iso) : '';
  return r;
}

function markInvalid(field, invalid) {
  const input = $(field.id);
  if (invalid) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function showError(message) {
  const box = $('dates-error');
  box.textContent = message || '';
  box.hidden = !message;
}

function submit(ev, onApplied) {
  ev.preventDefault();
  const got = {};
  for (const field of FIELDS) {
    const r = describe(field);
    markInvalid(field, r.error);
    if (r.error) {
      showError((field.id === 'from' ? 'تاريخ البداية: ' : 'تاريخ النهاية: ') + r.error);
      $(field.id).focus();
      return;
    }
    got[field.id] = r.iso;
  }
  if (got.from && got.to && got.from > got.to) {
    markInvalid(FIELDS[0], true);
    showError('تاريخ البداية بعد تاريخ النهاية.');
    $('from').focus();
    return;
  }
  showError('');
  for (const field of FIELDS) $(field.id).value = got[field.id];
  if (onApplied) onApplied();
  go(withChanges({ from: got.from, to: got.to, page: 1 }));
}

/* The fields show the state's dates (ISO, as in the URL). */
export function renderDates(s) {
  for (const field of FIELDS) {
    $(field.id).value = s[field.id];
    markInvalid(field, false);
    describe(field);
  }
  showError('');
}

export function initDates(onApplied) {
  /* The examples left-to-right, each in its own isolate. */
  const help = clear($('dates-help'));
  help.append(HELP, ' ');
  EXAMPLES.forEach((x, i) => help.append(i ? ' أو ' : '', bdi(x, 'example', 'ltr')));
  for (const field of FIELDS) {
    const input = $(field.id);
    input.pattern = DATE_PATTERN;
    input.addEventListener('input', () => {
      const r = describe(field);
      if (!r.error) markInvalid(field, false);
    });
  }
  $('dates').addEventListener('submit', (ev) => submit(ev, onApplied));
}
