// Privacy: the download of one's own data (everything about the account,
// nothing about others, no secrets), the erasure of an account by an
// administrator (every table, one transaction, refusals write nothing) and
// the retention run from the command line.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, request, serverBin, repoRoot } from '../lib/server.mjs';
import { Client, sqlite, dbDump } from '../lib/auth.mjs';

const PASSWORD = 'correct horse battery staple';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let srv;
before(async () => {
  srv = await startServer({ demo: true, args: ['--password-cost', 'test'] });
});
after(async () => { if (srv) await srv.stop(); });

const sql = (db, query) => sqlite(db, query).trim();
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function cli(args, { db = srv.db, input } = {}) {
  const r = spawnSync(serverBin(), [...args, '--db', db, '--password-cost', 'test'],
    { cwd: repoRoot, encoding: 'utf8', input, timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Creates an account with a password; returns its id. */
function addUser(email, role, extra = [], db = srv.db) {
  const r = cli(['user', 'add', email, '--role', role, '--password-stdin', ...extra],
    { db, input: PASSWORD + '\n' });
  assert.equal(r.code, 0, r.err);
  return Number(sql(db, `SELECT id FROM account WHERE email = ${q(email)}`));
}

const form = (fields) => new URLSearchParams(fields).toString();
const post = (p, body, cookie, headers = {}) => request(srv.url + p, {
  method: 'POST', body,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
});
const get = (p, cookie) => request(srv.url + p, { headers: cookie ? { cookie } : {} });

/** An anonymous visitor's CSRF cookie and token from the sign-in form. */
async function anonCsrf() {
  const res = await get('/fi/signin');
  assert.equal(res.status, 200);
  const m = /tv_csrf=([A-Za-z0-9_-]{43})/.exec((res.headers['set-cookie'] ?? []).join(';'));
  assert.ok(m, 'the sign-in form sets the CSRF cookie');
  return { cookie: `tv_csrf=${m[1]}`, token: m[1] };
}

/** Signs in; returns { cookie, session, csrf } (csrf: the session's token). */
async function signIn(email) {
  const c = await anonCsrf();
  const res = await post('/fi/signin', form({ csrf: c.token, email, password: PASSWORD }), c.cookie);
  assert.equal(res.status, 303, `sign-in of ${email}: ${res.text.slice(0, 300)}`);
  const m = /tv_session=([A-Za-z0-9_-]{43})/.exec((res.headers['set-cookie'] ?? []).join(';'));
  assert.ok(m, 'signing in sets the session cookie');
  const cookie = `tv_session=${m[1]}`;
  const page = await get('/fi/accessibility', cookie);
  const t = /name="csrf" value="([A-Za-z0-9_-]{43})"/.exec(page.text);
  assert.ok(t, 'a signed-in form carries the session token');
  return { cookie, session: m[1], csrf: t[1] };
}

async function leaveFeedback(message, contact) {
  const c = await anonCsrf();
  const res = await post('/fi/accessibility', form({ csrf: c.token, message, contact }), c.cookie);
  assert.equal(res.status, 303);
}

async function askReset(email) {
  const c = await anonCsrf();
  const res = await post('/fi/password/forgot', form({ csrf: c.token, email }), c.cookie);
  assert.equal(res.status, 303);
}

/** The whole database as SQL text, for "this appears nowhere" checks. */
const dump = dbDump;

describe('export of one\'s own data', () => {
  const A = 'anni.export@example.fi', B = 'bertta.other@example.fi';
  let aId, token, me;

  before(async () => {
    aId = addUser(A, 'tutor', ['--name', 'Anni Esimerkki', '--scope', '091', '--scope', '049']);
    addUser(B, 'tutor', ['--name', 'Bertta Muu', '--scope', '092']);
    const t = cli(['token', 'create', A, 'raportointi', '--write']);
    assert.equal(t.code, 0, t.err);
    token = t.out.trim().split(/\s+/).find((w) => w.startsWith('tvk_'));
    assert.ok(token, 'the CLI printed the token');
    await leaveFeedback('Kartta ei toimi ruudunlukijalla.', A.toUpperCase());
    await leaveFeedback('Toisen ihmisen palaute.', B);
    await askReset(A);
    await askReset(B);
    await signIn(B);
    me = await signIn(A);
  });

  it('sends anonymous visitors to sign in', async () => {
    const res = await get('/fi/account/export');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/fi\/signin\?next=%2Ffi%2Faccount%2Fexport$/);
  });

  it('is a JSON download with everything about the account and nothing else', async () => {
    const res = await get('/fi/account/export', me.cookie);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['content-disposition'], `attachment; filename="tukiverkko-${aId}.json"`);
    assert.match(res.headers['cache-control'], /no-store/);
    const doc = JSON.parse(res.text);

    assert.equal(doc.format, 'tukiverkko-personal-data');
    assert.match(doc.exported_at, ISO);
    assert.equal(doc.account.id, aId);
    assert.equal(doc.account.email, A);
    assert.equal(doc.account.name, 'Anni Esimerkki');
    assert.equal(doc.account.role, 'tutor');
    assert.equal(doc.account.region, 'uusimaa');
    assert.equal(doc.account.password_set, true);
    assert.match(doc.account.created_at, ISO);
    assert.match(doc.account.last_login_at, ISO);
    assert.ok(!('password_hash' in doc.account));
    assert.deepEqual(doc.scopes.map((s) => s.ref).sort(), ['049', '091']);

    assert.ok(doc.sessions.length >= 1);
    for (const s of doc.sessions) {
      assert.deepEqual(Object.keys(s).sort(), ['created_at', 'last_seen_at']);
      assert.match(s.created_at, ISO);
    }
    assert.equal(doc.api_tokens.length, 1);
    assert.equal(doc.api_tokens[0].name, 'raportointi');
    assert.equal(doc.api_tokens[0].scope, 'write');
    assert.deepEqual(Object.keys(doc.api_tokens[0]).sort(),
      ['created_at', 'last_used_at', 'name', 'revoked_at', 'scope']);
    assert.ok(doc.links.some((l) => l.purpose === 'reset' && ISO.test(l.expires_at)));

    const actions = doc.audit_log_by_account.map((e) => e.action);
    assert.ok(actions.includes('account.signin'), actions.join());
    assert.ok(actions.includes('account.reset-requested'), actions.join());
    assert.ok(doc.audit_log_by_account.every((e) => ISO.test(e.at)));
    assert.ok(doc.audit_log_about_account.some((e) => e.action === 'account.create'));
    assert.ok(doc.audit_log_about_account.every((e) => !('address' in e)));

    assert.equal(doc.mail.length, 1);
    assert.ok(doc.mail[0].subject.length > 0);
    assert.match(doc.mail[0].created_at, ISO);
    assert.ok(!('body' in doc.mail[0]), 'the mail body holds a reset link');
    assert.equal(doc.feedback.length, 1, 'feedback with the address, in any case');
    assert.equal(doc.feedback[0].message, 'Kartta ei toimi ruudunlukijalla.');
    assert.deepEqual(doc.people, []);
  });

  it('holds no secrets and nothing about another account', async () => {
    const res = await get('/fi/account/export', me.cookie);
    const text = res.text;
    const secrets = {
      'password hash': '$argon2',
      'session cookie': me.session,
      'session CSRF token': me.csrf,
      'API token': token,
      'API token body': token.slice(4),
    };
    sql(srv.db, `SELECT id_hash FROM session WHERE account_id = ${aId}`).split('\n')
      .forEach((h, i) => { secrets[`session hash ${i}`] = h; });
    secrets['API token hash'] = sql(srv.db, `SELECT token_hash FROM api_token WHERE account_id = ${aId}`);
    secrets['link token hash'] = sql(srv.db, `SELECT token_hash FROM account_token WHERE account_id = ${aId} LIMIT 1`);
    for (const [what, s] of Object.entries(secrets)) {
      assert.ok(s && s.length >= 7, what);
      assert.ok(!text.includes(s), `the export contains the ${what}`);
    }
    for (const other of [B, 'Bertta', 'Toisen ihmisen', '092']) {
      assert.ok(!text.includes(other), `the export mentions ${other}`);
    }
  });

  it('is the same in every language path and for no other account', async () => {
    const res = await get('/sv/account/export', me.cookie);
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.text).account.email, A);
  });
});

describe('erasure of an account', () => {
  const ADMIN = 'ylla.pitaja@example.fi', COORD = 'koordi.naattori@example.fi';
  const V = 'ville.poistettava@example.fi', VNAME = 'Ville Poistettava';
  let adminId, coordId, vId, admin, coord, victim;

  const snapshot = () => sql(srv.db, 'SELECT (SELECT count(*) FROM audit_log) || \'/\' || ' +
    '(SELECT group_concat(a) FROM (SELECT email || active || coalesce(CAST(erased_at AS TEXT), \'-\') AS a FROM account ORDER BY id)) || \'/\' || ' +
    '(SELECT count(*) FROM session) || \'/\' || (SELECT count(*) FROM api_token) || \'/\' || ' +
    '(SELECT count(*) FROM mail_outbox) || \'/\' || (SELECT group_concat(c) FROM (SELECT contact AS c FROM feedback ORDER BY id)) || \'/\' || ' +
    '(SELECT group_concat(p) FROM (SELECT name || email AS p FROM person ORDER BY id))');

  before(async () => {
    adminId = addUser(ADMIN, 'admin', ['--name', 'Ylla Pitaja']);
    coordId = addUser(COORD, 'coordinator', ['--name', 'Koordi Naattori']);
    vId = addUser(V, 'tutor', ['--name', VNAME, '--scope', '611']);
    assert.equal(cli(['token', 'create', V, 'victim-token']).code, 0);
    await leaveFeedback('Fokus katoaa valikossa.', V);
    await leaveFeedback('Palaute ilman osoitetta.', '');
    await askReset(V);
    sql(srv.db, `INSERT INTO person (name, title_fi, title_en, email, is_public) VALUES ` +
      `(${q(VNAME)}, 'tietosuojatestin nimike', 'privacy test title', ${q(V)}, 1)`);
    victim = await signIn(V);
    admin = await signIn(ADMIN);
    coord = await signIn(COORD);
  });

  it('refuses a request without the CSRF token and writes nothing', async () => {
    const before = snapshot();
    let res = await post(`/fi/admin/users/${vId}/erase`, form({}), admin.cookie);
    assert.equal(res.status, 403);
    res = await post(`/fi/admin/users/${vId}/erase`, form({ csrf: coord.csrf }), admin.cookie);
    assert.equal(res.status, 403, 'another session\'s token');
    assert.equal(snapshot(), before);
  });

  it('refuses roles without user management, and anonymous visitors', async () => {
    const before = snapshot();
    let res = await post(`/fi/admin/users/${adminId}/erase`, form({ csrf: victim.csrf }), victim.cookie);
    assert.equal(res.status, 403);
    const c = await anonCsrf();
    res = await post(`/fi/admin/users/${vId}/erase`, form({ csrf: c.token }), c.cookie);
    assert.equal(res.status, 403);
    assert.equal(snapshot(), before);
  });

  it('does not let a coordinator erase an administrator (404), and writes nothing', async () => {
    const before = snapshot();
    const res = await post(`/fi/admin/users/${adminId}/erase`, form({ csrf: coord.csrf }), coord.cookie);
    assert.equal(res.status, 404);
    assert.equal(snapshot(), before);
    assert.equal(sql(srv.db, `SELECT email FROM account WHERE id = ${adminId}`), ADMIN);
  });

  it('answers 404 for unknown or malformed ids and 403 for one\'s own account', async () => {
    const before = snapshot();
    for (const id of ['999999', 'abc', '0', '-1', '01', `${vId}x`]) {
      const res = await post(`/fi/admin/users/${id}/erase`, form({ csrf: admin.csrf }), admin.cookie);
      assert.equal(res.status, 404, id);
    }
    const self = await post(`/fi/admin/users/${adminId}/erase`, form({ csrf: admin.csrf }), admin.cookie);
    assert.equal(self.status, 403);
    assert.match(self.text, /omaa käyttäjätiliäsi/);
    assert.equal(snapshot(), before);
  });

  it('erases every personal field in every table, keeps the audit trail whole', async () => {
    const auditRows = Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE account_id = ${vId}`));
    assert.ok(auditRows >= 1);
    assert.ok(Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE account_id = ${vId} AND address <> ''`)) >= 1);
    assert.ok(Number(sql(srv.db, `SELECT count(*) FROM mail_outbox WHERE to_addr = ${q(V)}`)) >= 1);

    const res = await post(`/fi/admin/users/${vId}/erase`, form({ csrf: admin.csrf }), admin.cookie);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.headers.location, '/fi/admin/users?done=erased');

    assert.equal(sql(srv.db, `SELECT email || '|' || name || '|' || coalesce(password_hash, 'NULL') || '|' || ` +
      `active || '|' || CAST((erased_at IS NOT NULL) AS INTEGER) FROM account WHERE id = ${vId}`),
    `erased-${vId}@invalid||NULL|0|1`);
    for (const t of ['account_scope', 'session', 'account_token', 'api_token']) {
      assert.equal(sql(srv.db, `SELECT count(*) FROM ${t} WHERE account_id = ${vId}`), '0', t);
    }
    assert.equal(sql(srv.db, `SELECT count(*) FROM mail_outbox WHERE lower(to_addr) = ${q(V)}`), '0');
    assert.equal(sql(srv.db, `SELECT contact FROM feedback WHERE message = 'Fokus katoaa valikossa.'`), '',
      'the feedback stays without its contact');
    assert.equal(sql(srv.db, `SELECT name || '|' || email || '|' || title_fi || '|' || title_en FROM person ` +
      `WHERE title_fi = 'tietosuojatestin nimike'`), '||tietosuojatestin nimike|privacy test title');
    assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE account_id = ${vId}`), String(auditRows),
      'the audit rows stay');
    assert.equal(sql(srv.db, `SELECT count(*) FROM audit_log WHERE account_id = ${vId} AND address <> ''`), '0');
    assert.equal(sql(srv.db, `SELECT account_id || '|' || object_type || '|' || object_id || '|' || detail ` +
      `FROM audit_log WHERE action = 'account.erase'`), `${adminId}|account|${vId}|`);

    const all = dump(srv.db);
    for (const s of [V, VNAME, 'poistettava', victim.session]) {
      assert.ok(!all.toLowerCase().includes(s.toLowerCase()), `the database still holds ${s}`);
    }
    // Others' data is untouched.
    assert.equal(sql(srv.db, `SELECT email FROM account WHERE id = ${adminId}`), ADMIN);
    assert.equal(sql(srv.db, `SELECT count(*) FROM feedback WHERE message = 'Palaute ilman osoitetta.'`), '1');
  });

  it('leaves the erased person signed out and unable to sign in', async () => {
    const res = await get('/fi/account/export', victim.cookie);
    assert.equal(res.status, 303, 'the old session is gone');
    const c = await anonCsrf();
    const s = await post('/fi/signin', form({ csrf: c.token, email: V, password: PASSWORD }), c.cookie);
    assert.equal(s.status, 400);
    const s2 = await post('/fi/signin', form({ csrf: c.token, email: `erased-${vId}@invalid`, password: PASSWORD }), c.cookie);
    assert.equal(s2.status, 400);
  });

  it('answers 404 to a second erasure and writes nothing', async () => {
    const before = snapshot();
    const res = await post(`/fi/admin/users/${vId}/erase`, form({ csrf: admin.csrf }), admin.cookie);
    assert.equal(res.status, 404);
    assert.equal(snapshot(), before);
  });

  it('lets a coordinator erase a tutor of their region', async () => {
    const id = addUser('tuutori.kertakaytto@example.fi', 'tutor', ['--scope', '091']);
    const res = await post(`/sv/admin/users/${id}/erase`, form({ csrf: coord.csrf }), coord.cookie);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sv/admin/users?done=erased');
    assert.equal(sql(srv.db, `SELECT email FROM account WHERE id = ${id}`), `erased-${id}@invalid`);
    assert.equal(sql(srv.db, `SELECT account_id FROM audit_log WHERE action = 'account.erase' AND object_id = '${id}'`),
      String(coordId));
  });
});

describe('retention from the command line', () => {
  let dir, db;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-retention-'));
    db = path.join(dir, 'r.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('removes what is past its time and keeps the rest', () => {
    const id = addUser('retention@example.fi', 'admin', [], db);
    const now = Math.floor(Date.now() / 1000);
    const day = 86400;
    const old = now - 40 * day, recent = now - 10 * day;
    sql(db, `
      DELETE FROM audit_log;
      INSERT INTO session (id_hash, account_id, csrf, created_at, seen_at) VALUES
        ('s-old', ${id}, 'c', ${now - 13 * 3600}, ${now - 13 * 3600}),
        ('s-new', ${id}, 'c', ${now - 3600}, ${now - 60});
      INSERT INTO account_token (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES
        ('t-used', ${id}, 'reset', ${now - 600}, ${now + 3000}, ${now - 300}),
        ('t-expired', ${id}, 'invite', ${now - 8 * day}, ${now - day}, NULL),
        ('t-valid', ${id}, 'reset', ${now - 600}, ${now + 3000}, NULL);
      INSERT INTO throttle (key, failures, window_start, blocked_until) VALUES
        ('addr:old', 3, ${now - 3600}, 0),
        ('addr:blocked', 20, ${now - 3600}, ${now + 600}),
        ('addr:window', 2, ${now - 60}, 0);
      INSERT INTO mail_outbox (to_addr, subject, body, created_at, sent_at) VALUES
        ('old-sent@example.fi', 's', 'b', ${old}, ${old}),
        ('new-sent@example.fi', 's', 'b', ${recent}, ${recent}),
        ('old-unsent@example.fi', 's', 'b', ${old}, NULL),
        ('new-unsent@example.fi', 's', 'b', ${now}, NULL);
      INSERT INTO feedback (created_at, lang, message, contact) VALUES
        (${old}, 'fi', 'old', 'old@example.fi'),
        (${recent}, 'fi', 'recent', 'recent@example.fi'),
        (${old}, 'fi', 'old-anon', '');
      INSERT INTO audit_log (at, account_id, action, address) VALUES
        (${old}, ${id}, 'old', '192.0.2.1'),
        (${recent}, ${id}, 'recent', '192.0.2.2');
    `);
    let r = cli(['retention', '--retention-days', '30'], { db });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /retention: 30 days/);
    assert.match(r.out, /expired sessions deleted: 1\n/);
    assert.match(r.out, /used or expired links deleted: 2\n/);
    assert.match(r.out, /throttle entries deleted: 1\n/);
    assert.match(r.out, /old mail deleted: 2\n/);
    assert.match(r.out, /feedback contacts blanked: 1\n/);
    assert.match(r.out, /audit log addresses blanked: 1\n/);

    assert.equal(sql(db, 'SELECT group_concat(id_hash) FROM session'), 's-new');
    assert.equal(sql(db, 'SELECT group_concat(token_hash) FROM account_token'), 't-valid');
    assert.equal(sql(db, 'SELECT group_concat(key) FROM (SELECT key FROM throttle ORDER BY key)'), 'addr:blocked,addr:window');
    assert.equal(sql(db, 'SELECT group_concat(to_addr) FROM (SELECT to_addr FROM mail_outbox ORDER BY id)'),
      'new-sent@example.fi,new-unsent@example.fi');
    assert.equal(sql(db, "SELECT group_concat(message || ':' || contact) FROM (SELECT * FROM feedback ORDER BY id)"),
      'old:,recent:recent@example.fi,old-anon:', 'the feedback itself stays');
    assert.equal(sql(db, "SELECT group_concat(action || ':' || address) FROM (SELECT * FROM audit_log ORDER BY id)"),
      'old:,recent:192.0.2.2', 'the audit rows stay');

    r = cli(['retention', '--retention-days', '30'], { db });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /old mail deleted: 0\n/);
    assert.match(r.out, /audit log addresses blanked: 0\n/);

    // A shorter period, from the environment, reaches the recent rows.
    const e = spawnSync(serverBin(), ['retention', '--db', db], { encoding: 'utf8',
      env: { ...process.env, TUKIVERKKO_RETENTION_DAYS: '5' } });
    assert.equal(e.status, 0, e.stderr);
    assert.match(e.stdout, /retention: 5 days/);
    assert.match(e.stdout, /feedback contacts blanked: 1\n/);
    assert.equal(sql(db, "SELECT count(*) FROM feedback WHERE contact <> ''"), '0');
  });

  it('refuses a period that is not 1 to 36500 days, removing nothing', () => {
    for (const d of ['0', '-3', 'x', '36501']) {
      const r = cli(['retention', '--retention-days', d], { db });
      assert.equal(r.code, 2, d);
      assert.match(r.err, /retention_days must be days from 1 to 36500/);
    }
  });
});

// Registrations, survey feedback, webinar reports and material requests
// carry an e-mail address, not an account: the events and materials
// providers find them by the account's address, whatever its case.
describe('what was left with the account\'s address elsewhere', () => {
  const R = 'reija.rekisteri@example.fi', TYPED = 'Reija.Rekisteri@Example.fi';
  const ADMIN = 'poistaja.admin@example.fi';
  const other = `toinen.${Date.now()}@example.org`;
  let rId, me, admin, regId, otherRegId, requestId;
  const guestKey = createHash('sha256').update(`e:${R}`).digest('hex');

  /** Registers for demo event 2 (it has two questions) as a visitor. */
  async function registerAs(email, name, organisation) {
    const c = new Client(srv.url);
    const page = await c.get('/fi/events/2/register');
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const submission = /name="submission" value="([^"]+)"/.exec(page.text)?.[1];
    assert.ok(csrf && submission, 'the form has its tokens');
    const res = await c.post('/fi/events/2/register', {
      csrf, submission, name, email, organisation, group_size: '1',
      'q-1': 'yes', 'q-2': '2', consent: '1',
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    return Number(sql(srv.db, `SELECT id FROM registration WHERE email = ${q(email)}`));
  }

  before(async () => {
    rId = addUser(R, 'tutor', ['--name', 'Reija Rekisteri', '--scope', '091']);
    addUser(ADMIN, 'admin', ['--name', 'Poistaja']);
    regId = await registerAs(TYPED, 'Reija Rekisteri', 'Reijan kirjasto');
    otherRegId = await registerAs(other, 'Toinen Ihminen', 'Toinen kirjasto');
    const now = Math.floor(Date.now() / 1000);
    requestId = Number(sql(srv.db, `
      INSERT INTO event_feedback (registration_id, event_id, rating, recommend, comment, created_at, updated_at)
        VALUES (${regId}, 2, 4, 9, 'Reijan palaute: hyvä', ${now}, ${now});
      INSERT INTO event_feedback (registration_id, event_id, rating, recommend, comment, created_at, updated_at)
        VALUES (${otherRegId}, 2, 5, 10, 'Toisen palaute', ${now}, ${now});
      INSERT INTO attendance_guest (event_id, person_key) VALUES (1, ${q(guestKey)});
      INSERT INTO material (region_id, kind, title, lang, access, created_at, updated_at)
        VALUES (1, 'link', 'Tietosuojatestin aineisto', 'fi', 'request', ${now}, ${now});
      INSERT INTO material_request (material_id, name, organisation, email, purpose, lang, status, created_at)
        VALUES ((SELECT max(id) FROM material), 'Reija Rekisteri', 'Reijan kirjasto', ${q(TYPED.toUpperCase())},
          'Reijan koulutusta varten', 'fi', 'pending', ${now});
      INSERT INTO material_grant (request_id, material_id, token_hash, expires_at, max_uses, created_at)
        SELECT id, material_id, 'reijan-linkin-tiiviste', ${now + 86400}, 3, ${now}
        FROM material_request WHERE id = (SELECT max(id) FROM material_request);
      SELECT max(id) FROM material_request;`));
    me = await signIn(R);
    admin = await signIn(ADMIN);
  });

  it('exports the registrations with their answers, the survey, the report and the requests', async () => {
    const res = await get('/fi/account/export', me.cookie);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    const doc = JSON.parse(res.text);

    assert.equal(doc.registrations.length, 1, res.text);
    const reg = doc.registrations[0];
    assert.equal(reg.event_id, 2);
    assert.equal(reg.email, TYPED, 'the address as it was typed');
    assert.equal(reg.name, 'Reija Rekisteri');
    assert.equal(reg.organisation, 'Reijan kirjasto');
    assert.match(reg.created_at, ISO);
    assert.equal(reg.answers.length, 2);
    assert.equal(reg.answers[0].question, 'Annatko itse digitukea asiakkaille?');
    assert.ok(reg.answers.every((a) => typeof a.value === 'string' && a.value !== ''));

    assert.equal(doc.event_feedback.length, 1);
    assert.equal(doc.event_feedback[0].comment, 'Reijan palaute: hyvä');
    assert.equal(doc.event_feedback[0].rating, 4);
    assert.deepEqual(doc.webinar_guest_of.map((g) => g.event_id), [1]);

    assert.equal(doc.material_requests.length, 1);
    assert.equal(doc.material_requests[0].material, 'Tietosuojatestin aineisto');
    assert.equal(doc.material_requests[0].purpose, 'Reijan koulutusta varten');
    assert.equal(doc.material_requests[0].links_sent, 1);

    for (const s of [other, 'Toinen', 'reijan-linkin-tiiviste', guestKey]) {
      assert.ok(!res.text.includes(s), `the export contains ${s}`);
    }
  });

  it('erases or anonymises all of it with the account, and nothing of anyone else', async () => {
    const status = sql(srv.db, `SELECT status FROM registration WHERE id = ${regId}`);
    const res = await post(`/fi/admin/users/${rId}/erase`, form({ csrf: admin.csrf }), admin.cookie);
    assert.equal(res.status, 303, res.text.slice(0, 300));

    assert.equal(sql(srv.db, `SELECT name || '|' || email || '|' || organisation || '|' || CAST((erased_at IS NOT NULL) AS INTEGER) ` +
      `FROM registration WHERE id = ${regId}`), '|||1');
    assert.equal(sql(srv.db, `SELECT status FROM registration WHERE id = ${regId}`),
      status === 'waiting' ? 'cancelled' : status, 'a seat held stays counted');
    assert.equal(sql(srv.db, `SELECT count(*) FROM registration_answer WHERE registration_id = ${regId}`), '0');
    assert.equal(sql(srv.db, `SELECT rating || '|' || recommend || '|' || comment FROM event_feedback ` +
      `WHERE registration_id = ${regId}`), '4|9|', 'the survey keeps its numbers');
    assert.equal(sql(srv.db, `SELECT count(*) FROM attendance_guest WHERE person_key = ${q(guestKey)}`), '0');
    assert.equal(sql(srv.db, `SELECT name || '|' || email || '|' || purpose || '|' || status || '|' || ` +
      `CAST((erased_at IS NOT NULL) AS INTEGER) || '|' || CAST((decided_at IS NOT NULL) AS INTEGER) FROM material_request WHERE id = ${requestId}`),
    '|||declined|1|1');
    assert.equal(sql(srv.db, `SELECT count(*) FROM material_grant WHERE request_id = ${requestId}`), '0');

    const all = dump(srv.db).toLowerCase();
    for (const s of [R, 'reija', 'rekisteri', 'reijan']) {
      assert.ok(!all.includes(s), `the database still holds ${s}`);
    }
    // The other registrant is untouched.
    assert.equal(sql(srv.db, `SELECT email || '|' || CAST((erased_at IS NULL) AS INTEGER) FROM registration WHERE id = ${otherRegId}`),
      `${other}|1`);
    assert.equal(sql(srv.db, `SELECT comment FROM event_feedback WHERE registration_id = ${otherRegId}`), 'Toisen palaute');
    assert.ok(Number(sql(srv.db, `SELECT count(*) FROM registration_answer WHERE registration_id = ${otherRegId}`)) >= 1);
  });
});
