#!/usr/bin/env node
// The screenshots of the README's tour (docs/tour/*.png), taken in Debian's
// Chromium on a fresh demo database, signed in with the demo accounts as
// the README tells a visitor to do. Run it after `make build`:
//
//   node scripts/tour.mjs          (or: make tour)
//
// It starts its own server on a free loopback port with a temporary
// database (tests/lib/server.mjs), so var/ is not touched. The pictures
// are 1200 x 800 (phone: 390 x 760) and show the first screen of each
// page, as a visitor sees it on arrival.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from '../tests/lib/server.mjs';
import { cli, sqlite } from '../tests/lib/auth.mjs';
import { launchBrowser } from '../tests/lib/browser.mjs';

const out = path.join(repoRoot, 'docs', 'tour');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-tour-'));
const db = path.join(work, 'tour.db');
const demo = cli(undefined, ['demo', '--db', db, '--password-cost', 'interactive']).stdout;
const password = (email) => new RegExp(`${email.replace(/\./g, '\\.')} +password (\\S+)`).exec(demo)[1];
const srv = await startServer({ db, args: ['--password-cost', 'interactive', '--page-cache-ms', '0'] });
const browser = await launchBrowser();

async function visitor(width = 1200, height = 800) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

async function signedIn(email) {
  const page = await visitor();
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password(email));
  await Promise.all([page.waitForURL((u) => u.pathname === '/fi/staff'), page.locator('main button[type="submit"]').click()]);
  return page;
}

async function shot(page, url, name, { selector } = {}) {
  await page.goto(`${srv.url}${url}`);
  if (selector) await page.locator(selector).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`docs/tour/${name}.png  ${url}`);
}

try {
  const resident = await visitor();
  await shot(resident, '/fi/', '01-front-page');
  const meeting = sqlite(db, "SELECT id FROM event WHERE title_fi LIKE 'Digitukiverkoston tapaaminen%';").trim();
  await shot(resident, `/fi/events/${meeting}`, '02-event');
  const phone = await visitor(390, 760);
  await shot(phone, '/fi/municipalities/611', '03-municipality-phone');

  const coordinator = await signedIn('coordinator@example.fi');
  await shot(coordinator, '/fi/staff', '04-coordinator-home');
  await shot(coordinator, '/fi/programme/view', '05-network-view');
  await shot(coordinator, `/fi/events/${meeting}/cancel`, '06-confirm-cancel');

  const tutor = await signedIn('tutor.helsinki@example.fi');
  await shot(tutor, '/fi/staff', '07-tutor-home');

  const municipal = await signedIn('pornainen@example.fi');
  const year = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());
  await shot(municipal, `/fi/workspaces/${year}/611`, '08-workspace');

  await shot(phone, '/fi/directory?q=pankkitunnukset', '09-directory-phone', { selector: '#results-title' });
  const supporter = await signedIn('tuki.pornainen@example.fi');
  await supporter.setViewportSize({ width: 390, height: 760 });
  await shot(supporter, '/fi/staff/encounters', '10-encounter-log-phone');
  await shot(coordinator, '/fi/staff/statistics', '11-statistics');
  const award = sqlite(db, 'SELECT uuid FROM badge_award WHERE revoked_at IS NULL ORDER BY id LIMIT 1;').trim();
  await shot(resident, `/fi/badges/${award}`, '12-badge');
} finally {
  await browser.close();
  await srv.stop();
  rmSync(work, { recursive: true, force: true });
}
