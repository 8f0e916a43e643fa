// Screenshots of the example site on a phone and a desktop, light and dark, into
// tests/browser/out/ for people to look at. With LEIDRAAD_UPDATE_SCREENSHOTS=1 the two used
// in the documentation are copied to docs/screenshots/.
// Also the size budget of the theme's CSS and JavaScript.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUDGET, OUT, REPO, build, launch, removeBuild, serve, watch } from './lib.mjs';

const PAGES = {
  home: 'nl/',
  section: 'nl/waarden/ken-jezelf/',
  checklist: 'nl/waarden/checklijst/',
};
const DEVICES = {
  phone: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
};
const DOCS = [
  ['desktop-section.png', 'section-desktop.png'],
  ['phone-checklist-items.png', 'checklist-phone.png'],
];

describe('screenshots of the example site', { timeout: 120_000 }, () => {
  let browser;
  let output;
  let server;
  before(async () => {
    output = await build(REPO, { name: 'screenshots' });
    server = await serve(output);
    browser = await launch();
    fs.mkdirSync(OUT, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (output) await removeBuild(output);
  });

  for (const scheme of ['light', 'dark']) {
    for (const [device, options] of Object.entries(DEVICES)) {
      it(`${device}, ${scheme}`, async () => {
        const context = await browser.newContext({ ...options, colorScheme: scheme, locale: 'nl-NL' });
        const page = await context.newPage();
        const watcher = watch(page);
        // A reader who has ticked two items.
        await page.goto(server.url + PAGES.checklist);
        await page.locator('input.task-box').nth(0).check();
        await page.locator('input.task-box').nth(2).check();
        for (const [name, url] of Object.entries(PAGES)) {
          await page.goto(server.url + url);
          const suffix = scheme === 'dark' ? '-dark' : '';
          const file = path.join(OUT, `${device}-${name}${suffix}.png`);
          await page.screenshot({ path: file });
          await page.screenshot({ path: path.join(OUT, `${device}-${name}${suffix}-full.png`), fullPage: true });
          assert.ok(fs.statSync(file).size > 5000, `${file} is not blank`);
        }
        // The checklist itself, scrolled to its progress line, as the documentation shows it.
        await page.goto(server.url + PAGES.checklist);
        await page.evaluate(() => window.scrollTo(0, document.querySelector('.progress-row').offsetTop - 16));
        await page.screenshot({ path: path.join(OUT, `${device}-checklist-items${scheme === 'dark' ? '-dark' : ''}.png`) });
        assert.deepEqual(watcher.take(), []);
        await context.close();
      });
    }
  }

  it('documentation screenshots', { skip: process.env.LEIDRAAD_UPDATE_SCREENSHOTS !== '1' && 'set LEIDRAAD_UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/' }, () => {
    const docs = path.join(REPO, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    for (const [from, to] of DOCS) fs.copyFileSync(path.join(OUT, from), path.join(docs, to));
  });
});

describe('size budget', () => {
  it(`style.css + leidraad.js stay under ${BUDGET} bytes`, () => {
    const sizes = ['style.css', 'leidraad.js'].map((f) => fs.statSync(path.join(REPO, 'static', f)).size);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`[budget] style.css ${sizes[0]} + leidraad.js ${sizes[1]} = ${total} of ${BUDGET} bytes`);
    assert.ok(total <= BUDGET, `the theme's CSS and JS are ${total} bytes, over the budget of ${BUDGET}`);
  });
});
