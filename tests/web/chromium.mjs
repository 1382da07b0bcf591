// chromium.mjs - what the browser tests share: Debian's headless Chromium
// driven by playwright-core (installed in web/ by `npm ci`), the
// "ok - ..." / "not ok - ..." checks and the page's watchers.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'web', 'package.json'));
const { chromium } = require('playwright-core');

// Prints one line per check; summary() prints "N passed, N failed".
export function checker() {
  let passed = 0, failed = 0;
  const check = (cond, what, detail) => {
    if (cond) { passed++; console.log('ok - ' + what); }
    else {
      failed++;
      const d = detail === undefined ? '' : ' (' + (typeof detail === 'string' ? detail : JSON.stringify(detail)) + ')';
      console.log('not ok - ' + what + d);
    }
    return !!cond;
  };
  const summary = () => { console.log(`${passed} passed, ${failed} failed`); return failed; };
  return { check, summary };
}

// A headless Chromium with a throwaway profile, Arabic locale.
export async function launch({ width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'fahras-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-dev-shm-usage'],
    viewport: { width, height },
    locale: 'ar',
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}

// What a page does that it should not: console errors and page errors
// (CSP violations log errors), requests leaving the server, page files
// not found, dialogs (alert() from article text would open one).
export function watch(page, base) {
  const w = { problems: [], offsite: [], missing: [], dialogs: 0 };
  page.on('console', (m) => { if (m.type() === 'error') w.problems.push(m.text()); });
  page.on('pageerror', (e) => w.problems.push(String(e)));
  page.on('dialog', async (d) => { w.dialogs++; await d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith(base)) w.offsite.push(r.url()); });
  page.on('response', (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) w.missing.push(r.status() + ' ' + r.url());
  });
  return w;
}

// Resolves when the results view has an answer (not "loading").
export async function waitResults(page) {
  await page.waitForFunction(() => {
    const st = document.getElementById('status');
    return st && st.className !== 'loading' && st.textContent !== '';
  });
}
