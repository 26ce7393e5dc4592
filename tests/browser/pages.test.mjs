// Browser tests of the public pages in a real Chromium (Debian's, driven by
// playwright-core): title and language, the skip link, the language
// switcher, axe-core WCAG 2.1 A/AA checks, and no horizontal scrolling at
// 320 px (WCAG 1.4.10 reflow). With TUKIVERKKO_SCREENS=1, screenshots go to build/test-logs/screens/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';

const LANGS = ['fi', 'sv', 'en'];
// path after /{lang}, and what the <title> must contain per language.
const PAGES = [
  { name: 'front', rest: '/', title: { fi: /\S/, sv: /\S/, en: /\S/ } },
  { name: 'pornainen', rest: '/municipalities/611', title: { fi: /Pornainen/, sv: /Borgnäs|Pornainen/, en: /Pornainen/ } },
  { name: 'privacy', rest: '/privacy', title: { fi: /Tietosuojaseloste/, sv: /Dataskyddsbeskrivning/, en: /Privacy notice/ } },
  // The directory: the search page (every point, paged, with its filters) and
  // a service point's page.
  { name: 'directory', rest: '/directory', title: { fi: /\S/, sv: /\S/, en: /\S/ } },
  { name: 'service-point', rest: '/directory/1', title: { fi: /\S/, sv: /\S/, en: /\S/ } },
];

let srv;
let browser;
let context;

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await srv?.stop();
});

// Opens url in a new page and records what would make the page broken even
// when it looks fine: script errors, failed subresources, requests that leave
// the server (a CDN font, say).
async function open(url, ctx = context) {
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  // "Failed to load resource" has no URL; the response handler below names
  // it. (Chromium's own /favicon.ico probe shows up only here: ignored.)
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(srv.url) && !u.startsWith('data:') && !u.startsWith('about:')) {
      problems.push(`request outside the server: ${u}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== url) problems.push(`${r.status()} for ${r.url()}`);
  });
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.equal(res.status(), 200, `GET ${url}`);
  return { page, problems };
}

for (const lang of LANGS) {
  for (const pg of PAGES) {
    const p = `/${lang}${pg.rest}`;
    // One load of the page for its four checks (a load is most of a
    // check's cost); the skip link goes last, as it moves the focus.
    describe(`${p}`, () => {
      let page;
      let problems;
      before(async () => { ({ page, problems } = await open(srv.url + p)); });
      after(async () => { await page?.close(); });

      it('has a title, html[lang] and loads cleanly', async () => {
        const title = await page.title();
        assert.match(title, pg.title[lang], `title "${title}"`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.equal(await page.locator('main').count(), 1, 'exactly one <main>');
        assert.equal(await page.locator('h1').count(), 1, 'exactly one <h1>');
        assert.deepEqual(problems, []);
      });

      it('language switcher links to this page in the other languages', async () => {
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => new URL(a.href).pathname));
        for (const other of LANGS.filter((l) => l !== lang)) {
          const want = `/${other}${pg.rest}`;
          assert.ok(hrefs.includes(want), `no link to ${want}`);
        }
        // The links say which language they lead to.
        for (const other of LANGS.filter((l) => l !== lang)) {
          const langAttr = await page.$$eval(`a[href="/${other}${pg.rest}"]`,
            (as) => as.map((a) => a.getAttribute('hreflang') || a.getAttribute('lang')));
          assert.ok(langAttr.some((v) => v === other),
            `link to /${other}${pg.rest} has neither hreflang="${other}" nor lang="${other}"`);
        }
      });

      it('has no axe-core WCAG 2.1 A/AA violations', async () => {
        await screenshot(page, `${lang}-${pg.name}-1280`);
        const result = await axeAnalyze(page);
        assert.ok(result.passes.length > 0, 'axe ran no checks');
        assert.equal(result.violations.length, 0,
          `axe violations on ${p}:\n${formatAxeViolations(result.violations)}`);
      });

      it('skip link is the first focusable element and moves focus to main', async () => {
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const a = document.activeElement;
          return { tag: a.tagName, href: a.getAttribute('href'), text: a.textContent.trim(),
            visible: a.getBoundingClientRect().width > 0 };
        });
        assert.equal(first.tag, 'A', `first Tab stop is <${first.tag.toLowerCase()}>, not the skip link`);
        assert.match(first.href || '', /^#./, `first link href="${first.href}" is not an in-page link`);
        assert.ok(first.visible, 'skip link is not visible when focused');
        await page.keyboard.press('Enter');
        const where = await page.evaluate(() => {
          const a = document.activeElement;
          return { inMain: !!a.closest('main'), tag: a.tagName, id: a.id };
        });
        assert.ok(where.inMain, `after Enter focus is on <${where.tag.toLowerCase()}` +
          `${where.id ? ' id=' + where.id : ''}>, not in <main> (give the target tabindex="-1")`);
      });
    });
  }
}

describe('320 px wide viewport', () => {
  for (const lang of LANGS) {
    for (const pg of PAGES) {
      const p = `/${lang}${pg.rest}`;
      it(`${p} does not scroll horizontally`, async () => {
        const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
        try {
          const { page } = await open(srv.url + p, ctx);
          await screenshot(page, `${lang}-${pg.name}-320`);
          const m = await page.evaluate(() => {
            const wide = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > 320.5 && wide.length < 5) {
                wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
                  `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}` +
                  ` (right edge ${Math.round(r.right)} px)`);
              }
            }
            return { scrollWidth: document.documentElement.scrollWidth, wide };
          });
          assert.ok(m.scrollWidth <= 320,
            `scrollWidth ${m.scrollWidth} > 320; too wide: ${m.wide.join(', ')}`);
        } finally { await ctx.close(); }
      });
    }
  }
});
