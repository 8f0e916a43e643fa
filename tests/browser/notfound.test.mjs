// Issue 17: hosts serve 404.html for any missing address, at any depth, on whatever host the
// site ended up on. It must look right and pass axe there without loading anything: its style
// is inside it and it needs no script, whatever `base_url` says.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, axe, build, launch, removeBuild, report, serve, watch } from './lib.mjs';

let browser;
const builds = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const output of builds) await removeBuild(output);
});

async function check(extra) {
  const output = await build(REPO, { name: 'notfound', extra });
  builds.push(output);
  // What a host does for /a/b/c/missing/: answers with the site's 404.html.
  const deep = path.join(output, 'a', 'b', 'c', 'missing');
  await fsp.mkdir(deep, { recursive: true });
  await fsp.copyFile(path.join(output, '404.html'), path.join(deep, 'index.html'));
  const server = await serve(output);
  const context = await browser.newContext();
  const page = await context.newPage();
  const recorder = watch(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    const url = server.url + 'a/b/c/missing/';
    await page.goto(url, { waitUntil: 'load' });
    const styled = await page.evaluate(() => {
      const header = document.querySelector('.site-header');
      return {
        styles: document.styleSheets.length,
        scripts: document.scripts.length,
        font: getComputedStyle(document.body).fontFamily,
        background: header ? getComputedStyle(header).backgroundColor : null,
      };
    });
    const problems = [
      ...recorder.take(),
      ...(await axe(page)),
      ...requests.filter((r) => r !== url).map((r) => `the page loaded ${r}`),
    ];
    if (styled.styles !== 1) problems.push(`${styled.styles} style sheets instead of the one inside the page`);
    if (styled.scripts !== 0) problems.push(`${styled.scripts} scripts`);
    if (/times/i.test(styled.font) || !styled.background || styled.background === 'rgba(0, 0, 0, 0)') problems.push(`the page is not styled: ${JSON.stringify(styled)}`);
    assert.deepEqual(problems, [], report(problems));
  } finally {
    await context.close();
    await server.close();
  }
}

describe('404.html', { timeout: 60_000 }, () => {
  it('works at any depth without base_url', async () => {
    await check([]);
  });
  it('works at any depth when base_url names another host', async () => {
    await check(['--base-url', 'https://gids.leidraad.org/elders/']);
  });
});
