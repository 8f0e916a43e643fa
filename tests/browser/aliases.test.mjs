// `aliases:` (issue 21): an old address of a page sends the reader on to the page, under a
// sub-path as from the host's root, and from disk with `--portable`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SITES, build, launch, removeBuild, serve } from './lib.mjs';

const SITE = path.join(SITES, 'multi');

describe('aliases', { timeout: 120_000 }, () => {
  let browser;
  let served;
  let output;
  let portable;
  before(async () => {
    browser = await launch();
    output = await build(SITE, { name: 'aliases' });
    portable = await build(SITE, { portable: true, name: 'aliases-portable' });
    served = await serve(output);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    if (output) await removeBuild(output);
    if (portable) await removeBuild(portable);
  });

  for (const old of ['over-ons/', 'nl/colofon/']) {
    it(`${old} under a sub-path leads to the page`, async () => {
      const page = await browser.newPage();
      await page.goto(served.url + old);
      await page.waitForURL(`${served.url}nl/over/`);
      assert.equal(await page.locator('h1').textContent(), 'Over deze site');
      await page.close();
    });
  }

  it('works from disk', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(portable, 'over-ons', 'index.html')).href);
    await page.waitForURL(/\/nl\/over\/index\.html$/);
    assert.equal(await page.locator('h1').textContent(), 'Over deze site');
    await page.close();
  });
});
