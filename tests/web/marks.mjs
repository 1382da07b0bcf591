// tests/web/marks.mjs URL - /api/doc's marks as offsets (docs/http.md):
// title_marks/body_marks give byte offsets (start, end) into the UTF-8
// text and code-point offsets (start_cp, end_cp).  Sliced as documented,
// in JavaScript by code points (Array.from) and by bytes (TextEncoder),
// each gives the marked word, the same as the mark:true segments of
// title_parts/body_parts.  The corpus (tests/web/run.sh) puts characters
// outside the BMP (emoji, flags, mathematical letters) before the marked
// words, where UTF-16 indexes, code points and bytes all differ.
const base = process.argv[2];
let passed = 0, failed = 0;
function check(cond, name, detail) {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}`); if (detail !== undefined) console.log(`    ${JSON.stringify(detail)}`); }
}
const sliceCp = (s, a, b) => Array.from(s).slice(a, b).join('');
const enc = new TextEncoder(), dec = new TextDecoder();
const sliceBytes = (s, a, b) => dec.decode(enc.encode(s).slice(a, b));

const q = encodeURIComponent('الحكومة');
for (const id of ['m1', 'm2']) {
  const r = await fetch(`${base}/api/doc?id=${id}&q=${q}`);
  const d = await r.json();
  check(r.ok && Array.isArray(d.body_marks) && Array.isArray(d.title_marks), `${id}: title_marks and body_marks are there`, d);
  for (const field of ['title', 'body']) {
    const marks = d[`${field}_marks`] || [], parts = (d[`${field}_parts`] || []).filter((p) => p.mark).map((p) => p.text);
    const byCp = marks.map((m) => sliceCp(d[field], m.start_cp, m.end_cp));
    const byBytes = marks.map((m) => sliceBytes(d[field], m.start, m.end));
    check(marks.length > 0 && JSON.stringify(byCp) === JSON.stringify(parts),
      `${id} ${field}: JavaScript slicing by code points gives the marked words`, { byCp, parts });
    check(JSON.stringify(byBytes) === JSON.stringify(parts),
      `${id} ${field}: slicing the UTF-8 bytes by start/end gives them too`, { byBytes, parts });
    const naive = marks.map((m) => d[field].slice(m.start_cp, m.end_cp));
    if (id === 'm1' && field === 'body')
      check(JSON.stringify(naive) !== JSON.stringify(parts),
        'm1 body: String.prototype.slice (UTF-16) would not: the test can fail', naive);
  }
}
const none = await (await fetch(`${base}/api/doc?id=m1`)).json();
check(!('body_marks' in none) && !('body_parts' in none), 'without q: no marks fields', Object.keys(none));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
