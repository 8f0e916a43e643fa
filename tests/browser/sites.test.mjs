// Every page of every test site, served under a sub-path: accessibility (axe-core, light and
// dark), valid HTML, no failed request or console error, no horizontal scrolling at 320 px,
// and readable without JavaScript.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BUDGET, COLOUR_RULES, REPO, SITES, axe, build, copySite, crawl, eachPage, inventory, launch, overflow,
  pageKey, removeBuild, report, serve, structure, validateHtml, walk, watch,
} from './lib.mjs';

const SITES_UNDER_TEST = [
  // The example site in the repository: it sets base_url, so its 404 page uses absolute URLs.
  { name: 'example', root: REPO, baseUrl: 'https://example.org/leidraad/' },
  // Three languages, one right-to-left, a fallback page, tables, code, an image.
  { name: 'multi', root: path.join(SITES, 'multi') },
  // The same with Dutch at the root (`/veiligheid/`), English and Arabic under their tags
  // (issue 21).
  { name: 'root-language', root: path.join(SITES, 'multi'), yaml: 'default_language_at_root: true\n', folder: 'veiligheid' },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES_UNDER_TEST) {
  describe(`site: ${site.name}`, { timeout: 240_000 }, () => {
    let output;
    let server;
    const found = {
      pages: [],
      axeLight: [],
      axeDark: [],
      structure: [],
      requests: [],
      overflow: [],
      fragments: [],
      budget: [],
      html: [],
      htmlFiles: 0,
      noJs: [],
    };

    before(async () => {
      let root = site.root;
      if (site.yaml) {
        root = await copySite(site.root, site.name);
        fs.appendFileSync(path.join(root, 'site.yaml'), site.yaml);
      }
      output = await build(root, { name: site.name });
      if (site.yaml) await removeBuild(root);
      server = await serve(output);

      // Valid HTML: the raw text of every file, as a host would send it.
      const htmlFiles = walk(output).filter((f) => f.endsWith('.html'));
      found.htmlFiles = htmlFiles.length;
      for (const file of htmlFiles) {
        found.html.push(...(await validateHtml(fs.readFileSync(path.join(output, file), 'utf8'), file)));
      }

      await checkWithJavaScript(site, output, server, found);
      await checkWithoutJavaScript(server, found);

      const count = (list) => list.length;
      console.log(
        `[${site.name}] pages visited: ${found.pages.length}; HTML files validated: ${found.htmlFiles}; ` +
          `axe violations light: ${count(found.axeLight)}, dark: ${count(found.axeDark)}; ` +
          `html-validate errors: ${count(found.html)}; structure: ${count(found.structure)}; ` +
          `failed requests/console errors: ${count(found.requests)}; 320px overflow: ${count(found.overflow)}; ` +
          `broken fragments: ${count(found.fragments)}; budget: ${count(found.budget)}; without JS: ${count(found.noJs)}`,
      );
    });

    after(async () => {
      await server?.close();
      if (output) await removeBuild(output);
    });

    it('is served only under the sub-path, as on a real host', async () => {
      const origin = new URL(server.url).origin;
      assert.equal((await fetch(`${origin}/`)).status, 404);
      assert.equal((await fetch(`${origin}/style.css`)).status, 404);
      assert.equal((await fetch(`${server.url}style.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
      const folder = site.folder ?? 'nl';
      const dir = await fetch(`${server.url}${folder}`, { redirect: 'manual' });
      assert.equal(dir.status, 301);
      assert.equal(dir.headers.get('location'), `${new URL(server.url).pathname}${folder}/`);
    });
    it('reaches every page from the root', () => {
      // Every page but the redirects of `aliases:`, which only old links lead to.
      const isRedirect = (f) => fs.readFileSync(path.join(output, f), 'utf8').includes('http-equiv="refresh"');
      const expected = walk(output)
        .filter((f) => f.endsWith('index.html') && !isRedirect(f))
        .map((f) => pageKey(server.url + f));
      const missing = expected.filter((p) => !found.pages.includes(p));
      assert.deepEqual(missing, [], `pages no link leads to:\n${missing.join('\n')}`);
    });
    it('has no axe-core violations in light mode', () => {
      assert.equal(found.axeLight.length, 0, report(found.axeLight));
    });
    it('has no axe-core violations in dark mode', () => {
      assert.equal(found.axeDark.length, 0, report(found.axeDark));
    });
    it('has one h1, ordered headings, landmarks and a skip link on every page', () => {
      assert.equal(found.structure.length, 0, report(found.structure));
    });
    it('is valid HTML (html-validate)', () => {
      assert.equal(found.html.length, 0, report(found.html));
    });
    it('has no failed request and no console error', () => {
      assert.equal(found.requests.length, 0, report(found.requests));
    });
    it('does not scroll sideways at 320 px', () => {
      assert.equal(found.overflow.length, 0, report(found.overflow));
    });
    it('has every #fragment it links to', () => {
      assert.equal(found.fragments.length, 0, report(found.fragments));
    });
    it(`loads at most ${BUDGET} bytes of CSS and JS per page`, () => {
      assert.equal(found.budget.length, 0, report(found.budget));
    });
    it('shows its content and checklists without JavaScript', () => {
      assert.equal(found.noJs.length, 0, report(found.noJs));
    });
  });
}

async function checkWithJavaScript(site, output, server, found) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  if (site.baseUrl) {
    // The 404 page links to the site's real address; answer those requests from the build.
    await context.route(`${site.baseUrl}**`, (route) => {
      const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(site.baseUrl).pathname.length));
      const file = path.join(output, rel.endsWith('/') || rel === '' ? rel + 'index.html' : rel);
      if (fs.existsSync(file)) route.fulfill({ path: file });
      else route.fulfill({ status: 404, body: 'not found' });
    });
  }
  const watchers = new WeakMap();
  const ids = new Map();
  const fragments = [];
  // `?stay` keeps the root's language chooser from sending the reader on.
  const starts = [`${server.url}?stay`, `${server.url}404.html`];
  found.pages = await crawl(context, starts, server.url, async (page, url) => {
    if (!watchers.has(page)) watchers.set(page, watch(page));
    const watcher = watchers.get(page);
    const where = (list) => (line) => list.push(`${url}: ${line}`);
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() >= 400) found.requests.push(`${url}: HTTP ${res?.status()}`);

    (await structure(page)).forEach(where(found.structure));
    (await axe(page)).forEach(where(found.axeLight));
    await page.emulateMedia({ colorScheme: 'dark' });
    // Only colours change with the scheme, so only the colour rules run again.
    (await axe(page, COLOUR_RULES)).forEach(where(found.axeDark));
    await page.emulateMedia({ colorScheme: 'light' });

    await page.setViewportSize({ width: 320, height: 700 });
    (await overflow(page)).forEach(where(found.overflow));
    await page.setViewportSize({ width: 1280, height: 900 });

    const inv = await inventory(page);
    ids.set(pageKey(url), new Set(inv.ids));
    let bytes = 0;
    for (const l of inv.links) {
      if (l.tag === 'script' || (l.tag === 'link' && l.rel === 'stylesheet')) {
        const base = l.abs.startsWith(server.url) ? server.url : site.baseUrl;
        if (!base || !l.abs.startsWith(base)) {
          found.budget.push(`${url}: loads ${l.abs} from elsewhere`);
          continue;
        }
        const rel = decodeURIComponent(new URL(l.abs).pathname.slice(new URL(base).pathname.length));
        bytes += fs.statSync(path.join(output, rel)).size;
      }
      if (l.tag === 'a' && l.abs.includes('#') && l.abs.startsWith(server.url)) {
        fragments.push({ from: url, target: pageKey(l.abs), id: decodeURIComponent(new URL(l.abs).hash.slice(1)), raw: l.raw });
      }
    }
    if (bytes > BUDGET) found.budget.push(`${url}: ${bytes} bytes of CSS and JS`);

    await page.waitForTimeout(20); // late console messages and requests
    watcher.take().forEach(where(found.requests));
    return inv.links.filter((l) => l.tag === 'a').map((l) => l.abs);
  });
  for (const f of fragments) {
    const known = ids.get(f.target);
    if (known && !known.has(f.id)) found.fragments.push(`${f.from}: link ${f.raw} names #${f.id}, which is not on ${f.target}`);
  }
  await context.close();
}

async function checkWithoutJavaScript(server, found) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  await eachPage(context, found.pages, async (page, url) => {
    await page.goto(url, { waitUntil: 'load' });
    const problems = await page.evaluate(() => {
      const out = [];
      const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
        el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
      const main = document.querySelector('main');
      if (!main || !visible(main) || main.innerText.trim().length < 20) out.push('main content is not shown');
      const h1 = document.querySelector('h1');
      if (!h1 || !visible(h1)) out.push('the h1 is not shown');
      for (const li of document.querySelectorAll('li.task')) {
        const box = li.querySelector('input[type=checkbox]');
        const label = li.querySelector('label');
        if (!visible(li) || !box || !visible(box) || !label || !visible(label)) out.push(`checklist item #${li.id} is not shown`);
      }
      return out;
    });
    // A native checkbox still ticks.
    const box = page.locator('li.task input[type=checkbox]').first();
    if ((await box.count()) > 0) {
      const before = await box.isChecked();
      await box.click();
      if ((await box.isChecked()) === before) problems.push('a checkbox does not toggle');
    }
    problems.forEach((p) => found.noJs.push(`${url}: ${p}`));
  });
  await context.close();
}

