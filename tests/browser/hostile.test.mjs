// Hostile content in a real browser (issue 9): every page of tests/fixtures/hostile/xss, a site
// full of cross-site-scripting payloads, built with the default `raw_html: sanitize`, normally
// and with --portable. On each page no script may run: calls of alert, confirm, prompt and print
// are recorded, every element gets the events that inline handlers listen to, and
// every link must lead to a safe scheme when clicked.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, build, launch, removeBuild, report, serve, walk } from './lib.mjs';

const SITE = path.join(REPO, 'tests', 'fixtures', 'hostile', 'xss');
const SAFE = new Set(['http:', 'https:', 'mailto:', 'tel:', 'ftp:', 'sms:']);

// Runs before any script of the page: records the calls the payloads make.
const TRAP = () => {
  window.__ran = [];
  const record = (what) => (...args) => {
    window.__ran.push(`${what}(${args.map(String).join(', ')})`);
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = record(name);
};

let browser;
const builds = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const output of builds) await removeBuild(output);
});

async function checkSite(portable) {
  const output = await build(SITE, { portable, name: portable ? 'hostile-portable' : 'hostile' });
  builds.push(output);
  const server = await serve(output);
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.addInitScript(TRAP);
  const problems = [];
  try {
    const pages = walk(output).filter((f) => f.endsWith('.html'));
    assert.ok(pages.length >= 10, `only ${pages.length} pages were built`);
    for (const file of pages) {
      const page = await context.newPage();
      const dialogs = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      const url = server.url + file.split('/').map(encodeURIComponent).join('/');
      await page.goto(url, { waitUntil: 'load' });
      const found = await page.evaluate(async ([safe]) => {
        const out = [];
        // Inline handlers run on events dispatched by a script as well.
        const events = ['mouseover', 'mouseenter', 'focus', 'focusin', 'click', 'toggle', 'load', 'error', 'animationstart'];
        for (const el of document.querySelectorAll('body *')) {
          for (const attr of el.getAttributeNames()) {
            if (attr.toLowerCase().startsWith('on')) out.push(`<${el.localName} ${attr}> is in the page`);
          }
          if (el.localName === 'a') continue; // Links are checked below, not followed.
          for (const type of events) el.dispatchEvent(new Event(type));
        }
        for (const a of document.querySelectorAll('a[href], area[href]')) {
          const protocol = new URL(a.href, document.baseURI).protocol;
          if (!safe.includes(protocol) && protocol !== location.protocol) {
            out.push(`a link goes to ${protocol} (${a.getAttribute('href')})`);
          }
        }
        for (const s of document.scripts) {
          if (!s.src.endsWith('/leidraad.js')) out.push(`a script: ${s.outerHTML.slice(0, 80)}`);
        }
        for (const tag of ['iframe', 'object', 'embed', 'frame', 'base']) {
          if (document.querySelector(tag)) out.push(`a <${tag}> is in the page`);
        }
        await new Promise((r) => setTimeout(r, 100));
        return out.concat(window.__ran.map((r) => `a script ran: ${r}`));
      }, [[...SAFE]]);
      for (const p of found.concat(dialogs.map((d) => `a dialog opened: ${d}`))) problems.push(`${file}: ${p}`);
      await page.close();
    }
  } finally {
    await context.close();
    await server.close();
  }
  assert.deepEqual(problems, [], report(problems));
}

// Issue 16: an SVG image of the site, opened on its own, runs no script.
async function checkSvg() {
  const output = await build(SITE, { name: 'hostile-svg' });
  builds.push(output);
  const server = await serve(output);
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.addInitScript(TRAP);
  try {
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url + 'nl/evil.svg', { waitUntil: 'load' });
    const ran = await page.evaluate(async () => {
      for (const el of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'click', 'load', 'focus']) el.dispatchEvent(new Event(type));
      }
      await new Promise((r) => setTimeout(r, 200));
      return window.__ran;
    });
    const shown = await page.evaluate(() => document.querySelector('text')?.textContent);
    assert.deepEqual(dialogs, [], 'a dialog opened');
    assert.deepEqual(ran, [], 'a script ran');
    assert.equal(shown, 'Klik', 'the drawing lost its text');
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), [], 'the image loaded something from elsewhere');
  } finally {
    await context.close();
    await server.close();
  }
}

describe('hostile content', { timeout: 120_000 }, () => {
  it('opens an SVG image of the site without running its scripts', async () => {
    await checkSvg();
  });
  it('runs no script on any page', async () => {
    await checkSite(false);
  });
  it('runs no script on any page with --portable', async () => {
    await checkSite(true);
  });
});
