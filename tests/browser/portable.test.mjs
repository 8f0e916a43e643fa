// `build --portable`: the output opened from disk (file://), as on an intranet share or from
// a zip. Every link names a file, and a reader can go from the root to a checklist and back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { REPO, SITES, build, launch, removeBuild, report, walk, watch } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every local href and src in a portable build must name an existing file. */
function localLinks(output) {
  const problems = [];
  let count = 0;
  for (const file of walk(output).filter((f) => f.endsWith('.html'))) {
    const text = fs.readFileSync(path.join(output, file), 'utf8');
    for (const [, attr, raw] of text.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const value = raw.replaceAll('&amp;', '&');
      if (/^(https?:|mailto:|tel:|data:|#)/.test(value)) continue;
      count++;
      const target = decodeURIComponent(value.split('#')[0]);
      if (target === '' || target.endsWith('/')) {
        problems.push(`${file}: ${attr}="${raw}" names a folder, not a file`);
        continue;
      }
      const resolved = path.resolve(path.dirname(path.join(output, file)), target);
      if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
        problems.push(`${file}: ${attr}="${raw}" points to a file that does not exist`);
      }
    }
  }
  return { problems, count };
}

for (const [name, root] of [['example', REPO], ['multi', path.join(SITES, 'multi')]]) {
  describe(`portable build: ${name}`, { timeout: 120_000 }, () => {
    let output;
    before(async () => {
      output = await build(root, { portable: true, name: `portable-${name}` });
    });
    after(async () => {
      if (output) await removeBuild(output);
    });

    it('every local link names an existing file', () => {
      const { problems, count } = localLinks(output);
      assert.ok(count > 100, `only ${count} local links found`);
      assert.equal(problems.length, 0, report(problems));
    });

    it('a reader goes from the root to a language, a guide, its checklist and back home', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const watcher = watch(page);
      const steps = [];
      const step = async (what, click) => {
        const from = page.url();
        await Promise.all([page.waitForURL((u) => u.href !== from), click()]);
        await page.waitForLoadState('load');
        const url = page.url();
        steps.push(`${what}: ${url}`);
        assert.match(url, /^file:\/\/.*\/index\.html(#.*)?$/, `${what} opens a file`);
        const bad = await page.evaluate(() =>
          [...document.querySelectorAll('a[href]')]
            .map((a) => a.getAttribute('href'))
            .filter((h) => !/^(https?:|mailto:|tel:|#)/.test(h) && !/\.[a-z0-9]+(#.*)?$/i.test(h)),
        );
        assert.deepEqual(bad, [], `links on ${url} that do not name a file`);
        const styled = await page.evaluate(() => getComputedStyle(document.body).margin === '0px');
        assert.equal(styled, true, `the stylesheet applies on ${url}`);
      };

      await page.goto(pathToFileURL(path.join(output, 'index.html')).href);
      const first = await page.locator('main a[hreflang]').first().getAttribute('hreflang');
      await step('language home', () => page.locator(`main a[hreflang="${first}"]`).click());
      await step('guide', () => page.locator('main .cards a').first().click());
      const guide = page.url();
      await step('checklist', () => page.locator('main .actions a').last().click());
      assert.ok((await page.locator('[data-progress]').count()) === 1, 'the checklist page has its progress line');

      // Ticks work from disk too, and are counted on the checklist.
      const boxes = page.locator('input.task-box');
      await boxes.first().check();
      await page.reload();
      assert.equal(await boxes.first().isChecked(), true, 'the tick survives a reload from disk');
      assert.match(await page.locator('[data-progress]').innerText(), /1/);

      await step('section', () => page.locator('a.task-source').first().click());
      await step('back home', () => page.locator('header a.site-title').click());
      assert.notEqual(page.url(), guide);

      await page.waitForTimeout(50);
      assert.deepEqual(watcher.take(), [], `problems on the way:\n${steps.join('\n')}`);
      await context.close();
    });

    it('the root sends a reader on to their language from disk', async () => {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const watcher = watch(page);
      await page.goto(pathToFileURL(path.join(output, 'index.html')).href);
      await page.waitForURL(/\/en\/index\.html$/);
      assert.deepEqual(watcher.take(), []);
      await context.close();
    });
  });
}
