// Reading offline and the whole guide on one page (issue 22). A guide opened online (kept
// whole on opening, or saved with "Save this guide for offline use") opens again with the
// network off: every section, the
// checklist, the whole-guide page and the image, with the reader's ticks; a page never fetched
// shows the language's offline page. After a rebuild, the next visit online shows the new text.
// The whole-guide page has every section and checklist item in order, prints to PDF with a
// page per part, and axe finds nothing on it or on the offline page.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { SITES, axe, build, copySite, launch, removeBuild, serve, watch } from './lib.mjs';

const run = promisify(execFile);

let browser;
let root;
let output;
let server;
before(async () => {
  root = await copySite(path.join(SITES, 'multi'), 'offline');
  output = await build(root, { name: 'offline' });
  server = await serve(output);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (output) await removeBuild(output);
  if (root) await fsp.rm(path.dirname(root), { recursive: true, force: true });
});

/** Builds the site again into the same folder, which the server goes on serving. */
async function rebuild() {
  await run(process.env.LEIDRAAD_BIN, ['build', '--root', root, '--output', output], { env: { ...process.env, NO_COLOR: '1' } });
}

async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const watcher = watch(page);
  return { context, page, problems: () => watcher.take() };
}

const h1 = (page) => page.locator('main h1').innerText();

describe('reading offline', { timeout: 120_000 }, () => {
  it('a saved guide opens offline, with its ticks; a page never fetched shows the offline page', async () => {
    const { context, page, problems } = await open();
    const guide = `${server.url}nl/veiligheid/`;
    await page.goto(guide);
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    assert.equal(scope, server.url, 'the worker covers the whole site under its sub-path');

    // The guide's size is shown before anything is fetched, then it is saved at once.
    const save = page.locator('[data-offline-save]');
    await save.waitFor({ state: 'visible' });
    assert.match(await save.locator('[data-offline-size]').innerText(), /^\(\d+([.,]\d)?\s?(kB|MB)\)$/);
    await save.locator('button').click();
    const status = save.locator('[role="status"]');
    await page.waitForFunction((el) => el.textContent !== '', await status.elementHandle());
    assert.equal(await status.innerText(), await save.getAttribute('data-done'));

    const sections = await page.locator('.section-list a').evaluateAll((as) => as.map((a) => [a.href, a.textContent.trim()]));
    assert.equal(sections.length, 3);
    const checklist = await page.locator('.actions a[href$="checklijst/"]').evaluate((a) => a.href);
    const whole = await page.locator('.guide-extras a').evaluate((a) => a.href);

    // A tick made online.
    await page.goto(sections[0][0]);
    await page.locator('#telefoon-opladen-box').check();

    await context.setOffline(true);
    for (const [url, title] of sections) {
      await page.goto(url);
      assert.equal(await h1(page), title, `${url} opens offline`);
    }
    await page.goto(sections[0][0]);
    assert.equal(await page.locator('#telefoon-opladen-box').isChecked(), true, 'the tick is still there offline');
    const image = page.locator('main img[src$="plattegrond.png"]');
    await image.waitFor();
    assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the image shows offline');
    await page.goto(checklist);
    assert.match(await h1(page), /^Checklijst/);
    assert.equal(await page.locator('#telefoon-opladen-box').isChecked(), true, 'ticked on the checklist offline');
    await page.goto(whole);
    assert.equal(await h1(page), 'Huisbezoek in drie stappen');
    await page.goto(guide);
    assert.equal(await h1(page), 'Huisbezoek in drie stappen');

    // Never fetched: the Dutch offline page, at the address asked for, listing what is kept.
    const never = `${server.url}nl/over/`;
    await page.goto(never);
    assert.equal(page.url(), never);
    assert.equal(await h1(page), 'Je bent offline');
    const list = page.locator('[data-offline-list]');
    await list.waitFor({ state: 'visible' });
    const kept = await list.locator('a').evaluateAll((as) => as.map((a) => a.href));
    for (const url of [guide, checklist, whole, ...sections.map((s) => s[0])]) {
      assert.ok(kept.includes(url), `the offline page links to ${url}: ${kept.join(', ')}`);
    }
    assert.ok(kept.every((u) => u.startsWith(`${server.url}nl/`)), 'only pages of its own language');
    assert.deepEqual(await axe(page), [], 'axe on the offline page');
    // Its links work from the address it is shown at.
    await page.locator('main a.button').click();
    await page.waitForURL(`${server.url}nl/`);

    // Back online after a rebuild with a changed section: the next visit shows the new text.
    const file = path.join(root, 'content', 'nl', 'veiligheid', '01-voorbereiden.md');
    await fsp.appendFile(file, '\nDeze zin kwam er bij de laatste herziening bij.\n');
    await rebuild();
    await context.setOffline(false);
    await page.goto(sections[0][0]);
    assert.match(await page.locator('main').innerText(), /kwam er bij de laatste herziening bij/);
    // And that is what is kept now.
    await context.setOffline(true);
    await page.reload();
    assert.match(await page.locator('main').innerText(), /kwam er bij de laatste herziening bij/);
    await context.setOffline(false);

    const unexpected = problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
    assert.deepEqual(unexpected, []);
    await context.close();
  });

  it('the first page opened is kept with its image, and opening the guide keeps all of it', async () => {
    const { context, page, problems } = await open();
    // The first page loads before the worker exists: it asks the worker to keep it.
    const first = `${server.url}nl/veiligheid/voorbereiden/`;
    await page.goto(first);
    const kept = (url) => page.waitForFunction((u) => caches.match(u).then((r) => !!r), url, { polling: 100 });
    await kept(first);
    await page.waitForFunction(() => caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
      .then((all) => all.flat().some((r) => r.url.endsWith('plattegrond.png'))), null, { polling: 100 });
    // Opening the guide keeps every part of it, without a click: every file its list names,
    // in the cache of its language.
    await page.goto(`${server.url}nl/veiligheid/`);
    const list = `${server.url}nl/veiligheid/offline.json`;
    await page.waitForFunction(async (from) => {
      const saved = await (await fetch(from)).json();
      const scope = new URL('../../', from).href;
      const found = await Promise.all(Object.entries(saved.files).flatMap(([lang, files]) => files.map((f) =>
        caches.open(`leidraad|${scope}|${lang}`).then((c) => c.match(new URL(f, from).href)).then((r) => !!r))));
      return found.every(Boolean);
    }, list, { polling: 200, timeout: 20_000 });
    // What the worker stores as it answers is stored by then too.
    await page.waitForTimeout(1_000);
    await context.setOffline(true);
    for (const [rel, title] of [['nl/veiligheid/', 'Huisbezoek in drie stappen'], ['nl/veiligheid/uitvoeren/', 'Uitvoeren'],
      ['nl/veiligheid/afronden/', 'Afronden'], ['nl/veiligheid/checklijst/', 'Checklijst: Huisbezoek in drie stappen'], ['nl/veiligheid/voorbereiden/', 'Voorbereiden']]) {
      await page.goto(server.url + rel);
      assert.equal(await h1(page), title, `${rel} opens offline`);
    }
    const image = page.locator('main img[src$="plattegrond.png"]');
    await image.waitFor();
    assert.ok(await image.evaluate((img) => img.decode().then(() => img.naturalWidth > 0, () => false)), 'the image shows offline');
    // Never opened and in no guide that was: the offline page.
    await page.goto(`${server.url}nl/over/`);
    assert.equal(await h1(page), 'Je bent offline');
    const unexpected = problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
    assert.deepEqual(unexpected, []);
    await context.close();
  });

  it('caches are kept per site path and per language', async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}en/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    const names = await page.evaluate(() => caches.keys());
    for (const name of names) assert.ok(name.startsWith(`leidraad|${server.url}|`), name);
    assert.ok(names.includes(`leidraad|${server.url}|en`), names.join(', '));
    const english = await page.evaluate((n) => caches.open(n).then((c) => c.keys()).then((k) => k.map((r) => r.url)), `leidraad|${server.url}|en`);
    assert.ok(english.includes(`${server.url}en/`), english.join(', '));
    assert.ok(english.every((u) => u.startsWith(`${server.url}en/`)), english.join(', '));
    await context.close();
  });
});

describe('the whole guide on one page', { timeout: 120_000 }, () => {
  it('has every section and checklist item in order, prints to PDF, and passes axe', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}en/safety/`);
    const sections = await page.locator('.section-list a').evaluateAll((as) => as.map((a) => a.textContent.trim()));
    await page.locator('.guide-extras a').click();
    await page.waitForURL(/\/en\/safety\/print\/$/);
    const whole = page.url();
    await page.goto(`${server.url}en/safety/checklist/`);
    const items = await page.locator('li.task label').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
    assert.ok(items.length > 3);
    await page.goto(whole);

    await page.emulateMedia({ media: 'print' });
    const parts = await page.locator('main h2').evaluateAll((hs) => hs.filter((h) => h.offsetParent !== null).map((h) => h.textContent.trim()));
    assert.deepEqual(parts, ['Introduction', ...sections, 'Checklist']);
    const printed = await page.locator('.print-checklist li.task label').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
    assert.deepEqual(printed, items, 'the checklist at the end, in order');
    // Each section's items come in its text, in the same order.
    const inSections = await page.locator('.print-section .task-list li.task label').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
    assert.deepEqual(inSections, items);
    // The section shown in Dutch says so, in English, and carries its language.
    const fallback = page.locator('.print-section[id$="afronden"]');
    assert.equal(await fallback.locator('h2').getAttribute('lang'), 'nl');
    assert.match(await fallback.locator('.notice').innerText(), /Dutch/);
    // On paper: no navigation, the site's name, the address and the date.
    for (const hidden of ['.site-header', '.breadcrumbs', '.toc', '.site-footer']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
    }
    const meta = await page.locator('.print-meta').innerText();
    assert.match(meta, /Safe home visits/);
    assert.ok(meta.includes(whole), meta);
    assert.match(meta, /20\d\d/);
    const breaks = await page.locator('.print-part').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).breakBefore));
    assert.ok(breaks.every((b) => b === 'page'), breaks.join());

    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pageCount >= parts.length, `a page per part at least: ${pageCount} pages for ${parts.length} parts`);

    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(await axe(page), [], 'axe on the whole-guide page');
    // Ids are unique and every in-page link finds its target.
    const broken = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
      const missing = [...document.querySelectorAll('a[href^="#"]')]
        .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter((id) => id && !document.getElementById(id));
      return [...dup.map((d) => `duplicate id ${d}`), ...missing.map((m) => `no #${m}`)];
    });
    assert.deepEqual(broken, []);
    assert.deepEqual(problems(), []);
    await context.close();
  });
});
