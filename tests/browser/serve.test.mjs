// `leidraad serve` in the browser (issue 18): live reload reaches every open tab. Browsers open
// at most six HTTP/1.1 connections per host; when each tab held a stream of Server-Sent Events,
// the seventh tab of the preview waited for a free connection and never loaded. Over a
// WebSocket, ten tabs load and listen. After an edit of one page only its tabs reload, a tab
// whose page moved goes to its new address, and an edit of site.yaml reloads them all
// (issue 23), also in a tab that missed a build. A broken edit shows its errors over every
// tab, and the fix takes them away, reloading only the tabs whose page it changed.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SITES, copySite, launch, leidraadServe, report, watch } from './lib.mjs';

const TABS = 10;
const PAGES = ['nl/over/', 'nl/', 'nl/veiligheid/', 'en/about/', 'nl/veiligheid/voorbereiden/'];

let browser;
let root;
let server;
before(async () => {
  root = await copySite(path.join(SITES, 'multi'), 'serve');
  server = await leidraadServe(root, ['--no-search']);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (server) assert.equal(await server.stop(), 0, `serve did not stop cleanly:\n${server.stderr()}`);
  if (root) await fsp.rm(path.dirname(root), { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (which may throw, or never answer, while a page reloads) until it holds. */
async function until(what, check, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = Promise.race([check(), sleep(2_000).then(() => false)]);
    if (await answer.catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.stderr()}`);
    await sleep(100);
  }
}

/** Waits until the preview has built the last edit: its build number holds for a while. */
async function settle() {
  const status = () => fetch(`${server.url}__leidraad/status`, { signal: AbortSignal.timeout(5_000) });
  const build = async () => (await (await status()).json()).build;
  let last = -1;
  for (let tries = 0; ; tries++) {
    const now = await build();
    if (now === last) return;
    if (tries > 40) throw new Error(`the preview does not stop building\n${server.stderr()}`);
    last = now;
    await sleep(500);
  }
}

/** Marks a tab, to tell later whether it reloaded. */
const mark = (tab) => tab.page.evaluate(() => { window.__beforeEdit = true; });

/** Whether a tab reloaded since it was marked. */
const reloaded = (tab) => tab.page.evaluate(() => !window.__beforeEdit && document.readyState === 'complete');

/** Runs `test` in a browser context of its own (one browser profile), closed after. */
async function inContext(test) {
  const context = await browser.newContext();
  try {
    await test(context);
  } finally {
    await context.close();
  }
}

/** Asserts that nothing went wrong on the pages of `tabs`. */
function assertClean(tabs) {
  const problems = tabs.flatMap((t) => t.recorder.take().map((p) => `${t.page.url()}: ${p}`));
  assert.deepEqual(problems, [], report(problems));
}

/**
 * Opens `address` in a new tab of `context` whose live-reload socket counts the builds it
 * hears (`heard`) and drops them while `deaf` is set; returns the tab once it heard the
 * latest build, marked.
 */
async function open(context, address) {
  const page = await context.newPage();
  const tab = { page, address, heard: 0, deaf: false, recorder: watch(page) };
  await page.routeWebSocket(/__leidraad\/events/, (ws) => {
    const upstream = ws.connectToServer();
    upstream.onMessage((message) => {
      if (tab.deaf) return;
      tab.heard++;
      ws.send(message);
    });
    ws.onMessage((message) => upstream.send(message));
  });
  await page.goto(server.url + address, { waitUntil: 'load', timeout: 15_000 });
  await until(`${address} to hear about the build`, async () => tab.heard > 0);
  await mark(tab);
  return tab;
}

describe('leidraad serve', { timeout: 120_000 }, () => {
  it(`reloads those of ${TABS} open tabs that an edit changes`, async () => {
    // One context is one browser profile: the tabs share its connections to the server.
    await inContext(async (context) => {
      const tabs = [];
      for (let i = 0; i < TABS; i++) {
        const page = await context.newPage();
        const tab = { page, url: server.url + PAGES[i % PAGES.length], heard: 0, recorder: watch(page) };
        page.on('websocket', (ws) => ws.on('framereceived', () => tab.heard++));
        // Each tab loads while the ones before it hold their live-reload connections (with a
        // stream of Server-Sent Events per tab, the seventh timed out here).
        await page.goto(tab.url, { waitUntil: 'load', timeout: 15_000 }).catch((err) => {
          throw new Error(`tab ${i + 1} of ${TABS} did not load: ${err.message}`);
        });
        tabs.push(tab);
      }
      for (const [i, tab] of tabs.entries()) {
        await until(`tab ${i + 1} to hear about the first build`, async () => tab.heard > 0);
        await mark(tab);
      }
      const visible = await Promise.all(tabs.map((t) => t.page.evaluate(() => document.visibilityState)));
      assert.deepEqual(visible, Array(TABS).fill('visible'), 'every tab listens only while visible');

      // Once the last edit is built and every tab has loaded, marks each tab, to tell later
      // whether it reloaded.
      const markAll = async () => {
        await settle();
        await Promise.all(tabs.map((t) => t.page.waitForLoadState('load', { timeout: 15_000 })));
        await Promise.all(tabs.map(mark));
      };

      // An edit of one page's text reloads the tabs that show it, and only those.
      const over = path.join(root, 'content', 'nl', 'over.md');
      const text = await fsp.readFile(over, 'utf8');
      assert.ok(text.includes('twee keer per jaar'), 'the fixture changed');
      const heard = tabs.map((t) => t.heard);
      await fsp.writeFile(over, text.replace('twee keer per jaar', 'drie keer per jaar'));
      const showing = tabs.filter((t) => t.url.endsWith('nl/over/'));
      const others = tabs.filter((t) => !t.url.endsWith('nl/over/'));
      await Promise.all(showing.map((tab) => until(`${tab.url} to reload`, () => reloaded(tab))));
      for (const tab of showing) {
        const body = await tab.page.locator('main').innerText();
        assert.ok(body.includes('drie keer per jaar'), `${tab.url} does not show the edit:\n${body}`);
      }
      await Promise.all(others.map((tab) => until(`${tab.url} to hear of the build`, async () => tab.heard > heard[tabs.indexOf(tab)])));
      for (const tab of others) assert.equal(await reloaded(tab), false, `${tab.url} reloaded, though the edit did not change it`);

      // A page at a new address (its slug changed): its tabs go there (a tab that reloads
      // just then is sent on by the server).
      await markAll();
      const about = path.join(root, 'content', 'en', 'over.md');
      await fsp.writeFile(about, (await fsp.readFile(about, 'utf8')).replace('slug: about', 'slug: about-us'));
      await Promise.all(tabs.filter((t) => t.url.endsWith('en/about/')).map(async (tab) => {
        await until(`${tab.url} to move to en/about-us/`, async () => tab.page.url().endsWith('/en/about-us/') && (await reloaded(tab)));
        assert.equal(await tab.page.locator('h1').innerText({ timeout: 10_000 }), 'About this site');
      }));

      // An edit of site.yaml may change every page: every tab reloads.
      await markAll();
      await fsp.appendFile(path.join(root, 'site.yaml'), '# edited\n');
      await Promise.all(tabs.map((tab, i) => until(`tab ${i + 1} (${tab.url}) to reload`, () => reloaded(tab))));
      assertClean(tabs);
    });
  });

  it('reloads a tab that missed a build only when one of the builds it missed changed its page', async () => {
    // A listener sends only the latest build: a tab busy while two builds follow each other
    // hears only the second. Here the tabs' sockets drop every message of the first build.
    await inContext(async (context) => {
      await settle();
      const over = await open(context, 'nl/over/');
      const other = await open(context, 'nl/veiligheid/');

      // The first build changes nl/over/; no tab hears of it.
      over.deaf = other.deaf = true;
      const nl = path.join(root, 'content', 'nl', 'over.md');
      const text = await fsp.readFile(nl, 'utf8');
      await fsp.writeFile(nl, text.replace(/(drie|twee) keer per jaar/, 'vier keer per jaar'));
      await settle();
      over.deaf = other.deaf = false;
      const heard = other.heard;
      // The second changes only a page that neither tab shows.
      const en = path.join(root, 'content', 'en', 'over.md');
      const english = await fsp.readFile(en, 'utf8');
      assert.ok(english.includes('twice a year'), 'the fixture changed');
      await fsp.writeFile(en, english.replace('twice a year', 'four times a year'));
      await until('nl/over/ to reload', () => reloaded(over));
      assert.ok((await over.page.locator('main').innerText()).includes('vier keer per jaar'));
      await until('nl/veiligheid/ to hear of the build', async () => other.heard > heard);
      assert.equal(await reloaded(other), false, 'nl/veiligheid/ reloaded, though neither build changed it');
      assertClean([over, other]);
    });
  });

  it('shows the errors of a broken edit on every tab, and the fix takes them away', async () => {
    await inContext(async (context) => {
      await settle();
      const over = await open(context, 'nl/over/');
      const other = await open(context, 'nl/veiligheid/');
      const tabs = [over, other];
      const overlay = (tab) => tab.page.evaluate(() => document.getElementById('__leidraad-overlay')?.innerText ?? null);

      // A date that is no date: every tab shows the error over the page it had, and none reloads.
      const file = path.join(root, 'content', 'nl', 'over.md');
      const text = await fsp.readFile(file, 'utf8');
      assert.ok(text.includes('updated: 2026-09-01'), 'the fixture changed');
      await fsp.writeFile(file, text.replace('updated: 2026-09-01', 'updated: 2026-13-45'));
      for (const tab of tabs) {
        await until(`${tab.address} to show the error`, async () => (await overlay(tab))?.includes('content/nl/over.md:4:'));
      }
      const shown = await overlay(over);
      assert.match(shown, /updated/, shown);
      for (const tab of tabs) assert.equal(await reloaded(tab), false, `${tab.address} reloaded on a failed build`);
      assert.ok((await over.page.locator('main').innerText()).length > 0, 'the last good page stays underneath');

      // The fix, with a new sentence: the box goes; the edited page reloads, the other stays.
      await fsp.writeFile(file, text.replace(/(twee|drie|vier) keer per jaar/, 'vijf keer per jaar'));
      await until('nl/over/ to reload', () => reloaded(over));
      await until('nl/over/ to be without the box', async () => (await overlay(over)) === null);
      assert.ok((await over.page.locator('main').innerText()).includes('vijf keer per jaar'));
      await until('nl/veiligheid/ to lose the box', async () => (await overlay(other)) === null);
      assert.equal(await reloaded(other), false, 'nl/veiligheid/ reloaded, though the fix did not change it');
      assertClean(tabs);
    });
  });
});
