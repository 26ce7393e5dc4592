// The public lists with a full page (issue 13): what a list row shows is
// read and formatted in batches per page (the news posts' versions in one
// statement, each event's times read once, the library's lean card rows),
// and must say exactly what the item's own page says. Compared page with
// page, not with the code's internals, on the demo data plus one scale unit
// (`tukiverkko demo --scale 1`: 100 events, 100 materials, 20 news posts,
// 100 service points),
// so every list is a full page. Both backends.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, serverBin, request, isPgTarget } from '../lib/server.mjs';

let srv, demoPoints, firstDir;

const hsdsTotal = async (url) => JSON.parse((await request(`${url}/api/hsds/services`)).text).total_items;

before(async () => {
  // The demo database, filled up by the scale generator while no server
  // runs on it, then served.
  const first = await startServer();
  demoPoints = await hsdsTotal(first.url);
  await first.stop({ keepDir: true });
  firstDir = first.dir;
  const r = spawnSync(serverBin(), ['demo', '--db', first.db, '--scale', '1'],
    { encoding: 'utf8', timeout: 120000, env: { ...process.env, ...(isPgTarget(first.db) ? { TUKIVERKKO_FILES_DIR: `${first.dir}/files` } : {}) } });
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db: first.db });
});

after(async () => {
  await srv?.stop();
  // The first server's directory, kept for the generator and the restart.
  if (firstDir) rmSync(firstDir, { recursive: true, force: true });
});

describe('the scale generator', () => {
  it('adds a unit\'s 100 service points to the directory, listed in its open data', async () => {
    assert.ok(demoPoints > 0);
    assert.equal(await hsdsTotal(srv.url), demoPoints + 100);
  });
});

const get = async (p) => {
  const res = await request(`${srv.url}${p}`);
  assert.equal(res.status, 200, `${p}: ${res.status}`);
  return res.text;
};
const all = (re, s) => [...s.matchAll(re)];
const strip = (s) => s.replace(/<[^>]+>/g, '').trim();

describe('the news list', () => {
  it('shows each post of a full page with its own page\'s title, lead and date, in each language', async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const list = await get(`/${lang}/news`);
      const items = all(/<li class="news-list__item"[^>]*>\s*<h2><a href="(\/[a-z]{2}\/news\/\d+)">([^<]*)<\/a><\/h2>\s*<p class="news-list__date"><time datetime="([^"]+)"[^>]*>([^<]*)<\/time><\/p>\s*(?:<p>([^<]*)<\/p>)?/g, list);
      assert.equal(items.length, 10, `/${lang}/news shows a full page`);
      assert.equal(new Set(items.map((m) => m[1])).size, 10, 'ten different posts');
      for (const [, href, title, iso, date, lead] of items) {
        const page = await get(href);
        const h1 = page.match(/<h1>([^<]*)<\/h1>/)[1];
        assert.equal(title, h1, `${href}: the list's title is the post's`);
        const pageLead = page.match(/<p class="news-post__lead">([^<]*)<\/p>/);
        assert.equal(lead ?? null, pageLead ? pageLead[1] : null, `${href}: the lead`);
        assert.match(page, new RegExp(`<time datetime="${iso}">${date.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</time>`), `${href}: the date`);
      }
    }
  });
});

describe('the events list and archive', () => {
  it('show each event of a full page with its own page\'s title, time and languages', async () => {
    for (const p of ['/fi/events', '/sv/events/archive', '/en/events']) {
      const list = await get(p);
      const rows = list.split('<li class="event">').slice(1);
      // A scale unit has a year of upcoming events (some of them drafts
      // or for staff) and three of past ones: the archive is a full page.
      if (p.includes('archive')) assert.equal(rows.length, 20, `${p} shows a full page`);
      else assert.ok(rows.length >= 10, `${p} shows many rows: ${rows.length}`);
      for (const row of rows) {
        const href = row.match(/<h2><a href="(\/[a-z]{2}\/events\/\d+)">/)[1];
        const title = strip(row.match(/<h2>(.*?)<\/h2>/s)[1]);
        const when = row.match(/<time datetime="[^"]+">[^<]*<\/time>/)[0];
        const page = await get(href);
        assert.equal(strip(page.match(/<h1[^>]*>(.*?)<\/h1>/s)[1]), title, `${href}: the title`);
        assert.ok(page.includes(when), `${href}: the time ${when}`);
        // The languages row, between the type and what follows it.
        const listLangs = row.match(/<dd>([^<]*)<\/dd><\/div>\s*<div><dt>[^<]*<\/dt><dd>([^<]*)<\/dd>/)[2];
        assert.ok(page.includes(`<dd>${listLangs}</dd>`), `${href}: the languages ${listLangs}`);
      }
    }
  });
});

describe('the materials library', () => {
  it('shows each card of a full page with its material page\'s title, type and size', async () => {
    const list = await get('/fi/materials');
    const cards = list.split('<li class="card">').slice(1);
    assert.equal(cards.length, 20, 'a full page');
    for (const card of cards) {
      const [, href, title] = card.match(/<a href="(\/fi\/materials\/\d+)"[^>]*>([^<]*)<\/a>/);
      const facts = card.match(/<p class="card__meta">([^<]*)<\/p>/)[1].split(' · ');
      const page = await get(href);
      assert.equal(page.match(/<h1[^>]*>([^<]*)<\/h1>/)[1], title, `${href}: the title`);
      assert.ok(page.includes(`<dd>${facts[0]}</dd>`), `${href}: the type ${facts[0]}`);
      if (facts.length === 4) assert.ok(page.includes(`<dd>${facts[2]}</dd>`), `${href}: the size ${facts[2]}`);
    }
  });

  it('offers the 20 events of the newest materials, each with materials of its own', async () => {
    const list = await get('/fi/materials');
    const select = list.match(/<select id="event" name="event">(.*?)<\/select>/s)[1];
    const ids = all(/<option value="(\d+)"/g, select).map((m) => m[1]);
    assert.equal(ids.length, 20, 'twenty choices at this size');
    for (const id of ids) {
      const page = await get(`/fi/materials?event=${id}`);
      assert.ok(page.includes('<li class="card">'), `event ${id} has materials in the library`);
    }
  });
});
