// Issue 19: a site in 44 languages (the 24 of the European Union, Arabic, Persian, Hebrew,
// Urdu, Turkish, Sorani, Ukrainian, Russian, Chinese in both scripts, Japanese, Korean, Hindi,
// Bengali, Tamil, Indonesian, Swahili, Somali, Tigrinya and Amharic), one guide, with sections
// left untranslated in some of them. Dutch is the source language.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { SITES, axe, build, launch, removeBuild, report, serve, validateHtml, walk, watch } from './lib.mjs';

const ROOT = path.join(SITES, 'languages');
const SECTIONS = ['voor', 'tijdens', 'na'];

let browser;
let output;
let server;
before(async () => {
  output = await build(ROOT, { name: 'languages' });
  server = await serve(output);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (output) await removeBuild(output);
});

/** The checklist page of the guide in `lang`: its slug is in that language (as is the slug of
 * the whole-guide page beside it). */
function checklistOf(lang) {
  const dir = path.join(output, lang, 'gids');
  const page = (d) => path.join(dir, d, 'index.html');
  const slug = fs.readdirSync(dir).find((d) => !SECTIONS.includes(d) && fs.existsSync(page(d))
    && fs.readFileSync(page(d), 'utf8').includes('<div class="checklist content"'));
  return `${lang}/gids/${encodeURIComponent(slug)}/`;
}

async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const watcher = watch(page);
  return { context, page, problems: () => watcher.take() };
}

describe('a site in 44 languages', { timeout: 240_000 }, () => {
  it('builds without a missing interface string', async () => {
    const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'leidraad-languages-'));
    try {
      const { stderr } = await promisify(execFile)(process.env.LEIDRAAD_BIN, ['build', '--root', ROOT, '--output', path.join(out, 'out')], { env: { ...process.env, NO_COLOR: '1' } });
      assert.doesNotMatch(stderr, /missing-strings/, stderr);
    } finally {
      await fsp.rm(out, { recursive: true, force: true });
    }
  });

  it('gives valid HTML in every language', async () => {
    const found = [];
    for (const file of walk(output).filter((f) => f.endsWith('.html'))) {
      found.push(...(await validateHtml(fs.readFileSync(path.join(output, file), 'utf8'), file)));
    }
    assert.deepEqual(found, [], report(found));
  });

  it('passes axe on the home, a section and the checklist in ar, he, zh-Hant, ta and de', async () => {
    const { context, page, problems } = await open();
    const found = [];
    for (const lang of ['ar', 'he', 'zh-hant', 'ta', 'de']) {
      for (const url of [`${lang}/`, `${lang}/gids/voor/`, checklistOf(lang)]) {
        await page.goto(server.url + url);
        found.push(...(await axe(page)).map((v) => `${url}: ${v}`));
        found.push(...problems().map((p) => `${url}: ${p}`));
      }
    }
    assert.deepEqual(found, [], report(found));
    await context.close();
  });

  it('shows the Dutch items of an untranslated section on the German checklist, saying so', async () => {
    const { context, page } = await open();
    await page.goto(server.url + checklistOf('de'));
    const notice = await page.locator('.checklist-group .notice-fallback').first().innerText();
    assert.match(notice, /Niederländisch/);
    assert.equal(await page.locator('label[for="verslag-box"]').getAttribute('lang'), 'nl');
    assert.equal(await page.locator('label[for="adres-box"]').getAttribute('lang'), null, 'German items are German');
    await context.close();
  });

  it('has a language menu that works from the keyboard', async () => {
    const { context, page, problems } = await open();
    await page.goto(server.url + 'de/gids/voor/');
    assert.equal(await page.locator('.lang-inline').count(), 0, 'too many languages to list inline');
    const link = page.locator('.lang-menu a[hreflang="he"]');
    assert.equal(await link.isVisible(), false, 'the menu starts closed');
    await page.locator('.lang-menu summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await link.isVisible(), true, 'Enter opens the menu');
    assert.equal(await page.locator('.lang-menu a[hreflang]').count(), 44);
    await page.keyboard.press('Escape');
    assert.equal(await link.isVisible(), false, 'Escape closes it');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY', 'the focus is back on its button');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('hreflang')), 'nl', 'Tab enters the menu');
    await link.focus();
    await Promise.all([page.waitForURL(/\/he\/gids\/voor\/$/), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('has a language menu that works without JavaScript, each language in its own name', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(server.url + 'ar/gids/voor/');
    await page.locator('.lang-menu summary').click();
    const zh = page.locator('.lang-menu a[hreflang="zh-Hant"]');
    assert.equal(await zh.getAttribute('lang'), 'zh-Hant');
    assert.equal(await zh.innerText(), '繁體中文');
    assert.equal(await page.locator('.lang-menu a[hreflang="fa"]').getAttribute('dir'), 'rtl');
    await Promise.all([page.waitForURL(/\/zh-hant\/gids\/voor\/$/), zh.click()]);
    await context.close();
  });

  it('keeps the header under 110 px on a 390 px screen', async () => {
    const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const heights = [];
    for (const url of ['de/', 'ar/gids/voor/', 'ta/gids/voor/', checklistOf('zh-hant')]) {
      await page.goto(server.url + url);
      const h = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
      if (h > 110) heights.push(`${url}: ${h}px`);
    }
    assert.deepEqual(heights, []);
    await context.close();
  });

  it('finds a zh-Hant checklist item from a zh-Hant page, and nothing in zh-Hans', async () => {
    const { context, page, problems } = await open();
    await page.goto(server.url + 'zh-hant/gids/tijdens/');
    await page.fill('#search-input', '核對服務對象的地址');
    await page.waitForSelector('.search-results a');
    const hrefs = await page.$$eval('.search-results a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.some((h) => h.endsWith('/zh-hant/gids/voor/#adres')), JSON.stringify(hrefs));
    assert.ok(hrefs.every((h) => h.includes('/zh-hant/')), JSON.stringify(hrefs));
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('shows 404.html in every language, each with a link to its home', async () => {
    const { context, page } = await open();
    await page.goto(server.url + '404.html');
    assert.equal(await page.locator('main section[lang]').count(), 44);
    assert.equal(await page.locator('main section[lang="he"][dir="rtl"] a[hreflang="he"]').count(), 1);
    const violations = await axe(page);
    assert.deepEqual(violations, [], report(violations));
    await context.close();
  });
});

describe('the root page of 44 languages', { timeout: 120_000 }, () => {
  it('sends a reader on by their browser language, its likely script first (zh-TW to zh-Hant)', async () => {
    for (const [locale, lang] of [['zh-CN', 'zh-hans'], ['zh-TW', 'zh-hant'], ['zh-Hant-HK', 'zh-hant'], ['ta-IN', 'ta'], ['pt-BR', 'pt']]) {
      const { context, page } = await open({ locale });
      await page.goto(server.url);
      await page.waitForURL(new RegExp(`/${lang}/$`));
      await context.close();
    }
  });

  it('remembers the language a reader chose, over the browser language', async () => {
    const { context, page, problems } = await open({ locale: 'de-DE' });
    await page.goto(server.url);
    await page.waitForURL(/\/de\/$/);
    await page.goto(server.url + '?stay');
    await Promise.all([page.waitForURL(/\/he\/$/), page.locator('main a[hreflang="he"]').click()]);
    await page.goto(server.url);
    await page.waitForURL(/\/he\/$/);
    // A choice in a page's menu counts too.
    await page.locator('.lang-menu summary').click();
    await Promise.all([page.waitForURL(/\/sw\/$/), page.locator('.lang-menu a[hreflang="sw"]').click()]);
    await page.goto(server.url);
    await page.waitForURL(/\/sw\/$/);
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('does the same from disk with --portable', async () => {
    const portable = await build(ROOT, { portable: true, name: 'languages-portable' });
    try {
      const { context, page } = await open({ locale: 'uk-UA' });
      const root = pathToFileURL(path.join(portable, 'index.html')).href;
      await page.goto(root);
      await page.waitForURL(/\/uk\/index\.html$/);
      await page.goto(root + '?stay');
      await Promise.all([page.waitForURL(/\/ko\/index\.html$/), page.locator('main a[hreflang="ko"]').click()]);
      await page.goto(root);
      await page.waitForURL(/\/ko\/index\.html$/);
      await context.close();
    } finally {
      await removeBuild(portable);
    }
  });
});
