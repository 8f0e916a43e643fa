// Shared helpers of the browser tests: building a site, serving it under a sub-path,
// launching Chromium, crawling, and checking pages with axe-core and html-validate.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const SITES = path.join(HERE, 'sites');
export const OUT = path.join(HERE, 'out');
export const SUB_PATH = '/some/sub/path/';

/**
 * Bytes of style.css + leidraad.js that a page may load, unminified and uncompressed: 32 KiB
 * since the language menu, the phone's search button, undo of a reset and the printed
 * address and date (issue 17) took it past the 30 KiB it was before (9 KiB gzipped); 33 KiB
 * since the root remembers the reader's language and matches the browser's by likely script
 * (`zh-TW` finds `zh-Hant`), and a few languages stand inline (issue 19); 34 KiB since
 * callouts (`> [!WARNING]`, issue 21) and checklist items found as parts of their section's
 * search record (issue 20); 38 KiB since leidraad.js registers the offline service worker,
 * keeps the first page a reader opens, saves a whole guide with its size shown first and
 * lists the saved pages on the offline page, and the print layout breaks before each part of
 * the whole-guide page (issue 22: 3.7 KiB; the service worker itself, `sw.js`, is a file of
 * its own that pages do not load).
 */
export const BUDGET = 38 * 1024;

/** Pages checked at the same time in one browser: enough to keep two cores busy. */
export const PARALLEL = Number(process.env.LEIDRAAD_BROWSER_PARALLEL || 3);

const BIN = process.env.LEIDRAAD_BIN;
/** Debian's Chromium, where it is installed; otherwise the one an npm package ships. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------
// Building

/** Builds the site at `root` into a fresh temporary folder and returns that folder. */
export async function build(root, { portable = false, name = 'site', extra = [] } = {}) {
  if (!BIN) throw new Error('LEIDRAAD_BIN is not set: run these tests through `cargo test --test browser`');
  const parent = await fsp.mkdtemp(path.join(os.tmpdir(), `leidraad-${name}-`));
  const output = path.join(parent, 'out');
  const args = ['build', '--root', root, '--output', output, ...extra];
  if (portable) args.push('--portable');
  try {
    await run(BIN, args, { env: { ...process.env, NO_COLOR: '1' } });
  } catch (err) {
    throw new Error(`leidraad ${args.join(' ')} failed:\n${err.stderr || err.message}`);
  }
  return output;
}

export async function removeBuild(output) {
  await fsp.rm(path.dirname(output), { recursive: true, force: true });
}

/** Every file below `dir`, as paths relative to it with `/` separators, sorted. */
export function walk(dir, base = dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------
// Serving

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/**
 * Serves `dir` at http://127.0.0.1:PORT/some/sub/path/, as a plain static host would:
 * directory URLs serve index.html, a directory without its slash redirects, everything
 * outside the sub-path and every missing file is a 404.
 */
export async function serve(dir, prefix = SUB_PATH) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      if (!url.pathname.startsWith(prefix)) return notFound();
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      let file = path.resolve(root, rel);
      if (file !== root && !file.startsWith(root + path.sep)) return notFound();
      let stat = await fsp.stat(file).catch(() => null);
      if (stat && stat.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
          return;
        }
        file = path.join(file, 'index.html');
        stat = await fsp.stat(file).catch(() => null);
      }
      if (!stat || !stat.isFile()) return notFound();
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const body = await fsp.readFile(file);
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A fresh copy of the folder `dir` in the temporary folder, to edit; returns the copy. */
export async function copySite(dir, name = 'site') {
  const parent = await fsp.mkdtemp(path.join(os.tmpdir(), `leidraad-${name}-`));
  const root = path.join(parent, 'site');
  await fsp.cp(dir, root, { recursive: true });
  return root;
}

/**
 * Runs `leidraad serve --port 0` on the site at `root` (which it watches for edits) and
 * returns its URL; `stop()` ends it with Ctrl-C's signal and resolves with its exit code.
 */
export async function leidraadServe(root, extra = []) {
  if (!BIN) throw new Error('LEIDRAAD_BIN is not set: run these tests through `cargo test --test browser`');
  const args = ['serve', '--root', root, '--port', '0', ...extra];
  const child = spawn(BIN, args, { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /^serving (http:\/\/\S+)$/m.exec(stdout);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`leidraad ${args.join(' ')} exited (${code}):\n${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

// ---------------------------------------------------------------------------------------
// The browser

/** The flags every launch gets: no sandbox (root in CI), and no attempt to reach the network. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

let browserFound;

/**
 * The Chromium to test with: LEIDRAAD_CHROMIUM, else Debian's at /usr/bin/chromium, else the
 * one the npm package @sparticuz/chromium ships inside it (unpacked once, into the temporary
 * folder), so the tests run on a machine that has nothing but Node.
 */
export async function findChromium() {
  browserFound ??= (async () => {
    const chosen = process.env.LEIDRAAD_CHROMIUM;
    if (chosen) return { executablePath: chosen, args: ARGS, from: 'LEIDRAAD_CHROMIUM' };
    if (fs.existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: ARGS, from: SYSTEM_CHROMIUM };
    const { default: packaged } = await import('@sparticuz/chromium');
    const executablePath = await packaged.executablePath();
    // Its flags are made for one page per process (AWS Lambda): in one process, closing a
    // browser context ends the browser, and the suite opens many contexts.
    const args = [...new Set([...packaged.args, ...ARGS])].filter(
      (a) => !a.startsWith('--headless') && a !== '--single-process',
    );
    return { executablePath, args, from: '@sparticuz/chromium' };
  })().then((found) => {
    console.log(`browser tests: Chromium from ${found.from} (${found.executablePath})`);
    return found;
  });
  return browserFound;
}

export async function launch() {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, headless: true, args });
}

/**
 * Records everything that went wrong on a page: console errors, uncaught exceptions,
 * requests that failed or answered >= 400. `take()` returns what was recorded since the
 * last call.
 */
export function watch(page) {
  let problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A request the browser cancelled is not a broken link: a navigation we started and then
    // replaced, or an image still loading (they load lazily) when a test moved on to the next
    // page. A missing file answers 404, which the response handler below records.
    const failure = req.failure()?.errorText || '';
    if (failure === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.url()} (${failure})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    take() {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Checks

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The axe rules whose outcome depends on colours: all that a second colour scheme can change. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe-core on the page with the WCAG 2.2 AA tags, or only the `rules` given; returns the
 * violations as readable lines.
 */
export async function axe(page, rules = null) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const violations = await page.evaluate(async ([tags, rules]) => {
    const result = await window.axe.run(document, {
      runOnly: rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, [AXE_TAGS, rules]);
  return violations.flatMap((v) => v.nodes.map((n) => `axe ${v.id} (${v.help}) at ${n}`));
}

/** Structural rules axe leaves to best practice: one h1, heading order, landmarks, skip link. */
export async function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) problems.push(`expected exactly one h1, found ${h1s.length}`);
    let last = 0;
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const level = Number(h.tagName[1]);
      if (last === 0 && level !== 1) problems.push(`the first heading is ${h.tagName}, not h1`);
      if (last && level > last + 1) problems.push(`heading order skips a level: h${last} then ${h.tagName} "${h.textContent.trim()}"`);
      last = level;
    }
    const mains = document.querySelectorAll('main');
    if (mains.length !== 1) problems.push(`expected one <main>, found ${mains.length}`);
    if (!document.documentElement.lang) problems.push('<html> has no lang');
    if (!document.querySelector('header, [role=banner]')) problems.push('no banner landmark');
    if (!document.querySelector('footer, [role=contentinfo]')) problems.push('no contentinfo landmark');
    const first = document.querySelector('a[href], button, input, select, textarea, [tabindex]');
    const target = first && first.matches('a[href^="#"]')
      ? document.getElementById(decodeURIComponent(first.getAttribute('href').slice(1)))
      : null;
    if (!target) problems.push('the first focusable element is not a skip link to an element on the page');
    else if (!target.closest('main')) problems.push('the skip link does not lead into <main>');
    return problems;
  });
}

/** No horizontal scrolling at the page's current viewport width. */
export async function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > root.clientWidth + 1 || r.left < -1;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}`);
    return [`horizontal scrolling at ${root.clientWidth}px: scrollWidth ${root.scrollWidth}; widest: ${wide.join(', ')}`];
  });
}

/** Links, ids, and the sizes of the CSS and JS the page loaded. */
export async function inventory(page) {
  return page.evaluate(() => ({
    links: [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map((el) => ({
      raw: el.getAttribute('href') ?? el.getAttribute('src'),
      abs: el.href || el.src,
      tag: el.tagName.toLowerCase(),
      rel: el.getAttribute('rel'),
    })),
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
  }));
}

let validator;
/** html-validate errors in the HTML text, with line and column. */
export async function validateHtml(text, filename) {
  validator ??= new HtmlValidate(JSON.parse(fs.readFileSync(path.join(HERE, '.htmlvalidate.json'), 'utf8')));
  const report = await validator.validateString(text, filename);
  return report.results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 2).map((m) => `${filename}:${m.line}:${m.column} html-validate ${m.ruleId}: ${m.message}`),
  );
}

// ---------------------------------------------------------------------------------------
// Crawling

/** The URL without its fragment; `index.html` and its directory count as one page. */
export function pageKey(url) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
  return u.href;
}

/**
 * Visits every page reachable from the `starts` within `scope`, `parallel` at a time,
 * calling `visit(page, url)` on each; `visit` returns the URLs to follow. Returns the pages.
 */
export async function crawl(context, starts, scope, visit, parallel = PARALLEL) {
  const seen = new Set(starts.map(pageKey));
  const queue = [...starts];
  let active = 0;
  const worker = async () => {
    const page = await context.newPage();
    try {
      for (;;) {
        const url = queue.shift();
        if (url === undefined) {
          if (active === 0) return;
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        active++;
        try {
          for (const next of await visit(page, url)) {
            if (!next.startsWith(scope)) continue;
            const key = pageKey(next);
            if (seen.has(key)) continue;
            seen.add(key);
            queue.push(key);
          }
        } finally {
          active--;
        }
      }
    } finally {
      await page.close();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return [...seen];
}

/** Runs `fn` over `items`, `parallel` at a time, each with a page of its own. */
export async function eachPage(context, items, fn, parallel = PARALLEL) {
  const queue = [...items];
  const worker = async () => {
    const page = await context.newPage();
    try {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(page, item);
    } finally {
      await page.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** A readable failure message: at most `max` problems, then a count of the rest. */
export function report(problems, max = 60) {
  if (problems.length <= max) return problems.join('\n');
  return [...problems.slice(0, max), `… and ${problems.length - max} more`].join('\n');
}
