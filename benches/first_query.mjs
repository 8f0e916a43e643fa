// What a reader's browser downloads from `pagefind/` for a first search: run over built
// outputs, each served under a sub-path, with the same queries typed into the search field.
//
//   node benches/first_query.mjs OUTPUT... -- QUERY...
//
// Prints, per output and query, the bytes and files fetched under `pagefind/` (compressed, as
// they lie on disk) and the links shown. Needs the browser tests' npm packages
// (`npm ci --prefix tests/browser`) and Chromium.
import { launch, serve } from '../tests/browser/lib.mjs';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const outputs = split < 0 ? args : args.slice(0, split);
const queries = split < 0 ? ['guide'] : args.slice(split + 1);
const browser = await launch();
for (const output of outputs) {
  const server = await serve(output);
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    let files = 0;
    page.on('response', async (response) => {
      if (!response.url().includes('/pagefind/')) return;
      try { const n = (await response.body()).length; bytes += n; files += 1; if (process.env.VERBOSE) console.log(`  ${n}\t${response.url().replace(/.*\/pagefind\//, '')}`); } catch { /* redirected */ }
    });
    await page.goto(server.url + 'en/');
    await page.fill('#search-input', query);
    await page.waitForFunction(() => document.querySelector('.search-results')?.children.length > 0
      || document.querySelector('#search-status')?.textContent.trim() !== '', null, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const links = await page.$$eval('.search-results a', (l) => l.length);
    console.log(`${output}\t${query}\t${bytes} bytes\t${files} files\t${links} links`);
    await context.close();
  }
  await server.close();
}
await browser.close();
