// Search: a Pagefind index per language, served under a sub-path. Inflected forms are found
// (stemming), results stay in the reader's language, checklist items link to their anchor,
// and the field works from the keyboard alone.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SITES, axe, build, launch, removeBuild, report, serve, watch } from './lib.mjs';

const ROOT = path.join(SITES, 'search');

describe('search', { timeout: 120_000 }, () => {
  let browser;
  let output;
  let server;
  before(async () => {
    browser = await launch();
    output = await build(ROOT, { name: 'search' });
    server = await serve(output);
  });
  after(async () => {
    await server?.close();
    await browser?.close();
    if (output) await removeBuild(output);
  });

  /** Opens `page` of the site, types `query` and returns the result links. */
  async function search(pagePath, query) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(server.url + pagePath);
    await page.fill('#search-input', query);
    await page.waitForFunction(() => {
      const list = document.querySelector('.search-results');
      const status = document.querySelector('#search-status');
      return (list && list.children.length > 0) || (status && status.textContent.trim() !== '');
    });
    const results = await page.$$eval('.search-results a', (links) =>
      links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    return { context, page, results, problems };
  }

  it('finds a Dutch page by another inflected form ("verslagen" finds "verslag")', async () => {
    const { context, results, problems } = await search('nl/', 'verslagen');
    assert.ok(results.some((r) => r.href.endsWith('/some/sub/path/nl/gids/verslag/')), JSON.stringify(results));
    assert.equal(problems.take().length, 0);
    await context.close();
  });

  it('finds an English page by another inflected form ("agreement" finds "agreements")', async () => {
    const { context, results } = await search('en/', 'agreement');
    assert.ok(results.some((r) => r.href.endsWith('/some/sub/path/en/conversations/agreements/')), JSON.stringify(results));
    await context.close();
  });

  it('never returns results from another language', async () => {
    const dutch = await search('nl/', 'agreements');
    assert.ok(dutch.results.every((r) => r.href.includes('/nl/')), JSON.stringify(dutch.results));
    await dutch.context.close();
    const english = await search('en/', 'verslag');
    assert.ok(english.results.every((r) => r.href.includes('/en/')), JSON.stringify(english.results));
    await english.context.close();
  });

  it('finds a checklist item with a link to its anchor', async () => {
    const { context, results } = await search('nl/', 'letterlijk');
    assert.ok(results.some((r) => r.href.endsWith('/nl/gids/verslag/#wens-noteren')), JSON.stringify(results));
    await context.close();
  });

  it('works from the keyboard alone and passes axe with results open', async () => {
    const { context, page, problems } = await search('nl/gids/', 'afspraken');
    await page.focus('#search-input');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.closest('.search-results') !== null);
    assert.ok(focused, 'ArrowDown moves to the first result');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.ok(page.url().includes('/nl/gids/'), page.url());
    await page.goBack();
    await page.fill('#search-input', 'afspraken');
    await page.waitForSelector('.search-results a');
    const violations = await axe(page);
    assert.equal(violations.length, 0, report(violations));
    await page.keyboard.press('Escape');
    assert.equal(await page.$$eval('.search-results a', (l) => l.length), 0, 'Escape clears the results');
    assert.equal(problems.take().length, 0);
    await context.close();
  });

  it('says politely that search is unavailable when opened from disk', async () => {
    const portable = await build(ROOT, { portable: true, name: 'search-portable' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(portable, 'nl', 'index.html')).href);
    await page.waitForFunction(() => document.querySelector('#search-status')?.textContent.trim() !== '');
    assert.equal(await page.isVisible('#search-input'), false, 'the field is replaced by the notice');
    await context.close();
    await removeBuild(portable);
  });

  it('hides the field without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + 'nl/');
    assert.equal(await page.isVisible('#search-input'), false);
    await context.close();
  });
});
