// rewrites.mjs - what a search changed in the query, through the API:
// a near spelling, variant spellings, the relaxed retry (the "rewrites"
// list, "rewritten", "relaxed"), and spelling=0 / variants=0, against a
// server on tests/sqlite/names.jsonl with its variants learned
// (ترامب in 8 articles, ترمب in 6, بومبيو in 6, ومبيو in 2).
//
// usage: node tests/web/rewrites.mjs BASE_URL
// Prints "ok - ..." / "not ok - ..." and "N passed, N failed".
const base = process.argv[2];
let passed = 0, failed = 0;
function check(cond, what, detail) {
  if (cond) { passed++; console.log('ok - ' + what); }
  else { failed++; console.log('not ok - ' + what + ' (' + JSON.stringify(detail) + ')'); }
}
async function search(params) {
  const r = await fetch(base + '/api/search?' + new URLSearchParams({ limit: '50', ...params }).toString());
  return { status: r.status, json: await r.json() };
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const ids = (j) => j.hits.map((h) => h.id);

{
  const r = (await search({ q: 'وبومبييو' })).json;
  check(same(r.rewrites, [{ kind: 'spelling', from: 'وبومبييو', to: 'بومبيو' }]) && r.rewritten === 'بومبيو' &&
    r.total === 6, 'near spelling: the key most articles hold (بومبيو, 6; not ومبيو, 2)', r.rewrites);
  const o = (await search({ q: 'وبومبييو', spelling: '0' })).json;
  check(o.total === 0 && same(o.rewrites, []) && o.rewritten === null && o.query.spelling === false,
    'spelling=0: the word as typed', o);
}
{
  const r = (await search({ q: 'ترامب' })).json;
  check(same(r.rewrites, [{ kind: 'variants', word: 'ترامب', with: ['ترمب'] }]) && r.total === 14,
    'variants: ترمب searched with ترامب (14 articles)', [r.rewrites, r.total]);
  check(ids(r).slice(0, 8).every((id) => id.startsWith('tra')), 'the spelling typed ranks first', ids(r));
  check(r.rewritten === null, 'variants leave rewritten alone (no word was replaced)', r.rewritten);
  const o = (await search({ q: 'ترامب', variants: '0' })).json;
  check(o.total === 8 && same(o.rewrites, []) && o.query.variants === false, 'variants=0: the spelling typed only', o.total);
  const c = (await search({ q: 'قيل' })).json;
  check(c.total === 6 && same(c.rewrites, []), 'common words one edit apart are no variants (قيل, قال)', c.rewrites);
}
{
  const r = (await search({ q: '"ترامب بومبيو"' })).json;
  check(r.relaxed === true && same(r.rewrites, [{ kind: 'relaxed' }]) && r.total === 14,
    'a lone phrase matching nothing: relaxed retry over its words, listed last in rewrites', [r.relaxed, r.rewrites, r.total]);
  const b = (await search({ q: '+ومبيو +بومبيو وبومبييو' })).json;
  check(b.relaxed === true && b.rewrites.length === 2 && b.rewrites[0].kind === 'spelling' && b.rewrites[1].kind === 'relaxed',
    'every change in order: the spelling, then the relaxed retry', b.rewrites);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
