// concurrent.mjs - many clients search while `fahras index` writes to the
// same database.  Runs CLIENTS request loops until the file DONE_FLAG
// exists (the index run finished), then checks:
//   - every answer was 200 (no "database is locked", no 500),
//   - each client saw totals that never went down (committed documents
//     only ever appear),
//   - every hit could be fetched whole with /api/doc (no half-written doc),
//   - after the run, the total is the final document count.
//   - every total seen is START + k * BATCH: a batch is seen whole or not
//     at all (the index run commits BATCH documents per transaction).
// usage: node concurrent.mjs BASE_URL DONE_FLAG QUERY FINAL_TOTAL START BATCH [CLIENTS]
import { existsSync } from 'node:fs';

const [base, doneFlag, query, finalTotalS, startS, batchS, clientsS] = process.argv.slice(2);
const start = Number(startS), batch = Number(batchS);
const finalTotal = Number(finalTotalS);
const clients = Number(clientsS || 8);
const MAX_ROUNDS = 4000; /* bound the loop even if the flag never comes */

let passed = 0, failed = 0;
function check(cond, what, detail) {
  if (cond) { passed++; console.log('ok - ' + what); }
  else { failed++; console.log('not ok - ' + what + (detail !== undefined ? ' (' + JSON.stringify(detail) + ')' : '')); }
}

const bad = [];
let requests = 0, docsChecked = 0, decreases = 0;
const seenTotals = new Set();

async function client(n) {
  let last = -1;
  for (let round = 0; round < MAX_ROUNDS && !existsSync(doneFlag); round++) {
    const offset = (round * 7 + n) % 50;
    let r;
    try {
      r = await fetch(`${base}/api/search?q=${encodeURIComponent(query)}&limit=5&offset=${offset}`);
    } catch (e) {
      bad.push('fetch failed: ' + e);
      continue;
    }
    requests++;
    const text = await r.text();
    if (r.status !== 200) { bad.push(r.status + ' ' + text.slice(0, 200)); continue; }
    const j = JSON.parse(text);
    seenTotals.add(j.total);
    if (j.total < last) decreases++;
    last = j.total;
    if (j.hits.length && round % 3 === 0) {
      const id = j.hits[round % j.hits.length].id;
      const d = await fetch(`${base}/api/doc/${encodeURIComponent(id)}`);
      requests++;
      const dj = await d.json();
      if (d.status !== 200 || !dj.body || !dj.title) bad.push(`doc ${id}: ${d.status}`);
      else docsChecked++;
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
check(existsSync(doneFlag), 'index run finished while clients searched');
check(bad.length === 0, `all ${requests} answers during indexing were 200`, bad.slice(0, 5));
check(decreases === 0, 'totals never went down for any client', decreases);
check(docsChecked > 0, `every fetched hit was a whole document (${docsChecked} fetched)`);
check(seenTotals.size > 1, 'readers saw documents arrive as the index run committed them', [...seenTotals].sort((a, b) => a - b).slice(0, 10));
const partial = [...seenTotals].filter((t) => t < start || (t - start) % batch !== 0);
check(partial.length === 0, `only whole committed batches of ${batch} were ever visible`, partial);
const fin = await (await fetch(`${base}/api/search?q=${encodeURIComponent(query)}&limit=1`)).json();
check(fin.total === finalTotal, `after the run the total is ${finalTotal}`, fin.total);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
