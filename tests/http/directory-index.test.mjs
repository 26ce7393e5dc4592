// The directory's search answered from memory (src/directory/
// search_index.c) against the statements it stands in for: two servers on
// the same database, one with the index, one without
// (TUKIVERKKO_DIRECTORY_INDEX=off), asked the same searches - words in
// Finnish, Swedish and English (inflections, compounds, prefixes as
// typed, folding, punctuation), every filter, open now and open at
// (across midnight and at the three-hour blocks' edges), each order
// (relevance, name, distance) and pages past the first - must give the
// same page, byte for byte but the CSP nonce.  Then a point is added:
// the index reads that point again (a patch, not a build) for the
// directory's new stamp, and the two still agree (the new point found by
// both); then the point is renamed and moved to another topic, and again.
// The same file runs on PostgreSQL in the suite http-pg, where a search by
// relevance from the index is ordered by bm25 as on SQLite and the
// statement by ts_rank(): there such a page must have the same matches
// (the count, and the same points when they fit on the page), the rest
// byte for byte.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, onPg, demoDatabaseCopy } from '../lib/server.mjs';
import { Client, SqliteShell, addUser, signIn, unique, watchWrites, cli, PASSWORD_COST } from '../lib/auth.mjs';

let withIndex;
let without;
const built = () => (withIndex.stderr().match(/directory: search index built: (\d+) points/g) ?? []).length;
const updated = () => (withIndex.stderr().match(/directory: search index updated: \d+ points read again/g) ?? []).length;

async function waitFor(pred, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const strip = (html) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'");

async function page(srv, path) {
  const res = await new Client(srv.url).get(path);
  return { status: res.status, body: strip(res.text) };
}

const hitIds = (body) => [...body.matchAll(/<h3><a href="\/(?:fi|sv|en)\/directory\/(\d+)"/g)].map((m) => m[1]);
const countOf = (body) => body.match(/<h2 id="results-title">[^<]*<\/h2>/)?.[0];

/** Whether path asks for words in order of relevance (pages.c's default
 * with words and no place). */
function byRelevance(path) {
  const q = new URL(path, 'http://x').searchParams;
  const sort = q.get('sort') ?? '';
  return (q.get('q') ?? '').trim() !== '' && (sort === 'relevance' || (sort === '' && !q.get('near')));
}

/** Asks both servers; the same status and page.  Returns the page's hits. */
async function same(path) {
  const [a, b] = await Promise.all([page(withIndex, path), page(without, path)]);
  assert.equal(a.status, b.status, path);
  if (onPg && byRelevance(path) && a.body !== b.body) {
    // bm25 against ts_rank(): the same matches, in their own order.
    assert.equal(countOf(a.body), countOf(b.body), path);
    const ia = hitIds(a.body);
    const ib = hitIds(b.body);
    assert.equal(ia.length, ib.length, path);
    if (!/page=[2-9]/.test(path) && ia.length < 20) assert.deepEqual([...ia].sort(), [...ib].sort(), path);
    return ia.length;
  }
  if (a.body !== b.body) {
    let i = 0;
    while (i < a.body.length && a.body[i] === b.body[i]) i++;
    assert.fail(`${path}: the index's page differs from the statements' at ${i}:\n` +
      `index:      ${a.body.slice(Math.max(0, i - 200), i + 300)}\nstatements: ${b.body.slice(Math.max(0, i - 200), i + 300)}`);
  }
  return [...a.body.matchAll(/<h3><a href="\/(?:fi|sv|en)\/directory\/(\d+)"/g)].length;
}

/** Helsinki's date (YYYY-MM-DD) `days` days from now. */
function helsinkiDate(days) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + days * 86400000));
}

before(async () => {
  withIndex = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  without = await startServer({ db: withIndex.db, args: ['--page-cache-ms', '0'], env: { TUKIVERKKO_DIRECTORY_INDEX: 'off' } });
  // The directory's job starts the build as the server starts (a search
  // would, too); the statements answer meanwhile.
  assert.equal((await page(withIndex, '/fi/directory?q=kirjasto')).status, 200);
  await waitFor(() => built() >= 1, 20000, 'the search index');
  assert.match(withIndex.stderr(), /search index built: (1\d\d|[2-9]\d\d|\d{4,}) points/);
});

after(async () => {
  await without?.stop();
  await withIndex?.stop();
});

const WORDS = [
  'pankkitunnukset', 'pankkitunnuksilla', 'tunnukset', 'pankki', 'kirjasto', 'kirjastossa', 'kirjastot',
  'biblioteket', 'bibliotek', 'library', 'libraries', 'bank', 'bankkoder', 'digituki', 'digi', 'tuki',
  'älypuhelin', 'puhelimen', 'telefon', 'phone', 'sähköposti', 'e-post', 'email', 'verkkopankki',
  'mobiilivarmenne', 'Suomi.fi', 'kela', 'seniorit', 'ikäihmisille', 'tietokone', 'dator', 'computer help',
  'hjälp med datorn', 'apua laitteen käyttöön', 'Espoo', 'Helsingin', 'Porvoo', 'Borgå', 'p', 'pa', 'pan',
  'ki', 'kirj', 'ta', 'å', 'ÄÄKKÖSET', 'Cafe', 'café', 'NEUVONTA', 'neuvontaa', 'palvelupiste',
  'ajanvaraus', 'drop-in', 'vertaistuki', 'kotikäynti', 'etsi apua', 'zzzyyqx', '!!!', '"pankki"', "pan'ki",
  'a b c d e f g h i j k l m n o p q r', 'kirjasto pankki tunnukset',
];

const FILTERS = [
  {}, { municipality: '091' }, { topic: 'banking' }, { language: 'sv' }, { language: 'fi' },
  { form: 'drop-in' }, { need: 'wheelchair' }, { need: 'hearing' }, { topic: 'identification', language: 'fi' },
  { municipality: '049', topic: 'device-basics' }, { need: 'vision', language: 'en' }, { need: 'walking', form: 'appointment' },
];

describe('the same answers from memory as from the statements', () => {
  it('words in each language, with each filter and order', async () => {
    let withHits = 0;
    let n = 0;
    for (const [i, q] of WORDS.entries()) {
      const lang = ['fi', 'sv', 'en'][i % 3];
      const f = FILTERS[i % FILTERS.length];
      const sort = ['', 'relevance', 'name', 'distance'][i % 4];
      const query = { q, ...f };
      if (sort) query.sort = sort;
      if (sort === 'distance' || i % 5 === 0) query.near = i % 2 ? 'Porvoo' : '00100';
      const hits = await same(`/${lang}/directory?${new URLSearchParams(query)}`);
      if (hits > 0) withHits++;
      n++;
      // The same words without filters, on the Finnish page.
      if (Object.keys(f).length) await same(`/fi/directory?${new URLSearchParams({ q })}`);
    }
    assert.ok(withHits > n / 2, `only ${withHits} of ${n} searches found something`);
  });

  it('every filter without words, in name and distance order, and the pages past the first', async () => {
    for (const f of FILTERS) {
      for (const extra of [{}, { sort: 'name' }, { near: 'Porvoo' }, { page: '2' }]) {
        const path = `/fi/directory?${new URLSearchParams({ ...f, ...extra })}`;
        const res = await page(withIndex, path);
        if (res.status === 404) continue; // no second page
        await same(path);
      }
    }
    for (const p of ['1', '2', '3', '5']) await same(`/fi/directory?${new URLSearchParams({ q: 'tuki', page: p })}`);
    for (const p of ['1', '2']) await same(`/sv/directory?${new URLSearchParams({ q: 'a', sort: 'name', page: p })}`);
  });

  it('open now and open at, at the blocks\' edges and across midnight', async () => {
    let open = 0;
    for (const q of ['', 'kirjasto', 'pankkitunnukset', 'digi']) {
      await same(`/fi/directory?${new URLSearchParams({ q, open: 'now' })}`);
      for (const days of [1, 2, 5, 9]) {
        for (const time of ['00:00', '00:30', '02:59', '03:00', '08:59', '09:00', '12:15', '16:00', '17:59', '21:00', '23:59']) {
          const hits = await same(`/fi/directory?${new URLSearchParams({ q, open: 'at', date: helsinkiDate(days), time, topic: days === 5 ? 'banking' : '' })}`);
          if (hits > 0) open++;
        }
      }
    }
    assert.ok(open > 20, `only ${open} open-at searches found something`);
  });
});

describe('after a change', () => {
  it('reads the points written again (a patch) and answers as the statements do', async () => {
    const u = addUser(withIndex, `coord.${unique('ix')}@example.fi`, 'coordinator', { name: 'The coordinator' });
    const c = await signIn(withIndex.url, u.email, u.password);
    const word = `Zebrakahvila${unique('w').replace(/[^a-z]/gi, '')}`;
    const fields = {
      name_fi: `${word} digituki`, status: 'active', municipality: '091', street: 'Testikatu 1', postcode: '00100',
      post_office: 'Helsinki', lat: '60.17', lon: '24.94', languages: 'fi, sv', topic: 'banking', support_form: 'drop-in',
      fact_loop: '1', exceptions: '',
    };
    for (let d = 1; d <= 7; d++) { fields[`week_${d}`] = d < 6 ? '8-20' : ''; fields[`appt_${d}`] = ''; }
    const builds = built();
    let before = updated();
    const res = await c.post('/fi/staff/directory', fields);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const id = res.headers.location.match(/directory\/(\d+)/)[1];
    // Until the patch is in, the statements answer: never the old
    // index's page.
    const hits = await same(`/fi/directory?${new URLSearchParams({ q: word })}`);
    assert.equal(hits, 1);
    await waitFor(async () => { await page(withIndex, '/fi/directory?q=digi'); return updated() > before; }, 20000, 'the patch');
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: word.slice(0, 8) })}`), 1);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: word, municipality: '091' })}`), 1);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: word, topic: 'banking', open: 'at', date: helsinkiDate(7 - new Date().getDay() + 1), time: '12:00' })}`), 1);
    await same('/fi/directory?q=digituki&sort=name');
    await same('/fi/directory?topic=banking&sort=name');

    // The same point renamed, in another topic and municipality, closed
    // at noon: the old word and filters no longer find it.
    const renamed = `Yakkahvila${unique('r').replace(/[^a-z]/gi, '')}`;
    before = updated();
    const upd = await c.post(`/fi/staff/directory/${id}`, {
      ...fields, name_fi: `${renamed} neuvonta`, municipality: '049', topic: 'identification', week_1: '16-20',
      week_2: '16-20', week_3: '16-20', week_4: '16-20', week_5: '16-20',
    });
    assert.equal(upd.status, 303, upd.text.slice(0, 2000));
    await waitFor(async () => { await page(withIndex, '/fi/directory?q=digi'); return updated() > before; }, 20000, 'the second patch');
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: word })}`), 0);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: renamed })}`), 1);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: renamed, municipality: '049', topic: 'identification' })}`), 1);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: renamed, municipality: '091' })}`), 0);
    assert.equal(await same(`/fi/directory?${new URLSearchParams({ q: renamed, open: 'at', date: helsinkiDate(7 - new Date().getDay() + 1), time: '12:00' })}`), 0);
    await same('/fi/directory?q=neuvonta&sort=name');
    await same('/fi/directory?topic=identification&municipality=049');
    await same('/fi/directory?q=kirjasto');
    // Patches, not builds.
    assert.equal(built(), builds);
  });
});

// Past the count's cap (DIR_COUNT_MAX, "over 1,000"): a list without
// words walks the points in the language's name order and stops once its
// page is full and its count has passed the cap (search_index.c,
// by_name()).  With 1,200 more points the walk stops early; its pages,
// the last one's and the count must still be the statements'.
describe('a list past the count\'s cap', () => {
  it('gives the statements\' pages and count with 1,200 more points', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dix-cap-'));
    const copy = demoDatabaseCopy(dir, withIndex.bin);
    let a;
    let b;
    try {
      cli(withIndex.bin, ['demo', '--db', copy.db, ...PASSWORD_COST, '--service-points', '1200']);
      a = await startServer({ db: copy.db, args: ['--page-cache-ms', '0'] });
      b = await startServer({ db: copy.db, args: ['--page-cache-ms', '0'], env: { TUKIVERKKO_DIRECTORY_INDEX: 'off' } });
      const builtHere = () => /directory: search index built: (\d+) points/.exec(a.stderr())?.[1];
      await waitFor(async () => builtHere() !== undefined, 20000, 'the search index');
      assert.ok(Number(builtHere()) > 1300, builtHere());
      for (const p of ['/fi/directory', '/sv/directory?page=2', '/en/directory?page=50', '/fi/directory?page=51',
        '/fi/directory?language=sv', '/sv/directory?topic=banking&page=3', '/fi/directory?municipality=091',
        '/en/directory?need=wheelchair&sort=name']) {
        const [x, y] = await Promise.all([page(a, p), page(b, p)]);
        assert.equal(x.status, y.status, p);
        assert.equal(x.body, y.body, p);
      }
      assert.match((await page(a, '/fi/directory')).body, /1[\s\u00a0]000/);
    } finally {
      await b?.stop();
      await a?.stop();
      copy.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// An empty directory builds an empty index: its term list is NULL, which
// qsort() must not be given (UBSan, under the http-asan suite); and a
// server stopped at once after a search still has a build under way,
// which it waits for before it exits (stop() fails on a crash at exit).
describe('an empty directory', () => {
  it('is searched, and the server stops cleanly with a build under way', async () => {
    const srv = await startServer({ demo: false });
    try {
      for (const q of ['', 'pankkitunnus']) {
        const res = await new Client(srv.url).req(`/fi/directory?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200, `search "${q}"`);
      }
    } finally {
      await srv.stop();
    }
  });
});

// The directory's job writes only when something changed, and a day's
// move changes only what is derived from the hours: each point's window
// of open hours (service_point_open, open_from_day) and its open hours'
// terms, which every "a GET writes nothing" check leaves out
// (tests/lib/auth.mjs).  The stamp (0033) and the points' index_stamp
// (0036) stay: moved on by the refresh, they made each server's first run
// after midnight a write of every point, which failed the authz matrix on
// PostgreSQL in a run across midnight.  The index sees the move by the
// smallest open_from_day.  The runs after the move find nothing to do.
// The jobs run as a server starts and as it stops; the index's first
// build, begun by the job at the end of its first run, says that run is
// over.
describe('the job between changes', () => {
  it('moves the day on without a write of the directory\'s own data, then writes nothing', async () => {
    const firstRun = (srv) => waitFor(() => /search index built/.test(srv.stderr()), 20000, 'the job\'s first run');
    const first = await startServer({ args: PASSWORD_COST });
    const shell = new SqliteShell(first.db);
    let second = null;
    try {
      await firstRun(first);
      // A window from yesterday, as in a copy of the database made the
      // day before.
      const day = Number(await shell.value('SELECT min(open_from_day) FROM service_point;'));
      await shell.query('UPDATE service_point SET open_from_day = open_from_day - 1;');
      const stamp = await shell.value('SELECT stamp FROM directory_count;');
      const watch = await watchWrites(shell);
      await first.stop({ keepDir: true });
      second = await startServer({ db: first.db, args: PASSWORD_COST });
      await firstRun(second);
      await second.stop();
      const { diff } = await watch.changes();
      assert.equal(diff, '', 'the day\'s move or the runs after it wrote');
      assert.equal(Number(await shell.value('SELECT min(open_from_day) FROM service_point;')), day, 'the day moved on');
      assert.equal(await shell.value('SELECT stamp FROM directory_count;'), stamp);
    } finally {
      await second?.stop();
      await first.stop();
      await shell.close();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
