// A supporter's training journey in Debian's Chromium: signs in, opens the
// demo's "Digituen perusteet", enrols in its session (a registration of
// the event), starts the test, sends it unanswered (the error summary
// leads to the first question's fieldset), answers every question right
// with the keyboard and mouse, sees the result with the explanations,
// opens the badge the test awarded, downloads it baked as PNG and SVG and
// opens its public verification page as a visitor. axe (WCAG 2.1 A/AA)
// checks every page at 390 px and 1280 px wide, and none scrolls
// sideways.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, watchedPage, accessibleAt } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';


let srv;
let browser;
let me;			// { context, page, email, password, id }
const problems = [];

const newPage = (name) => watchedPage(browser, srv.url, problems, name);

/** axe at each width (ending at 1280 px), and no sideways scrolling at 320 px. */
const check = (page, name) => accessibleAt(page, `learning-${name}`, { widths: [1280, 390] });

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  browser = await launchBrowser();
  const u = addUser(srv, 'supporter.learning@example.fi', 'supporter', { name: 'Outi Opastaja' });
  me = { ...u, ...(await newPage('supporter')) };
});

after(async () => {
  await me?.context?.close();
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(problems, []);
});

describe('a supporter enrols, passes the test and shows the badge', () => {
  let badgeUrl;

  it('signs in, opens the training and enrols in its session', async () => {
    const { page } = me;
    await page.goto(`${srv.url}/fi/signin`);
    await page.locator('#email').fill(me.email);
    await page.locator('#password').fill(me.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff'),
      page.locator('main button[type="submit"]').click(),
    ]);
    await page.goto(`${srv.url}/fi/staff/trainings`);
    await Promise.all([
      page.waitForURL(/\/fi\/staff\/trainings\/1$/),
      page.locator('main a', { hasText: 'Digituen perusteet' }).click(),
    ]);
    await check(page, 'training');
    const event = sqlite(srv.db, 'SELECT event_id FROM training_session WHERE training_id = 1;').trim();
    await page.locator(`label[for="session-${event}"]`).click();
    await Promise.all([
      page.waitForURL(/\?done=enrolled$/),
      page.locator('main form button[type="submit"]', { hasText: 'Ilmoittaudu koulutukseen' }).click(),
    ]);
    assert.match(await page.locator('.notice[role="status"]').textContent(), /Olet ilmoittautunut koulutukseen/);
    assert.match(await page.locator('main').textContent(), /Sinulla on paikka\./);
  });

  it('starts the test; sent unanswered, the summary leads to the first question', async () => {
    const { page } = me;
    await Promise.all([
      page.waitForURL(/\/test$/),
      page.locator('a.button', { hasText: 'Siirry testiin' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/test$/),
      page.locator('main button[type="submit"]', { hasText: 'Aloita testi' }).click(),
    ]);
    assert.equal(await page.locator('main fieldset legend').count(), 10);
    await check(page, 'test');
    await page.locator('main button[type="submit"]', { hasText: 'Lähetä vastaukset' }).click();
    await page.waitForLoadState();
    assert.match(await page.title(), /^Virhe: /);
    assert.equal(await page.locator('.error-summary li').count(), 10);
    const first = page.locator('.error-summary a').first();
    const target = (await first.getAttribute('href')).slice(1);
    assert.equal(await page.locator('main fieldset').first().getAttribute('id'), target, 'in the order shown');
    assert.equal(await page.locator(`#${target}`).getAttribute('aria-invalid'), 'true');
    await check(page, 'test-errors');
  });

  it('answers every question right and passes: the badge is awarded', async () => {
    const { page } = me;
    const right = sqlite(srv.db, 'SELECT q.id, o.id FROM training_question q JOIN training_option o ON o.question_id = q.id WHERE q.training_id = 1 AND o.correct = 1 ORDER BY q.id, o.id;')
      .trim().split('\n').map((l) => l.split('|'));
    // The first answer with the keyboard: focus its control and press space.
    const [q0, o0] = right[0];
    await page.locator(`#q${q0}-${o0}`).focus();
    await page.keyboard.press('Space');
    assert.ok(await page.locator(`#q${q0}-${o0}`).isChecked());
    for (const [qq, o] of right.slice(1)) await page.locator(`label[for="q${qq}-${o}"]`).click();
    await Promise.all([
      page.waitForURL(/\/test\/result$/),
      page.locator('main button[type="submit"]', { hasText: 'Lähetä vastaukset' }).click(),
    ]);
    assert.match(await page.locator('.notice[role="status"]').textContent(), /Oikeita vastauksia: 10 \/ 10\.\s*Läpäisit testin\./);
    assert.equal(await page.locator('main section h2').count(), 10);
    assert.match(await page.locator('main').textContent(), /Selitys: /);
    await check(page, 'result');
    await Promise.all([
      page.waitForURL(/\/fi\/badges\/[0-9a-f-]{36}$/),
      page.locator('a', { hasText: 'Osaamismerkkisi' }).click(),
    ]);
    badgeUrl = page.url();
    assert.equal(await page.locator('h1').textContent(), 'Digituen perusteet');
    assert.match(await page.locator('main').textContent(), /Tämä merkki on voimassa\.[\s\S]*Outi Opastaja/);
  });

  it('downloads the badge baked as PNG and SVG', async () => {
    const { page } = me;
    const svg = await page.locator('a', { hasText: 'SVG' }).first().getAttribute('href');
    let res = await page.request.get(`${srv.url}${svg}`);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /<openbadges:credential verify="ey/);
    const png = await page.locator('a', { hasText: 'PNG' }).first().getAttribute('href');
    res = await page.request.get(`${srv.url}${png}`);
    assert.equal(res.status(), 200);
    const body = await res.body();
    assert.deepEqual([...body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(body.includes(Buffer.from('iTXtopenbadgecredential')), 'the credential is baked in');
  });

  it('a visitor opens the public verification page', async () => {
    const visitor = await newPage('visitor');
    try {
      const res = await visitor.page.goto(badgeUrl);
      assert.equal(res.status(), 200);
      assert.match(await visitor.page.locator('main').textContent(), /Tämä merkki on voimassa\./);
      await check(visitor.page, 'verify');
    } finally {
      await visitor.context.close();
    }
  });
});

describe('a trainer corrects a question of the test', () => {
  it('follows the edit link of a question, saves it and is back on the training with a notice', async () => {
    const u = addUser(srv, 'coordinator.learning@example.fi', 'coordinator', { name: 'Kaisa Kouluttaja' });
    const trainer = { ...u, ...(await newPage('trainer')) };
    try {
      const { page } = trainer;
      await page.goto(`${srv.url}/fi/signin`);
      await page.locator('#email').fill(trainer.email);
      await page.locator('#password').fill(trainer.password);
      await Promise.all([
        page.waitForURL((x) => x.pathname === '/fi/staff'),
        page.locator('main button[type="submit"]').click(),
      ]);
      await page.goto(`${srv.url}/fi/staff/trainings/1/edit`);
      await Promise.all([
        page.waitForURL(/\/fi\/staff\/trainings\/1\/questions\/\d+$/),
        page.locator('#questions ~ ol a', { hasText: 'Muokkaa' }).first().click(),
      ]);
      await check(page, 'question-edit');
      const field = page.locator('#q_text_fi');
      const text = await field.inputValue();
      assert.ok(text.length > 0, 'the form comes filled in');
      await field.fill(`${text} (korjattu)`);
      await Promise.all([
        page.waitForURL(/\/fi\/staff\/trainings\/1\/edit\?done=question-saved$/),
        page.locator('main form button[type="submit"]', { hasText: 'Tallenna kysymys' }).click(),
      ]);
      assert.match(await page.locator('.notice[role="status"]').textContent(), /Kysymys on tallennettu\./);
      assert.match(await page.locator('#questions ~ ol').textContent(), /\(korjattu\)/);
    } finally {
      await trainer.context.close();
    }
  });
});
