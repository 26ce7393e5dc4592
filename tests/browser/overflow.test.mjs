// No page scrolls sideways (WCAG 1.4.10) and no image is wider than its
// column, at 320 px (a small phone) and 1366 px (a common laptop), for a
// visitor and for each staff role: the pages are found by following the
// site's own links from the front page and the staff home, as a person
// would, so a new page is checked without a list to keep up to date.
// With TUKIVERKKO_SCREENS=1, screenshots of the first pages go to build/test-logs/screens/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, screenshot } from '../lib/browser.mjs';
import { addUser } from '../lib/auth.mjs';

const WIDTHS = [320, 1366];
const PER_ROLE = 40;		// pages per role: enough to reach every kind of page

let srv;
let browser;

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// A path worth visiting: this site, a page (not a file, feed or action),
// each pattern once (/fi/events/1 and /fi/events/2 look alike).
function pageKey(href) {
  const u = new URL(href);
  if (u.origin !== srv.url || !u.pathname.startsWith('/fi/')) return null;
  if (/\.(ics|csv|svg|rss|atom|json|png|pdf)$|\/(file|preview|export|feed\.[a-z]+|qr\.svg|signout)$/.test(u.pathname)) return null;
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/N').replace(/\/[0-9]{3}(?=\/|$)/g, '/CODE');
}

async function crawl(context, role, starts) {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const seen = new Set();
  const queue = starts.map((p) => srv.url + p);
  const problems = [];
  let visited = 0;
  while (queue.length && visited < PER_ROLE) {
    const url = queue.shift();
    const key = pageKey(url);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    let res;
    try {
      res = await page.goto(url);
    } catch (e) {
      // A link that downloads a file is no page to look at.
      if (/Download is starting/.test(e.message)) continue;
      throw e;
    }
    if (!res || res.status() >= 400) continue;
    visited += 1;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const m = await page.evaluate(() => {
        const wide = [...document.images].filter((img) => {
          const box = img.parentElement.getBoundingClientRect();
          return img.getBoundingClientRect().width > box.width + 1;
        }).map((img) => img.src);
        return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, wide };
      });
      if (m.sw > m.iw) problems.push(`${role} ${width}px ${url}: ${m.sw} px wide`);
      for (const src of m.wide) problems.push(`${role} ${width}px ${url}: image wider than its column: ${src}`);
      if (visited <= 8) {
        await screenshot(page, `overflow-${role}-${width}-${visited}`, { fullPage: false });
      }
    }
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const l of links) if (pageKey(l) !== null && !seen.has(pageKey(l))) queue.push(l);
  }
  await page.close();
  return { problems, visited };
}

// The four crawls run side by side, each in a browser context of its own:
// they mostly wait for pages, and one after another they were the
// longest file of the browser suite.
describe('no horizontal overflow', { concurrency: true }, () => {
  it('for a visitor', async () => {
    const ctx = await browser.newContext();
    const { problems, visited } = await crawl(ctx, 'visitor', ['/fi/']);
    await ctx.close();
    assert.ok(visited >= 10, `the crawl reached ${visited} pages`);
    assert.deepEqual(problems, []);
  });

  for (const [role, stored, opts] of [
    ['coordinator', 'coordinator', {}],
    ['municipal', 'municipal-coordinator', { municipality: '611' }],
    ['tutor', 'tutor', { scopes: ['611'] }],
  ]) {
    it(`for a ${role}`, async () => {
      const u = addUser(srv, `${role}.overflow@example.fi`, stored, opts);
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${srv.url}/fi/signin`);
      await page.locator('#email').fill(u.email);
      await page.locator('#password').fill(u.password);
      await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff'),
        page.locator('main button[type="submit"]').click()]);
      await page.close();
      const { problems, visited } = await crawl(ctx, role, ['/fi/staff', '/fi/']);
      await ctx.close();
      assert.ok(visited >= 10, `the crawl reached ${visited} pages`);
      assert.deepEqual(problems, []);
    });
  }
});
