// The sparring journey in Debian's Chromium: a tutor of Helsinki records a
// session and two concrete actions in Pornainen's 2021 workspace; the
// municipal coordinator of Pornainen marks one of them done; the network
// coordinator's network view then counts it among the done actions, in the
// figures, the status table and Pornainen's row. axe (WCAG 2.1 A/AA)
// checks the workspace page and the network view on the way. Each person
// has a browser context of their own and signs in through the form.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';

const WS = '/fi/workspaces/2021/611';
const FIRST = 'Kirjaston digituen ajanvaraus verkkoon';
const SECOND = 'Digituen esite kotiin jaettavaksi';

let srv;
let browser;
let period;		// id of the 2021 period
const people = {};	// role -> { email, password, name, context, page }
const problems = [];

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  period = Number(sqlite(srv.db, "SELECT p.id FROM programme_period p JOIN region r ON r.id = p.region_id WHERE r.code = 'uusimaa' AND p.year = 2021;").trim());
  // The workspace exists in the demo data; a demo without it gets one,
  // as adding the tutor assignment would make it.
  sqlite(srv.db, `INSERT INTO workspace (period_id, municipality_code) VALUES (${period}, '611') ON CONFLICT DO NOTHING;`);
  browser = await launchBrowser();
  const specs = {
    tutor: ['tutor', { scopes: ['611'], name: 'Tiina Tutor' }],
    municipal: ['municipal-coordinator', { municipality: '611', name: 'Maija Kunta' }],
    coordinator: ['coordinator', { name: 'Kalle Koordinaattori' }],
  };
  for (const [role, [stored, opts]] of Object.entries(specs)) {
    const u = addUser(srv, `${role}.sparring@example.fi`, stored, opts);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => problems.push(`${role}: script error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.url) && !/^(data|about):/.test(r.url())) problems.push(`${role}: request outside: ${r.url()}`);
    });
    people[role] = { ...u, name: opts.name, context, page };
  }
});

after(async () => {
  for (const p of Object.values(people)) await p.context?.close();
  await browser?.close();
  await srv?.stop();
});

async function axe(page, name) {
  await screenshot(page, `sparring-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

async function signInAs(role) {
  const { page, email, password } = people[role];
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/fi/staff'),
    page.locator('main button[type="submit"]').click(),
  ]);
}

/** Submits the form of `button` and waits for the redirect back to the workspace. */
async function submitTo(page, button) {
  // The next page's load event: waitForURL alone would return at once when
  // the page is already on the workspace with a notice (the submit before
  // this one), and the checks would read the old page.
  await Promise.all([page.waitForEvent('load'), button.click()]);
  const u = new URL(page.url());
  assert.ok(u.pathname === WS && u.search.length > 0, page.url());
  assert.equal(await page.locator('.error-summary').count(), 0, 'no form error');
}

/** The network view's figures: done, actions, and Pornainen's row. */
async function viewFigures(page) {
  const res = await page.goto(`${srv.url}/fi/programme/view?period=${period}`);
  assert.equal(res.status(), 200);
  const text = async (sel) => (await page.locator(sel).textContent()).trim();
  const row = (await page.locator('#actions-table tr[data-code="611"] td').allTextContents()).map((t) => Number(t.trim()));
  return {
    done: Number(await text('#fact-done')),
    actions: Number(await text('#fact-actions')),
    doneRow: Number(await text('#status-table tr[data-status="done"] td')),
    pornainen: row,		// planned, in progress, done, dropped, all, overdue
  };
}

let before0;

describe('sparring journey: a session and two actions, one marked done, seen in the network view', () => {
  it('the coordinator notes the figures of 2021 before', async () => {
    await signInAs('coordinator');
    before0 = await viewFigures(people.coordinator.page);
    assert.equal(before0.done, before0.doneRow);
  });

  it("the tutor opens Pornainen's workspace; it has no accessibility violations", async () => {
    await signInAs('tutor');
    const { page } = people.tutor;
    const res = await page.goto(srv.url + WS);
    assert.equal(res.status(), 200);
    assert.match((await page.locator('h1').textContent()), /Pornainen/);
    await axe(page, 'workspace');
  });

  it('the tutor records a session', async () => {
    const { page } = people.tutor;
    const before = await page.locator('#sessions article').count();
    await page.locator('#snew-date').locator('xpath=ancestor::details').locator('summary').click();
    await page.locator('#snew-date').fill('2021-10-20');
    await page.locator('#snew-time').fill('14:30');
    await page.locator('#snew-mode-remote').check();
    await page.locator('#snew-place').fill('Teams');
    await page.locator('#snew-participants').fill('Tiina Tutor, Helsinki\nMaija Kunta, Pornainen');
    await page.locator('#snew-agenda').fill('- Ajanvaraus\n- Esite');
    await page.locator('#snew-notes').fill('Sovittiin kahdesta toimenpiteestä.');
    await submitTo(page, page.locator('#snew-date').locator('xpath=ancestor::form').locator('button[type="submit"]'));
    assert.equal(await page.locator('#sessions article').count(), before + 1);
    assert.ok((await page.locator('#sessions').textContent()).includes('20.10.2021'));
  });

  it('the tutor adds two actions agreed in it, owned by the municipal coordinator', async () => {
    const { page } = people.tutor;
    for (const [title, due] of [[FIRST, '2021-11-30'], [SECOND, '2021-12-15']]) {
      await page.locator('#anew-title').locator('xpath=ancestor::details').locator('summary').click();
      await page.locator('#anew-title').fill(title);
      const owner = page.locator('#anew-owner option', { hasText: people.municipal.name });
      assert.equal(await owner.count(), 1, 'the municipal coordinator can own the action');
      await page.locator('#anew-owner').selectOption(await owner.getAttribute('value'));
      await page.locator('#anew-due').fill(due);
      const session = page.locator('#anew-session option', { hasText: '20.10.2021' });
      await page.locator('#anew-session').selectOption(await session.getAttribute('value'));
      await submitTo(page, page.locator('#anew-title').locator('xpath=ancestor::form').locator('button[type="submit"]'));
      assert.equal(await page.locator('#actions article h3', { hasText: title }).count(), 1, `${title} is listed`);
    }
  });

  it('the municipal coordinator marks the first one done', async () => {
    await signInAs('municipal');
    const { page } = people.municipal;
    await page.goto(srv.url + WS);
    const article = page.locator('#actions article', { has: page.locator('h3', { hasText: FIRST }) });
    assert.equal(await article.count(), 1);
    assert.ok((await article.textContent()).includes(people.municipal.name), 'she owns it');
    await article.locator('summary').click();
    await article.locator('select[name="status"]').selectOption('done');
    await submitTo(page, article.locator('button[type="submit"]'));
    const after = page.locator('#actions article', { has: page.locator('h3', { hasText: FIRST }) });
    assert.match(await after.textContent(), /Valmis/);
    assert.match(await after.textContent(), /100 %/);
    const second = page.locator('#actions article', { has: page.locator('h3', { hasText: SECOND }) });
    assert.match(await second.textContent(), /Suunniteltu/);
  });

  it("the coordinator's network view counts it done; the view has no accessibility violations", async () => {
    const { page } = people.coordinator;
    const now = await viewFigures(page);
    assert.equal(now.actions, before0.actions + 2, 'two more actions');
    assert.equal(now.done, before0.done + 1, 'one more done (figures)');
    assert.equal(now.doneRow, before0.doneRow + 1, 'one more done (status table)');
    // Pornainen's row: +1 planned (the second), +1 done (the first), +2 all.
    const d = now.pornainen.map((n, i) => n - before0.pornainen[i]);
    assert.deepEqual(d.slice(0, 5), [1, 0, 1, 0, 2]);
    // The chart says it too, in text.
    const desc = await page.locator('svg[aria-labelledby="chart-status-t chart-status-d"] desc').textContent();
    assert.match(desc, new RegExp(`\\b${now.done} valmis`));
    await axe(page, 'network-view');
  });

  it('the network view is not for the tutor; the export is, for Pornainen only', async () => {
    const { page } = people.tutor;
    const res = await page.goto(`${srv.url}/fi/programme/view?period=${period}`);
    assert.equal(res.status(), 403);
    const csv = await page.request.get(`${srv.url}/fi/programme/export/actions.csv?period=${period}`);
    assert.equal(csv.status(), 200);
    const text = await csv.text();
    assert.ok(text.includes(FIRST) && text.includes(SECOND));
    assert.ok(!text.includes(',858,') && !text.includes(',224,'), 'no other municipality');
    assert.deepEqual(problems, []);
  });
});
