// The command line: help and version, configuration precedence and errors,
// migrate, demo, import (all or nothing, line numbers), backup while the
// server is serving, and how a change from another process reaches the
// page cache.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request, serverBin, repoRoot, onPg, copyDemoDatabase } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

const bin = serverBin();
let dir;
before(() => { dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-cli-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, { env = {} } = {}) {
  const r = spawnSync(bin, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60000,
    env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const sql = (db, query) => sqlite(db, query).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('help and version', () => {
  it('--help lists every command and option, exit 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const w of ['serve', 'migrate', 'demo', 'import municipalities', 'backup DEST',
      '--config', '--db', '--listen', '--static', '--data', '--threads', '--body-max',
      '--timeout', '--access-log', '--behind-tls-proxy', '--page-cache-ms', '--region']) {
      assert.ok(r.out.includes(w), `--help mentions ${w}`);
    }
  });
  it('--version prints the version', () => {
    const r = run(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^tukiverkko \d+\.\d+\.\d+\n$/);
  });
  it('refuses an unknown command or option with usage, exit 2', () => {
    assert.equal(run(['frobnicate']).code, 2);
    assert.match(run(['frobnicate']).err, /unknown command 'frobnicate'/);
    assert.equal(run(['--nope', 'serve']).code, 2);
    assert.equal(run([]).code, 2);
  });
});

describe('configuration', () => {
  it('reports a bad config line with file and line number', () => {
    const f = path.join(dir, 'bad.conf');
    writeFileSync(f, '# comment\nlisten = 127.0.0.1:1\nthreads = many\n');
    const r = run(['--config', f, 'migrate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.conf:3: threads: threads must be a number/);
    writeFileSync(f, 'colour = blue\n');
    assert.match(run(['--config', f, 'migrate']).err, /bad\.conf:1: colour: unknown setting/);
    writeFileSync(f, 'just words\n');
    assert.match(run(['--config', f, 'migrate']).err, /bad\.conf:1: expected key = value/);
  });
  it('takes the database from the file, the environment over the file, the option over both', () => {
    const f = path.join(dir, 'good.conf');
    const a = path.join(dir, 'a.db'), b = path.join(dir, 'b.db'), c = path.join(dir, 'c.db');
    writeFileSync(f, `database = ${a}   # the file's choice\n`);
    assert.equal(run(['--config', f, 'migrate']).code, 0);
    assert.ok(existsSync(a));
    assert.equal(run(['--config', f, 'migrate'], { env: { TUKIVERKKO_DATABASE: b } }).code, 0);
    assert.ok(existsSync(b));
    assert.equal(run(['--config', f, 'migrate', '--db', c], { env: { TUKIVERKKO_DATABASE: b } }).code, 0);
    assert.ok(existsSync(c));
    const bad = run(['migrate'], { env: { TUKIVERKKO_ACCESS_LOG: 'sometimes' } });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /TUKIVERKKO_ACCESS_LOG: access_log must be on or off/);
  });
});

describe('migrate, demo, import', () => {
  it('migrate creates the schema once; demo loads once', () => {
    const db = path.join(dir, 'm.db');
    let r = run(['migrate', '--db', db]);
    assert.equal(r.code, 0);
    assert.match(r.out, /schema version \d+/);
    r = run(['migrate', '--db', db]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.err, /applied/);
    r = run(['demo', '--db', db, '--password-cost', 'test']);
    assert.equal(r.code, 0);
    // The demo accounts with their passwords, then the summary line.
    assert.match(r.out, /^demo accounts:\n(  \S+@example\.fi +password [A-Za-z0-9_-]{16}  \(\S+\)\n){5}demo data loaded\n$/);
    r = run(['demo', '--db', db]);
    assert.equal(r.out.trim(), 'demo data is already loaded');
    assert.equal(sql(db, 'SELECT count(*) FROM municipality'), '26');
    // 2019-2021 of the seed, and this year's under way (demo/live.sql).
    assert.equal(sql(db, 'SELECT count(*) FROM programme_period'), '4');
  });

  it('demo says where the reference data is missing and writes nothing', () => {
    const db = path.join(dir, 'nodata.db');
    const r = run(['demo', '--db', db, '--data', path.join(dir, 'nowhere')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read .*nowhere\/uusimaa-municipalities\.csv/);
    assert.equal(sql(db, 'SELECT count(*) FROM region'), '0');
  });

  it('imports municipalities; a bad row names its line and nothing is imported', () => {
    const db = path.join(dir, 'i.db');
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, '\ufeffcode,name_fi,name_sv,language_status\r\n018,Askola,Askola,fi\r\n' +
      '"049","Espoo","Esbo","fi+sv"\r\n');
    let r = run(['import', 'municipalities', good, '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), 'imported 2 municipalities');
    const cases = [
      ['code,name_fi,name_sv,language_status\n092,Vantaa,Vanda,fi+sv\n1x1,X,X,fi\n', /line 3: the code must be three digits/],
      ['code,name_fi,name_sv,language_status\n092,Vantaa,Vanda,latin\n', /line 2: language_status must be/],
      ['code,name_fi,language_status\n092,Vantaa,fi\n', /line 1: the header has no column "name_sv"/],
      ['code,name_fi,name_sv,language_status,centre_lat\n092,Vantaa,Vanda,fi,91\n', /line 2: centre_lat/],
      ['code,name_fi,name_sv,language_status\n092,"Vantaa,Vanda,fi\n', /line 2: broken CSV/],
      ['code,name_fi,name_sv,language_status\n092,Vant\xe4\xe4,Vanda,fi\n', /not UTF-8/],
    ];
    for (const [text, re] of cases) {
      const f = path.join(dir, 'bad.csv');
      writeFileSync(f, Buffer.from(text, 'latin1'));
      r = run(['import', 'municipalities', f, '--db', db]);
      assert.equal(r.code, 1, text);
      assert.match(r.err, re, text);
      assert.match(r.err, /nothing was imported/);
      assert.equal(sql(db, 'SELECT count(*) FROM municipality'), '2', 'all or nothing');
    }
    assert.equal(run(['import', 'municipalities', path.join(dir, 'missing.csv'), '--db', db]).code, 1);
    assert.equal(run(['import', 'people', good, '--db', db]).code, 2);
  });
});

describe('user commands', () => {
  it('adds, changes and erases accounts; refuses bad input', () => {
    const db = path.join(dir, 'users.db');
    // The demo's data, not its loading (tested above): a copy.
    copyDemoDatabase(db, bin);
    let r = run(['user', 'add', 'Tutor@Example.fi', '--role', 'tutor', '--scope', '611', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^invitation link \(valid 7 days\): http:\/\/127\.0\.0\.1:8080\/fi\/password\/set\?token=[A-Za-z0-9_-]{43}\n$/);
    // (The demo has accounts of its own: only this one is looked at.)
    const tid = sql(db, "SELECT id FROM account WHERE email = 'tutor@example.fi'");
    assert.equal(sql(db, `SELECT email, role FROM account WHERE id = ${tid}`), 'tutor@example.fi|tutor');
    assert.equal(sql(db, `SELECT ref FROM account_scope WHERE account_id = ${tid}`), '611');
    r = run(['user', 'add', 'tutor@example.fi', '--role', 'tutor', '--scope', '611', '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.err, /an account with that address exists/);
    assert.match(run(['user', 'add', 'x@example.fi', '--role', 'tutor', '--db', db]).err, /needs at least one municipality/);
    assert.equal(run(['user', 'add', 'x@example.fi', '--role', 'king', '--db', db]).code, 2);
    assert.match(run(['user', 'add', 'not-an-address', '--role', 'admin', '--db', db]).err, /not an e-mail address/);
    r = run(['user', 'set-role', 'tutor@example.fi', '--role', 'municipal-coordinator', '--municipality', '858', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(sql(db, `SELECT role, municipality_code FROM account WHERE id = ${tid}`), 'municipal-coordinator|858');
    assert.equal(sql(db, "SELECT count(*) FROM audit_log WHERE address = 'cli'"), '2');
    r = run(['user', 'erase', 'tutor@example.fi', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(sql(db, `SELECT count(*) FROM account WHERE id = ${tid} AND (email LIKE '%tutor%' OR name <> '')`), '0');
    assert.equal(run(['user', 'erase', 'tutor@example.fi', '--db', db]).code, 1);
  });
});

describe('user commands: regions follow municipalities (#11 item 12)', () => {
  it('takes the region from the municipality and refuses contradictions, writing nothing', () => {
    const db = path.join(dir, 'regions.db');
    // The demo's data, not its loading (tested above): a copy.
    copyDemoDatabase(db, bin);
    sql(db, "INSERT INTO region (code, name_fi) VALUES ('pirkanmaa', 'Pirkanmaa'); " +
      "INSERT INTO municipality (code, region_id, name_fi, name_sv, language_status) " +
      "SELECT '837', id, 'Tampere', 'Tammerfors', 'fi' FROM region WHERE code = 'pirkanmaa'");
    const pirkanmaa = sql(db, "SELECT id FROM region WHERE code = 'pirkanmaa'");
    const accounts = () => sql(db, 'SELECT count(*) FROM account');
    const before = accounts();

    let r = run(['user', 'add', 'tre@example.fi', '--role', 'municipal-coordinator', '--municipality', '837', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(sql(db, "SELECT region_id FROM account WHERE email = 'tre@example.fi'"), pirkanmaa);

    for (const args of [
      ['--role', 'municipal-coordinator', '--municipality', '837', '--region', 'uusimaa'],
      ['--role', 'municipal-coordinator', '--municipality', '853'],
      ['--role', 'tutor', '--scope', '091', '--scope', '837'],
    ]) {
      r = run(['user', 'add', 'refused@example.fi', ...args, '--db', db]);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err, /region|no municipality/, args.join(' '));
    }
    assert.equal(accounts(), String(Number(before) + 1));

    r = run(['user', 'add', 'tutor-tre@example.fi', '--role', 'tutor', '--scope', '837', '--db', db]);
    assert.equal(r.code, 0, r.err);
    assert.equal(sql(db, "SELECT region_id FROM account WHERE email = 'tutor-tre@example.fi'"), pirkanmaa);
  });
});

describe('demo accounts', () => {
  it('gives the demo accounts new passwords that sign in, and ends their sessions', async () => {
    const db = path.join(dir, 'demo-accounts.db');
    // The demo's data, not its loading (tested above): a copy.
    copyDemoDatabase(db, bin);
    const before = sql(db, "SELECT password_hash FROM account WHERE email = 'coordinator@example.fi'");
    const r = run(['demo', 'accounts', '--db', db, '--password-cost', 'test']);
    assert.equal(r.code, 0, r.err);
    const m = /^  coordinator@example\.fi +password (\S{16})  \(coordinator\)$/m.exec(r.out);
    assert.ok(m, r.out);
    assert.match(r.out, /^demo accounts:\n(  \S+@example\.fi +password \S{16}  \(\S+\)\n){5}$/);
    assert.notEqual(sql(db, "SELECT password_hash FROM account WHERE email = 'coordinator@example.fi'"), before);
    const srv = await startServer({ db });
    try {
      const { Client } = await import('../lib/auth.mjs');
      const c = new Client(srv.url);
      await c.signIn('coordinator@example.fi', m[1]);
      assert.ok(c.cookies.tv_session);
    } finally {
      await srv.stop();
    }
    const empty = run(['demo', 'accounts', '--db', path.join(dir, 'no-demo.db')]);
    assert.equal(empty.code, 1);
    assert.match(empty.err, /no demo account/);
  });
});

describe('base_url', () => {
  it('follows the listen address when not set, and a given one wins', async () => {
    const srv = await startServer({ demo: true });
    try {
      const ics = await request(`${srv.url}/fi/events.ics`);
      assert.equal(ics.status, 200);
      assert.ok(ics.text.includes(`http://127.0.0.1:${srv.port}/fi/events/`), 'links point at this server');
      assert.ok(!ics.text.includes('127.0.0.1:8080'), 'not at the default port');
    } finally {
      await srv.stop();
    }
    const given = await startServer({ demo: true, args: ['--base-url', 'https://digituki.example.fi/'] });
    try {
      const ics = await request(`${given.url}/fi/events.ics`);
      assert.ok(ics.text.includes('https://digituki.example.fi/fi/events/'));
    } finally {
      await given.stop();
    }
  });
});

describe('backup', () => {
  it('on PostgreSQL points to pg_dump instead', { skip: !onPg && 'SQLite run' }, async () => {
    const srv = await startServer({ demo: true });
    try {
      const r = run(['backup', path.join(dir, 'backup.db'), '--db', srv.db]);
      assert.equal(r.code, 2);
      assert.match(r.err, /pg_dump/);
      assert.ok(!r.err.includes(srv.db), 'the connection string is not printed');
    } finally {
      await srv.stop();
    }
  });

  it('copies the database while the server is serving', { skip: onPg && 'SQLite file backup; PostgreSQL uses pg_dump' }, async () => {
    const srv = await startServer({ demo: true });
    try {
      const dest = path.join(dir, 'backup.db');
      const load = Promise.all(Array.from({ length: 50 }, () => request(srv.url + '/fi/')));
      const r = run(['backup', dest, '--db', srv.db]);
      await load;
      assert.equal(r.code, 0, r.err);
      assert.equal(sql(dest, 'PRAGMA integrity_check'), 'ok');
      assert.equal(sql(dest, 'SELECT count(*) FROM municipality'), '26');
      assert.equal(run(['backup', '--db', srv.db]).code, 2);
    } finally {
      await srv.stop();
    }
  });
});

describe('page cache and changes from another process', () => {
  it('shows a change made by the CLI within page_cache_ms, and at once with the cache off', async () => {
    for (const ms of [400, 0]) {
      const srv = await startServer({ demo: true, args: ['--page-cache-ms', String(ms)] });
      try {
        const before = await request(srv.url + '/fi/municipalities/611');
        assert.match(before.text, /<h1>Pornainen<\/h1>/);
        const f = path.join(dir, `rename-${ms}.csv`);
        writeFileSync(f, 'code,name_fi,name_sv,language_status\n611,Pornainen-Uusi,Borgnäs,fi\n');
        assert.equal(run(['import', 'municipalities', f, '--db', srv.db]).code, 0);
        if (ms > 0) await sleep(ms + 100);
        const after = await request(srv.url + '/fi/municipalities/611');
        assert.match(after.text, /<h1>Pornainen-Uusi<\/h1>/, `page_cache_ms=${ms}`);
      } finally {
        await srv.stop();
      }
    }
  });
});
