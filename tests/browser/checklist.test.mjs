// Checklists in the browser (issue 3): ticks persist across reloads, language switches and
// the guide's checklist page; keyboard use; reset; #item links; broken localStorage; print.
// Also the root language chooser, visible focus and the print layout.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SITES, axe, build, launch, removeBuild, report, serve, watch } from './lib.mjs';

const ITEMS = 6; // 3 in voorbereiden, 2 in uitvoeren, 1 in afronden (Dutch only)

let browser;
let output;
let server;
before(async () => {
  output = await build(path.join(SITES, 'multi'), { name: 'checklist' });
  server = await serve(output);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (output) await removeBuild(output);
});

/** A fresh context (empty localStorage) and a page that records its problems. */
async function open(options = {}, init) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', ...options });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const watcher = watch(page);
  return { context, page, problems: () => watcher.take() };
}

const progress = (page) => page.locator('[data-progress]').innerText();

describe('checklist ticks', { timeout: 60_000 }, () => {
  it('persist across a reload, a language switch and the checklist page', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/voorbereiden/`);
    const box = page.locator('#telefoon-opladen-box');
    await box.check();
    await page.reload();
    assert.equal(await box.isChecked(), true, 'the tick survives a reload');

    // The language switcher (inline on a wide screen: three languages) leads to the same section in English, with the same item ticked.
    await page.locator('.lang-inline a[hreflang="en"]').click();
    await page.waitForURL(/\/en\/safety\/preparing\/$/);
    assert.equal(await page.locator('#telefoon-opladen-box').isChecked(), true, 'ticked in English');
    assert.equal(await page.locator('#adres-doorgeven-box').isChecked(), false);

    // The section links to its guide's checklist, where the item is ticked and counted.
    await page.locator(`main a[href$="checklist/"]`).first().click();
    await page.waitForURL(/\/en\/safety\/checklist\/$/);
    assert.equal(await page.locator('#telefoon-opladen-box').isChecked(), true, 'ticked on the checklist');
    assert.equal(await progress(page), `1 of ${ITEMS} done`);

    // The same in Dutch and in Arabic (right to left), in their own wording.
    await page.locator('.lang-inline a[hreflang="nl"]').click();
    await page.waitForURL(/\/nl\/veiligheid\/checklijst\/$/);
    assert.equal(await progress(page), `1 van ${ITEMS} afgevinkt`);
    await page.locator('.lang-inline a[hreflang="ar"]').click();
    await page.waitForURL(/\/ar\//);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('#telefoon-opladen-box').isChecked(), true, 'ticked in Arabic');
    assert.equal(await progress(page), `تم إنجاز 1 من ${ITEMS}`);

    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('toggle with Space, and the progress follows', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/checklijst/`);
    assert.equal(await progress(page), `0 van ${ITEMS} afgevinkt`);
    // Reach the first checkbox with the keyboard, as a keyboard user would.
    await page.locator('#adres-doorgeven-box').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#adres-doorgeven-box').isChecked(), true);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    assert.ok(focused, 'Tab moves focus on');
    await page.locator('#uitvoeren-1-box').focus();
    await page.keyboard.press('Space');
    assert.equal(await progress(page), `2 van ${ITEMS} afgevinkt`);
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#uitvoeren-1-box').isChecked(), false);
    assert.equal(await progress(page), `1 van ${ITEMS} afgevinkt`);
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('are all cleared by the reset button', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/checklijst/`);
    for (const id of ['adres-doorgeven', 'uitvoeren-2', 'terugmelden']) await page.locator(`#${id}-box`).check();
    assert.equal(await progress(page), `3 van ${ITEMS} afgevinkt`);
    const reset = page.locator('[data-reset]');
    assert.equal(await reset.isVisible(), true, 'the reset button is shown when JavaScript runs');
    await reset.click();
    assert.equal(await page.locator('input.task-box:checked').count(), 0);
    assert.equal(await progress(page), `0 van ${ITEMS} afgevinkt`);
    await page.locator('[data-status]').filter({ hasText: /\S/ }).waitFor();
    await page.reload();
    assert.equal(await page.locator('input.task-box:checked').count(), 0, 'still cleared after a reload');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('leidraad:')));
    assert.deepEqual(stored, []);
    assert.deepEqual(problems(), []);
    await context.close();
  });

  // Issue 17: one tap must not lose a morning's work.
  it('can undo the reset, which stands apart from the other buttons', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/checklijst/`);
    for (const id of ['adres-doorgeven', 'terugmelden']) await page.locator(`#${id}-box`).check();
    const undo = page.locator('[data-undo]');
    assert.equal(await undo.isVisible(), false, 'no undo before a reset');
    const apart = await page.evaluate(() => {
      const reset = document.querySelector('[data-reset]');
      const copy = document.querySelector('[data-copy]');
      return reset.parentElement !== copy.parentElement;
    });
    assert.equal(apart, true, 'the reset button is not among the copy buttons');
    await page.locator('[data-reset]').click();
    assert.equal(await progress(page), `0 van ${ITEMS} afgevinkt`);
    assert.equal(await undo.isVisible(), true, 'undo is offered');
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-undo')), true, 'undo has the focus');
    await page.keyboard.press('Enter');
    assert.equal(await progress(page), `2 van ${ITEMS} afgevinkt`);
    assert.equal(await undo.isVisible(), false);
    await page.reload();
    assert.equal(await page.locator('input.task-box:checked').count(), 2, 'the ticks are back for good');
    // A tick after a reset ends the chance to undo it.
    await page.locator('[data-reset]').click();
    await page.locator('#terugmelden-box').check();
    assert.equal(await undo.isVisible(), false);
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('link to #item: the page scrolls to the item and highlights it', async () => {
    const { context, page, problems } = await open({ viewport: { width: 375, height: 667 } });
    await page.goto(`${server.url}nl/veiligheid/checklijst/`);
    // "Explained in" leads to the item in its section.
    await page.locator('#dossier-lezen a.task-source').click();
    await page.waitForURL(/\/nl\/veiligheid\/voorbereiden\/#dossier-lezen$/);
    const state = await page.evaluate(() => {
      const li = document.getElementById('dossier-lezen');
      const r = li.getBoundingClientRect();
      return {
        target: li.matches(':target'),
        scrolled: window.scrollY,
        inView: r.top >= 0 && r.top < window.innerHeight,
        background: getComputedStyle(li).backgroundColor,
        body: getComputedStyle(document.body).backgroundColor,
      };
    });
    assert.equal(state.target, true, 'the item is the :target');
    assert.ok(state.scrolled > 0, 'the page scrolled');
    assert.equal(state.inView, true, 'the item is in view');
    assert.notEqual(state.background, state.body, 'the item is highlighted');
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

describe('when localStorage fails', { timeout: 60_000 }, () => {
  const cases = {
    'setItem throws': () => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
    'localStorage itself throws': () => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    },
  };
  for (const [name, init] of Object.entries(cases)) {
    it(`${name}: boxes still toggle, progress and reset work, nothing is logged`, async () => {
      const { context, page, problems } = await open({}, init);
      for (const url of ['nl/veiligheid/voorbereiden/', 'nl/veiligheid/checklijst/']) {
        await page.goto(server.url + url);
        const box = page.locator('#adres-doorgeven-box');
        await box.click();
        assert.equal(await box.isChecked(), true);
        await box.click();
        assert.equal(await box.isChecked(), false);
        await box.click();
      }
      assert.equal(await progress(page), `1 van ${ITEMS} afgevinkt`);
      await page.locator('[data-reset]').click();
      assert.equal(await progress(page), `0 van ${ITEMS} afgevinkt`);
      await page.waitForTimeout(100);
      assert.deepEqual(problems(), []);
      await context.close();
    });
  }
});

describe('root language chooser', { timeout: 60_000 }, () => {
  for (const [locale, lang] of [['en-US', 'en'], ['ar-EG', 'ar'], ['nl-BE', 'nl']]) {
    it(`sends a reader whose browser asks for ${locale} to /${lang}/`, async () => {
      const { context, page, problems } = await open({ locale });
      await page.goto(server.url);
      await page.waitForURL(new RegExp(`/${lang}/$`));
      assert.deepEqual(problems(), []);
      await context.close();
    });
  }
  it('stays, and lists every language, for a language the site does not have', async () => {
    const { context, page, problems } = await open({ locale: 'fr-FR' });
    await page.goto(server.url);
    await page.waitForTimeout(200);
    assert.equal(page.url(), server.url);
    assert.equal(await page.locator('main a[hreflang]').count(), 3);
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

describe('keyboard focus', { timeout: 60_000 }, () => {
  for (const url of ['nl/veiligheid/voorbereiden/', 'ar/alsalama/altahdir/', 'en/safety/checklist/', '']) {
    it(`is always visible on /${url}`, async () => {
      const { context, page, problems } = await open({ locale: 'fr-FR' });
      await page.goto(server.url + url);
      const missing = [];
      const seen = new Set();
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          const shadow = s.boxShadow && s.boxShadow !== 'none';
          const r = el.getBoundingClientRect();
          return {
            key: el.outerHTML.slice(0, 120),
            visible: outline || shadow,
            size: Math.min(r.width, r.height),
            onScreen: r.bottom > 0 && r.top < window.innerHeight,
          };
        });
        if (!info || seen.has(info.key)) break;
        seen.add(info.key);
        if (!info.visible) missing.push(`no visible focus indicator: ${info.key}`);
        if (!info.onScreen) missing.push(`focused element is off screen: ${info.key}`);
      }
      assert.ok(seen.size >= 3, 'Tab reaches the page');
      assert.deepEqual(missing, []);
      assert.deepEqual(problems(), []);
      await context.close();
    });
  }
  it('the skip link is shown when focused and moves focus to the main content', async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}nl/veiligheid/voorbereiden/`);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    const box = await skip.boundingBox();
    assert.ok(box && box.y >= 0 && box.height >= 24, 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await context.close();
  });
});

// Issue 21: GitHub's alert syntax (`> [!CAUTION]`) becomes a callout with a title in the
// language of the text, readable in light and dark mode, on the reading side in Arabic, and
// kept whole on paper.
describe('callouts', { timeout: 60_000 }, () => {
  it('have a titled note role, pass axe in light and dark, follow the text direction and print', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/voorbereiden/`);
    const nl = page.locator('.callout');
    assert.equal(await nl.getAttribute('role'), 'note');
    assert.equal(await nl.locator('.callout-title').innerText(), 'Let op');
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${scheme}: ${report(violations)}`);
    }
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const printed = await nl.evaluate((el) => ({
      shown: el.checkVisibility(),
      whole: getComputedStyle(el).breakInside,
      border: getComputedStyle(el).borderLeftWidth,
    }));
    assert.deepEqual(printed, { shown: true, whole: 'avoid', border: '4px' });
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.url}ar/alsalama/altahdir/`);
    const ar = page.locator('.callout');
    assert.equal(await ar.locator('.callout-title').innerText(), 'نصيحة');
    const sides = await ar.evaluate((el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]);
    assert.deepEqual(sides, ['4px', '0px'], 'the border stands on the right of Arabic text');
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

describe('print layout', { timeout: 60_000 }, () => {
  it('hides navigation, keeps the checkboxes and writes out link targets', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}nl/veiligheid/voorbereiden/`);
    await page.emulateMedia({ media: 'print' });
    const section = await page.evaluate(() => {
      const hidden = (sel) => [...document.querySelectorAll(sel)].every((el) => !el.checkVisibility());
      const link = document.querySelector('.prose a[href^="https:"]');
      return {
        navHidden: hidden('.site-header, .site-footer, nav, .skip-link'),
        boxes: [...document.querySelectorAll('li.task input')].every((el) => el.checkVisibility()),
        after: link ? getComputedStyle(link, '::after').content : null,
      };
    });
    assert.equal(section.navHidden, true, 'header, footer and navigation are not printed');
    assert.equal(section.boxes, true, 'checkboxes are printed');
    assert.match(section.after ?? '', /https:\/\/www\.nlarbeidsinspectie\.nl\//, 'the link target is printed');

    await page.goto(`${server.url}nl/veiligheid/checklijst/`);
    const checklist = await page.evaluate(() => ({
      boxes: [...document.querySelectorAll('li.task input')].filter((el) => el.checkVisibility()).length,
      buttons: [...document.querySelectorAll('button')].some((el) => el.checkVisibility()),
      fields: document.querySelector('.print-fields')?.checkVisibility() ?? false,
    }));
    assert.equal(checklist.boxes, ITEMS);
    assert.equal(checklist.buttons, false, 'buttons are not printed');
    assert.equal(checklist.fields, true, 'name and date fields are printed');
    // Issue 17: a printout says where it came from and when.
    const meta = await page.locator('.print-meta').evaluate((el) => ({ shown: el.checkVisibility(), text: el.innerText }));
    assert.equal(meta.shown, true, 'the site, address and date are printed');
    assert.ok(meta.text.includes('Veilig op huisbezoek'), meta.text);
    assert.ok(meta.text.includes(`${server.url}nl/veiligheid/checklijst/`), meta.text);
    const year = String(new Date().getFullYear());
    assert.ok(meta.text.includes(year), `no print date in ${meta.text}`);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000);
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

// Issue 17: on a phone the guidance starts near the top: the header is one or two lines, with
// the languages in a menu and the search field behind a button, and both work from the keyboard.
describe('the header on a phone', { timeout: 60_000 }, () => {
  it('takes at most 110 px, and opens its language menu and search from the keyboard', async () => {
    const { context, page, problems } = await open({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    await page.goto(`${server.url}nl/veiligheid/voorbereiden/`);
    const height = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(height <= 110, `the header is ${height}px high`);
    const summary = page.locator('.lang-menu summary');
    assert.match(await summary.innerText(), /Nederlands/);
    assert.equal(await page.locator('.lang-menu a[hreflang="en"]').isVisible(), false, 'the menu starts closed');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.lang-menu a[hreflang="en"]').isVisible(), true, 'Enter opens the menu');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('hreflang')), 'nl', 'Tab enters the menu');
    await summary.click();
    const toggle = page.locator('.search-toggle');
    if (await toggle.count()) {
      assert.equal(await page.locator('#search-input').isVisible(), false, 'search waits behind its button');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input', 'the field has the focus');
    }
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

// Issue 17: in a right-to-left page, an entry shown in a left-to-right language keeps the
// page's alignment, and Latin words and numbers inside it stay in their place.
describe('right to left', { timeout: 60_000 }, () => {
  it('aligns every entry of the Arabic guide navigation to the right, the untranslated one too', async () => {
    const { context, page, problems } = await open({ locale: 'ar' });
    await page.goto(`${server.url}ar/alsalama/altahdir/`);
    const entries = await page.evaluate(() => {
      const list = document.querySelector('.guide-nav ol');
      const right = list.getBoundingClientRect().right;
      return [...list.querySelectorAll('li a')].map((a) => {
        const text = a.firstElementChild ?? a;
        const range = document.createRange();
        range.selectNodeContents(text);
        return {
          text: a.textContent.trim(),
          lang: text.getAttribute('lang'),
          gap: Math.round(right - range.getBoundingClientRect().right),
        };
      });
    });
    assert.ok(entries.some((e) => e.lang === 'nl'), `no untranslated entry: ${JSON.stringify(entries)}`);
    for (const e of entries) assert.ok(e.gap <= 16, `"${e.text}" is not aligned to the right (${e.gap}px from it)`);
    assert.deepEqual(problems(), []);
    await context.close();
  });
});

describe('a page shown in the source language (fallback)', { timeout: 60_000 }, () => {
  const langOf = (page, selector) =>
    page.locator(selector).first().evaluate((el) => el.closest('[lang]')?.getAttribute('lang'));

  it('says so in the reader\'s language and marks the text with the source language', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}en/safety/afronden/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.locator('.notice-fallback').innerText(), /not yet available in English/);
    assert.equal(await langOf(page, 'h1'), 'nl', 'the Dutch title is marked lang="nl"');
    assert.equal(await langOf(page, '.lead'), 'nl', 'the Dutch description is marked lang="nl"');
    assert.equal(await langOf(page, 'li.task label'), 'nl', 'the Dutch item is marked lang="nl"');
    assert.equal(await langOf(page, '.notice-fallback'), 'en');
    assert.deepEqual(problems(), []);
    await context.close();
  });

  it('its item on the English checklist page is marked lang="nl"', async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}en/safety/checklist/`);
    assert.equal(await langOf(page, '#terugmelden label'), 'nl');
    await context.close();
  });
  it('its title in the guide navigation is marked lang="nl"', async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}en/safety/carrying-out/`);
    assert.equal(await langOf(page, '.guide-nav a[href$="afronden/"] bdi'), 'nl');
    await context.close();
  });
});
