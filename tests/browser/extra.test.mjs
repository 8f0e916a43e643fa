// `extra:` (issue 21): keys of site.yaml and of a page's front matter reach a site's own
// templates as they were written (text, lists, numbers, true/false), escaped, and the page
// that shows them stays accessible.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SITES, axe, build, copySite, launch, removeBuild, report, serve, watch } from './lib.mjs';

const PAGE_TEMPLATE = `{% extends "base.html" %}
{% block main %}
<article class="content">
{% include "page-header.html" %}
<div class="prose">{{ page.body | safe }}</div>
{%- if page.extra.audience %}
<aside class="audience" aria-labelledby="audience-title">
<h2 id="audience-title">{{ extra.audience_title }}</h2>
<ul>{% for who in page.extra.audience %}<li>{{ who }}</li>{% endfor %}</ul>
<p>{{ extra.organisation }}, <a href="tel:{{ extra.phone | replace(from=" ", to="") }}">{{ extra.phone }}</a>{% if page.extra.reviewed_by_board %} · {{ extra.board }}{% endif %}</p>
</aside>
{%- endif %}
</article>
{% endblock main %}
`;

describe('extra', { timeout: 120_000 }, () => {
  let browser;
  let root;
  let output;
  let server;
  before(async () => {
    root = await copySite(path.join(SITES, 'multi'), 'extra');
    await fsp.appendFile(path.join(root, 'site.yaml'),
      'extra:\n  organisation: "Buurtteam <Noord>"\n  phone: "020 555 01 23"\n  audience_title: Voor wie\n  board: Gecontroleerd door de redactieraad\n');
    const over = path.join(root, 'content', 'nl', 'over.md');
    const text = await fsp.readFile(over, 'utf8');
    await fsp.writeFile(over, text.replace('aliases:', 'extra:\n  audience: [wijkteams, scholen, "huisartsen & POH"]\n  reviewed_by_board: true\naliases:'));
    await fsp.mkdir(path.join(root, 'templates'), { recursive: true });
    await fsp.writeFile(path.join(root, 'templates', 'page.html'), PAGE_TEMPLATE);
    output = await build(root, { name: 'extra' });
    server = await serve(output);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (output) await removeBuild(output);
    if (root) await removeBuild(root);
  });

  it('shows the values of site.yaml and front matter, escaped, and passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}nl/over/`);
    const aside = page.locator('aside.audience');
    assert.equal(await aside.locator('h2').innerText(), 'Voor wie');
    assert.deepEqual(await aside.locator('li').allInnerTexts(), ['wijkteams', 'scholen', 'huisartsen & POH']);
    const line = await aside.locator('p').innerText();
    assert.equal(line, 'Buurtteam <Noord>, 020 555 01 23 · Gecontroleerd door de redactieraad');
    assert.equal(await aside.locator('a').getAttribute('href'), 'tel:0205550123');
    const violations = await axe(page);
    assert.equal(violations.length, 0, report(violations));
    // A page without `extra` in its front matter shows nothing of it.
    await page.goto(`${server.url}en/about/`);
    assert.equal(await page.locator('aside.audience').count(), 0);
    assert.deepEqual(problems.take(), []);
    await context.close();
  });
});
