// The news journey in Debian's Chromium: a network coordinator signs in,
// sends the news form empty (the error summary links to the first title
// field), writes a post in Finnish and English linked to the demo
// webinar, saves it as a draft, previews it and publishes it; a visitor
// then finds it on the news list, reads it in English, and in Swedish
// gets the Finnish version with a note. axe (WCAG 2.1 A/AA) checks the
// editor's list, the form with its error, the preview, the editing page,
// the news list, the demo post and the new post in both languages.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, watchedPage, accessibleAt, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';

const TITLE_FI = 'Digituen kevätkoulutus alkaa & ilmoittautuminen on auki';
const TITLE_EN = 'Spring training in digital support starts';

let srv;
let browser;
let editor;		// { context, page, email, password }
let visitor;		// { context, page }
const problems = [];

const newPage = (name) => watchedPage(browser, srv.url, problems, name);

const axe = (page, name) => accessibleAt(page, `news-${name}`, { widths: [1280] });

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  browser = await launchBrowser();
  const u = addUser(srv, 'coordinator.news@example.fi', 'coordinator', { name: 'Kaisa Koordinaattori' });
  editor = { ...u, ...(await newPage('editor')) };
  visitor = await newPage('visitor');
});

after(async () => {
  await editor?.context?.close();
  await visitor?.context?.close();
  await browser?.close();
  await srv?.stop();
});

describe('news journey: a coordinator publishes a post, a visitor reads it', () => {
  it('the coordinator signs in and opens the news editing list', async () => {
    const { page } = editor;
    await page.goto(`${srv.url}/fi/signin`);
    await page.locator('#email').fill(editor.email);
    await page.locator('#password').fill(editor.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff'),
      page.locator('main button[type="submit"]').click(),
    ]);
    const res = await page.goto(`${srv.url}/fi/staff/news`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('table caption').textContent(), 'Uutiset');
    await axe(page, 'manage');
  });

  it('an empty form comes back with an error summary that leads to the title', async () => {
    const { page } = editor;
    await page.getByRole('link', { name: 'Kirjoita uutinen' }).click();
    await page.waitForURL((u) => u.pathname === '/fi/staff/news/new');
    await page.locator('main button[type="submit"]').first().click();
    await page.waitForLoadState();
    const summary = page.locator('.error-summary');
    assert.equal(await summary.count(), 1);
    assert.match(await summary.textContent(), /Kirjoita uutinen vähintään yhdellä kielellä/);
    assert.equal(await page.locator('#title_fi').getAttribute('aria-invalid'), 'true');
    await axe(page, 'form-error');
    await summary.locator('a').click();
    // static/js/forms.js puts focus on the field itself.
    await page.waitForFunction(() => document.activeElement?.id === 'title_fi');
  });

  it('the coordinator writes the post in Finnish and English, links the webinar and publishes it', async () => {
    const { page } = editor;
    await page.locator('#title_fi').fill(TITLE_FI);
    await page.locator('#lead_fi').fill('Kunnille suunnattu koulutus alkaa helmikuussa.');
    await page.locator('#body_fi').fill('Koulutus käsittelee **digituen järjestämistä**.\n\n- lähituki\n- etätuki');
    await page.locator('#title_en').fill(TITLE_EN);
    await page.locator('#lead_en').fill('A training for municipalities starts in February.');
    await page.locator('#body_en').fill('The training is about **organising digital support**.');
    await page.locator('#event').selectOption({ index: 1 });
    await page.locator('#publish-draft').check();
    await Promise.all([
      page.waitForURL((u) => /^\/fi\/staff\/news\/\d+$/.test(u.pathname) && u.search === '?done=created'),
      page.locator('main form button[type="submit"]').first().click(),
    ]);
    assert.match(await page.locator('.notice').textContent(), /Uutinen on tallennettu/);
    assert.match(await page.locator('.news-state').textContent(), /Luonnos/);
    // The draft's preview, as visitors will see it.
    await page.locator('.news-state').getByRole('link', { name: 'Esikatselu' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/preview'));
    assert.equal((await page.locator('h1').textContent()).trim(), TITLE_FI);
    assert.match(await page.locator('[role="note"]').first().textContent(), /Vierailijat eivät vielä näe uutista/);
    await axe(page, 'preview');
    await page.getByRole('link', { name: 'Takaisin muokkaukseen' }).click();
    await page.waitForURL((u) => /^\/fi\/staff\/news\/\d+$/.test(u.pathname));
    await page.locator('#publish-now').check();
    await Promise.all([
      page.waitForURL((u) => u.search === '?done=saved'),
      page.locator('main form button[type="submit"]').first().click(),
    ]);
    assert.match(await page.locator('.news-state').textContent(), /Julkaistu/);
    await axe(page, 'edit');
  });

  it('a visitor finds it first on the news list', async () => {
    const { page } = visitor;
    await page.goto(`${srv.url}/en/`);
    await page.locator('.site-nav').getByRole('link', { name: 'News' }).click();
    await page.waitForURL((u) => u.pathname === '/en/news');
    const first = page.locator('.news-list__item').first();
    assert.equal((await first.locator('h2').textContent()).trim(), TITLE_EN);
    assert.equal(await page.locator('.news-list__item').count(), 2);
    assert.equal(await page.locator('head link[type="application/rss+xml"]').count(), 1);
    await axe(page, 'list');
  });

  it('the visitor reads it in English, with the event', async () => {
    const { page } = visitor;
    await page.locator('.news-list__item').first().locator('a').click();
    await page.waitForURL((u) => /^\/en\/news\/\d+$/.test(u.pathname));
    assert.equal((await page.locator('h1').textContent()).trim(), TITLE_EN);
    assert.equal(await page.locator('.news-post__body strong').textContent(), 'organising digital support');
    assert.equal(await page.locator('main a[href^="/en/events/"]').count(), 1);
    assert.equal(await page.locator('[role="note"]').count(), 0);
    await axe(page, 'post');
  });

  it('in Swedish the visitor gets the Finnish version, marked with lang="fi" and a note', async () => {
    const { page } = visitor;
    await page.locator('.lang-switch').getByRole('link', { name: 'Svenska' }).click();
    await page.waitForURL((u) => /^\/sv\/news\/\d+$/.test(u.pathname));
    assert.match(await page.locator('[role="note"]').textContent(), /Den visas på finska/);
    assert.equal((await page.locator('h1').textContent()).trim(), TITLE_FI);
    assert.equal(await page.locator('h1').evaluate((h) => h.closest('[lang]').getAttribute('lang')), 'fi');
    await axe(page, 'post-fallback');
  });

  it('the demo post about the 2021 webinar reads well too', async () => {
    const { page } = visitor;
    const id = sqlite(srv.db, 'SELECT min(id) FROM news_post;').trim();
    const res = await page.goto(`${srv.url}/fi/news/${id}`);
    assert.equal(res.status(), 200);
    assert.match(await page.locator('h1').textContent(), /webinaariin/);
    await axe(page, 'demo-post');
  });

  it('on a small phone (360 px) the list and the post fit the screen, menu included', async () => {
    const { page } = visitor;
    await page.setViewportSize({ width: 360, height: 740 });
    for (const p of ['/fi/news', `/fi/news/${sqlite(srv.db, 'SELECT min(id) FROM news_post;').trim()}`]) {
      await page.goto(srv.url + p);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${p} is ${width} px wide`);
      assert.ok(await page.locator('.site-nav').getByRole('link', { name: 'Uutiset' }).isVisible());
    }
    await screenshot(page, 'news-phone', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('nothing went outside the site and no script failed', () => {
    assert.deepEqual(problems, []);
  });
});
