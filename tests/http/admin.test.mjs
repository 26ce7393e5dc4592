// The administration pages against the real binary: the account list and
// its filters, invitations (e-mail in the spool, the link sets a password,
// signing in works), role changes, deactivation and activation, new
// invitations, the audit log (filters, region scope, pagination, dates)
// and the accessibility feedback; a coordinator cannot see or change
// administrators, coordinators or other regions' accounts, and a refused
// or malformed request writes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { readable } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, cli, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let spool;
let work;
const acct = {};	// name -> { email, password, id }
const as = {};		// name -> signed-in Client

const q = (db, s) => sqlite(db, s).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates an account with the CLI (optionally in another region). */
function add(name, role, opts = {}) {
  const email = `${name}.${unique('a')}@example.fi`;
  if (opts.region) {
    const pw = `pw-${unique('p')}-long`;
    const args = ['user', 'add', email, '--role', role, '--region', opts.region, '--db', srv.db,
      ...PASSWORD_COST, '--password-stdin'];
    if (opts.municipality) args.push('--municipality', opts.municipality);
    for (const s of opts.scopes ?? []) args.push('--scope', s);
    if (opts.name) args.push('--name', opts.name);
    cli(srv.bin, args, { input: `${pw}\n` });
    const id = Number(q(srv.db, `SELECT id FROM account WHERE email = '${email}';`));
    acct[name] = { email, password: pw, id };
  } else {
    acct[name] = addUser(srv, email, role, opts);
  }
  return acct[name];
}

/** Every .eml in the spool that is addressed to `to`, oldest first. */
function mailsTo(to) {
  return readdirSync(spool).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => readFileSync(path.join(spool, f), 'utf8'))
    .filter((t) => t.includes(`\r\nTo: ${to}\r\n`))
    .map(readable);	// the text is quoted-printable
}

/** Waits (≤ 3 s) until `to` has `count` messages; returns the newest. */
async function waitMail(to, count = 1) {
  for (let i = 0; i < 60; i++) {
    const m = mailsTo(to);
    if (m.length >= count) return m[m.length - 1];
    await sleep(50);
  }
  assert.fail(`no e-mail #${count} to ${to} in the spool within 3 s`);
}

/** The password-setting path (with token) of an invitation e-mail. */
function linkOf(mail) {
  const m = /https?:\/\/[^\s/]+(\/(fi|sv|en)\/password\/set\?token=[A-Za-z0-9_-]{43})/.exec(mail);
  assert.ok(m, `an invitation link in:\n${mail}`);
  return m[1];
}

/** The hidden CSRF token of the page at path, for client c. */
async function csrfFor(c, p = '/fi/admin/users') {
  await c.loadCsrf(p);
  return c.csrf;
}

/** Row counts that a refused request must leave as they are. */
function counts() {
  return q(srv.db, `SELECT (SELECT count(*) FROM account) || ',' || (SELECT count(*) FROM account_scope)
    || ',' || (SELECT count(*) FROM audit_log) || ',' || (SELECT count(*) FROM mail_outbox)
    || ',' || (SELECT count(*) FROM account_token);`);
}

/** Runs fn, then asserts that the database did not change. */
async function unchanged(fn) {
  const before = snapshot(srv.db);
  const c0 = counts();
  const out = await fn();
  assert.equal(counts(), c0, 'row counts changed');
  const d = diffSnapshots(before, snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** POSTs a form as client c (its csrf unless given); array values are
 * sent as repeated fields (checkboxes). */
function post(c, p, fields) {
  const params = new URLSearchParams();
  const all = 'csrf' in fields ? fields : { csrf: c.csrf, ...fields };
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  }
  return c.req(p, {
    method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-admin-'));
  srv = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool] });
  // A second region with one municipality, for the scope tests.
  const csv = path.join(work, 'other.csv');
  writeFileSync(csv, 'code,name_fi,name_sv,language_status\n998,Testikunta,Testkommun,fi\n');
  cli(srv.bin, ['import', 'municipalities', csv, '--region', 'testialue', '--db', srv.db]);

  add('admin', 'admin', { name: 'Ada Admin' });
  add('coord', 'coordinator', { name: 'Cora Coordinator' });
  add('tutor', 'tutor', { name: 'Tuula Tutor', scopes: ['091'] });
  add('municipal', 'municipal-coordinator', { name: 'Maija Municipal', municipality: '611' });
  add('supporter', 'supporter', { name: 'Sami Supporter' });
  add('coord2', 'coordinator', { region: 'testialue', name: 'Other Coordinator' });
  add('tutor2', 'tutor', { region: 'testialue', scopes: ['998'], name: 'Other Tutor' });
  for (const n of ['admin', 'coord', 'tutor', 'supporter', 'coord2']) {
    as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
    await csrfFor(as[n], '/fi/account');
  }
  // CSRF of the admin pages (the session's token).
  as.admin.csrf = await csrfFor(as.admin);
  as.coord.csrf = await csrfFor(as.coord);
});

after(async () => {
  await srv?.stop();
  rmSync(spool, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('who reaches the pages', () => {
  it('anonymous visitors are sent to sign in; other roles get 403', async () => {
    for (const p of ['/fi/admin/users', '/fi/admin/audit', '/fi/admin/feedback', `/fi/admin/users/${acct.tutor.id}`]) {
      const res = await new Client(srv.url).get(p);
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.location, `/fi/signin?next=${encodeURIComponent(p)}`);
      for (const n of ['tutor', 'supporter']) {
        assert.equal((await as[n].get(p)).status, 403, `${n} ${p}`);
      }
    }
  });
  it('the pages are in three languages, not cached, and link to each other', async () => {
    for (const [lang, title] of [['fi', 'Käyttäjätilit'], ['sv', 'Användarkonton'], ['en', 'Accounts']]) {
      const res = await as.admin.get(`/${lang}/admin/users`);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(`<h1>${title}</h1>`));
      assert.equal(res.headers['cache-control'], 'no-store');
      for (const p of ['users', 'audit', 'feedback']) assert.ok(res.text.includes(`href="/${lang}/admin/${p}"`));
    }
  });
});

describe('the account list', () => {
  it('shows an administrator every account with role, municipalities, state and last sign-in', async () => {
    const res = await as.admin.get('/en/admin/users');
    assert.equal(res.status, 200);
    for (const n of ['admin', 'coord', 'tutor', 'municipal', 'supporter', 'coord2', 'tutor2']) {
      assert.ok(res.text.includes(acct[n].email), `${n} listed`);
    }
    const row = (n) => res.text.split('<tr>').find((r) => r.includes(acct[n].email));
    assert.match(row('tutor'), /Municipal tutor/);
    assert.match(row('tutor'), /Helsinki/);
    assert.match(row('municipal'), /Pornainen/);
    assert.match(row('municipal'), /never/);		// never signed in
    assert.doesNotMatch(row('admin'), /never/);
    assert.match(row('tutor2'), /Testikunta|Testkommun/);
    assert.match(row('coord'), /Network coordinator/);
    assert.match(res.text, /<th scope="col">Role<\/th>/);
    // The invitation form offers every role to an administrator.
    for (const r of ['supporter', 'municipal-coordinator', 'tutor', 'coordinator', 'admin']) {
      assert.ok(res.text.includes(`<option value="${r}"`), r);
    }
  });
  it('shows a coordinator only the accounts of their region below coordinator', async () => {
    const res = await as.coord.get('/fi/admin/users');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(acct.tutor.email));
    assert.ok(res.text.includes(acct.municipal.email));
    for (const n of ['admin', 'coord', 'coord2', 'tutor2']) {
      assert.ok(!res.text.includes(acct[n].email), `${n} hidden from the coordinator`);
    }
    const form = res.text.slice(res.text.indexOf('id="invite-heading"'));
    assert.ok(!form.includes('<option value="admin"'));
    assert.ok(!form.includes('<option value="coordinator"'));
    assert.ok(form.includes('<option value="tutor"'));
    // The municipalities offered are the region's, not another region's.
    assert.ok(form.includes('value="611"'));
    assert.ok(!form.includes('value="998"'));
  });
  it('filters by role and by text in the name or address, without JavaScript', async () => {
    let res = await as.admin.get('/en/admin/users?role=tutor');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(acct.tutor.email) && res.text.includes(acct.tutor2.email));
    assert.ok(!res.text.includes(acct.municipal.email));
    assert.match(res.text, /<option value="tutor" selected>/);
    res = await as.admin.get('/en/admin/users?q=MAIJA');
    assert.ok(res.text.includes(acct.municipal.email));
    assert.ok(!res.text.includes(acct.tutor.email));
    res = await as.admin.get(`/en/admin/users?q=${encodeURIComponent(acct.tutor.email.split('@')[0].toUpperCase())}`);
    assert.ok(res.text.includes(acct.tutor.email));
    assert.ok(!res.text.includes(acct.municipal.email));
    res = await as.admin.get('/en/admin/users?q=nobody-has-this');
    assert.match(res.text, /No accounts match the filters\./);
  });
  it('refuses a bad filter with 400 and says why', async () => {
    let res = await as.admin.get('/en/admin/users?role=wizard');
    assert.equal(res.status, 400);
    assert.match(res.text, /Choose a role from the list\./);
    res = await as.admin.get(`/en/admin/users?q=${'x'.repeat(201)}`);
    assert.equal(res.status, 400);
    assert.match(res.text, /The search text is too long\./);
  });
});

describe('inviting', () => {
  it('an administrator invites a tutor: account, e-mail, audit; the link sets a password and signing in works', async () => {
    const email = `new.tutor.${unique('i')}@example.fi`;
    const c0 = Number(q(srv.db, 'SELECT count(*) FROM audit_log'));
    const res = await post(as.admin, '/fi/admin/users', {
      email: email.toUpperCase(), name: 'Noora Newcomer', lang: 'sv', role: 'tutor', scope: ['049', '091'],
    });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const loc = new URL(res.headers.location, srv.url);
    assert.equal(loc.pathname, '/fi/admin/users');
    assert.equal(loc.searchParams.get('done'), 'invited');
    const id = Number(loc.searchParams.get('id'));
    assert.equal(q(srv.db, `SELECT email || '|' || name || '|' || role || '|' || lang || '|' || active || '|' || CAST((password_hash IS NULL) AS INTEGER) FROM account WHERE id = ${id}`),
      `${email}|Noora Newcomer|tutor|sv|1|1`);
    assert.equal(q(srv.db, `SELECT group_concat(ref, ',') FROM (SELECT ref FROM account_scope WHERE account_id = ${id} ORDER BY ref)`), '049,091');
    assert.equal(Number(q(srv.db, 'SELECT count(*) FROM audit_log')), c0 + 1);
    assert.equal(q(srv.db, 'SELECT account_id || \'|\' || action || \'|\' || object_type || \'|\' || object_id || \'|\' || detail FROM audit_log ORDER BY id DESC LIMIT 1'),
      `${acct.admin.id}|account.invite|account|${id}|tutor`);

    // The notice after the redirect names the address; the link itself is
    // never on a page.
    const page = await as.admin.get(res.headers.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /Kutsu on lähetetty sähköpostilla osoitteeseen:/);
    assert.ok(page.text.includes(email));
    assert.ok(!page.text.includes('password/set?token='));

    // The e-mail, in the invitee's language (Swedish), with the link.
    const mail = await waitMail(email);
    assert.match(mail, /Subject: =\?UTF-8\?B\?/);
    assert.match(mail, /Kommuntutor/);
    assert.match(mail, /inom sju dagar/);
    const link = linkOf(mail);
    assert.ok(link.startsWith('/sv/password/set?token='));

    const visitor = new Client(srv.url);
    const form = await visitor.get(link);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes(email));
    visitor.csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
    const token = new URL(link, srv.url).searchParams.get('token');
    const pw = 'a new and long enough password';
    const set = await visitor.post('/sv/password/set', { token, password: pw, password2: pw });
    assert.equal(set.status, 303);
    assert.equal(set.headers.location, '/sv/signin?done=password');
    const c = await signIn(srv.url, email, pw);
    assert.ok(c.cookies.tv_session);
    assert.equal(q(srv.db, `SELECT password_hash IS NOT NULL FROM account WHERE id = ${id}`), '1');
  });

  it('a coordinator invites a municipal coordinator of their region', async () => {
    const email = `muni.${unique('i')}@example.fi`;
    const res = await post(as.coord, '/en/admin/users', {
      email, name: 'Pekka Pornainen', lang: 'fi', role: 'municipal-coordinator', municipality: '611',
    });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const id = Number(new URL(res.headers.location, srv.url).searchParams.get('id'));
    const regionId = q(srv.db, "SELECT id FROM region WHERE code = 'uusimaa'");
    assert.equal(q(srv.db, `SELECT role || '|' || region_id || '|' || municipality_code FROM account WHERE id = ${id}`),
      `municipal-coordinator|${regionId}|611`);
    const mail = await waitMail(email);
    assert.match(mail, /Kunnan digitukikoordinaattori/);
    // It appears in the coordinator's list.
    assert.ok((await as.coord.get('/en/admin/users')).text.includes(email));
  });

  it('a coordinator cannot invite an administrator or a coordinator (403, nothing written)', async () => {
    for (const role of ['admin', 'coordinator']) {
      const res = await unchanged(() => post(as.coord, '/en/admin/users', {
        email: `${role}.${unique('x')}@example.fi`, name: 'Eve', lang: 'fi', role,
      }));
      assert.equal(res.status, 403, role);
      assert.match(res.text, /You may not give this role\./);
    }
  });

  it('refuses bad input with the form kept and nothing written', async () => {
    const good = { email: `bad.${unique('x')}@example.fi`, name: 'Valid Name', lang: 'fi', role: 'tutor', scope: '091' };
    const cases = [
      ['invalid e-mail', { email: 'not an address' }, /Write the e-mail address in the form name@example\.fi\./, 'not an address'],
      ['too long e-mail', { email: `${'a'.repeat(250)}@example.fi` }, /Write the e-mail address/],
      ['no name', { name: '   ' }, /Write the person&#39;s name\./],
      ['too long name', { name: 'ä'.repeat(201) }, /The name is too long/],
      ['name with a line break', { name: 'Two\nlines' }, /line breaks/],
      ['unknown role', { role: 'wizard' }, /Choose a role\./],
      ['no role', { role: '' }, /Choose a role\./],
      ['unknown language', { lang: 'de' }, /Choose a language from the list\./],
      ['tutor without municipalities', { scope: undefined }, /A tutor needs at least one municipality to support\./],
      ['municipality that does not exist', { scope: '000' }, /Choose the municipalities from the list\./],
      ['municipality of another region', { scope: '998' }, /Choose the municipalities from the list\./],
      ['municipal coordinator without a municipality', { role: 'municipal-coordinator', municipality: '' }, /A municipal coordinator needs a municipality\./],
      ['municipal coordinator of an unknown municipality', { role: 'municipal-coordinator', municipality: '999' }, /Choose the municipality from the list\./],
      ['address taken', { email: acct.tutor.email.toUpperCase() }, /An account with this e-mail address exists already\./],
    ];
    for (const [label, change, message, kept] of cases) {
      const fields = { ...good, ...change };
      for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
      const res = await unchanged(() => post(as.admin, '/en/admin/users', fields));
      assert.equal(res.status, 400, `${label}: ${res.status}`);
      assert.match(res.text, message, label);
      assert.match(res.text, /class="error-summary"/, label);
      if (kept) assert.ok(res.text.includes(`value="${kept}"`), `${label}: value kept`);
      // The name is kept too (unless it is the mistake).
      if (!('name' in change)) assert.ok(res.text.includes('value="Valid Name"'), `${label}: name kept`);
    }
  });

  it('a coordinator cannot invite into another region by sending its municipality (400, nothing written)', async () => {
    const res = await unchanged(() => post(as.coord, '/en/admin/users', {
      email: `x.${unique('x')}@example.fi`, name: 'X', lang: 'fi', role: 'municipal-coordinator', municipality: '998',
    }));
    assert.equal(res.status, 400);
  });

  it('needs the CSRF token (403, nothing written)', async () => {
    const res = await unchanged(() => post(as.admin, '/en/admin/users', {
      csrf: 'A'.repeat(43), email: `x.${unique('x')}@example.fi`, name: 'X', lang: 'fi', role: 'supporter',
    }));
    assert.equal(res.status, 403);
  });

  it('escapes names and addresses everywhere', async () => {
    const email = `esc.${unique('x')}@example.fi`;
    const name = '<script>alert(1)</script> & "Quote"';
    const res = await post(as.admin, '/en/admin/users', { email, name, lang: 'en', role: 'supporter' });
    assert.equal(res.status, 303);
    const id = Number(new URL(res.headers.location, srv.url).searchParams.get('id'));
    for (const p of ['/en/admin/users', `/en/admin/users/${id}`, `/en/admin/users?q=${encodeURIComponent('<script>')}`]) {
      const page = await as.admin.get(p);
      assert.equal(page.status, 200, p);
      assert.ok(!page.text.includes('<script>alert(1)'), `raw script on ${p}`);
      assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Quote&quot;'), p);
    }
    const bad = await post(as.admin, '/en/admin/users', { email: 'x', name, lang: 'en', role: 'supporter' });
    assert.equal(bad.status, 400);
    assert.ok(!bad.text.includes('<script>alert(1)'));
  });
});

describe('one account', () => {
  it('shows an account with its role form; 404 for unknown, malformed and unmanageable ids', async () => {
    let res = await as.admin.get(`/en/admin/users/${acct.tutor.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>Tuula Tutor<\/h1>/);
    assert.match(res.text, /<option value="tutor" selected>/);
    assert.match(res.text, /id="scope-091" name="scope" value="091" checked/);
    // Deactivating is asked on a page of its own (tests/http/confirm.test.mjs).
    assert.ok(res.text.includes(`href="/en/admin/users/${acct.tutor.id}/deactivate"`));
    res = await as.coord.get(`/en/admin/users/${acct.tutor.id}`);
    assert.equal(res.status, 200);
    for (const p of ['999999999', 'abc', '0', '-1', '01', `${acct.tutor.id}x`, '1e3', '99999999999999999999999']) {
      assert.equal((await as.admin.get(`/en/admin/users/${p}`)).status, 404, p);
    }
    for (const n of ['admin', 'coord', 'coord2', 'tutor2', 'supporter']) {
      const r = await as.coord.get(`/en/admin/users/${acct[n].id}`);
      assert.equal(r.status, 404, `coordinator sees ${n}`);
      assert.ok(!r.text.includes(acct[n].email));
    }
  });

  it('a coordinator cannot change, deactivate or reinvite accounts outside their reach (404/403, nothing written)', async () => {
    const tries = [];
    for (const n of ['admin', 'coord', 'coord2', 'tutor2']) {
      const id = acct[n].id;
      tries.push([`update ${n}`, `/en/admin/users/${id}`, { role: 'supporter' }, 404]);
      tries.push([`deactivate ${n}`, `/en/admin/users/${id}/deactivate`, {}, 404]);
      tries.push([`activate ${n}`, `/en/admin/users/${id}/activate`, {}, 404]);
      tries.push([`reinvite ${n}`, `/en/admin/users/${id}/reinvite`, {}, 404]);
    }
    tries.push(['promote a tutor to coordinator', `/en/admin/users/${acct.tutor.id}`, { role: 'coordinator' }, 403]);
    tries.push(['promote a tutor to administrator', `/en/admin/users/${acct.tutor.id}`, { role: 'admin' }, 403]);
    tries.push(['tutor of another region', `/en/admin/users/${acct.tutor.id}`, { role: 'tutor', scope: '998' }, 400]);
    tries.push(['unknown id', '/en/admin/users/999999999', { role: 'supporter' }, 404]);
    tries.push(['malformed id', '/en/admin/users/x1', { role: 'supporter' }, 404]);
    for (const [label, p, fields, status] of tries) {
      const res = await unchanged(() => post(as.coord, p, fields));
      assert.equal(res.status, status, `${label}: ${res.status}`);
    }
  });

  it('changes role and scope in one transaction: sessions end, audit says old → new', async () => {
    const t = add('editable', 'tutor', { name: 'Eino Editable', scopes: ['091'] });
    const c = await signIn(srv.url, t.email, t.password);
    assert.equal(q(srv.db, `SELECT count(*) FROM session WHERE account_id = ${t.id}`), '1');
    const res = await post(as.coord, `/en/admin/users/${t.id}`, {
      role: 'municipal-coordinator', municipality: '611', scope: '091',
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.headers.location, `/en/admin/users/${t.id}?done=saved`);
    assert.equal(q(srv.db, `SELECT role || '|' || municipality_code FROM account WHERE id = ${t.id}`), 'municipal-coordinator|611');
    assert.equal(q(srv.db, `SELECT count(*) FROM account_scope WHERE account_id = ${t.id}`), '0');
    assert.equal(q(srv.db, `SELECT count(*) FROM session WHERE account_id = ${t.id}`), '0');
    assert.equal(q(srv.db, "SELECT account_id || '|' || action || '|' || object_id || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1"),
      `${acct.coord.id}|account.set-role|${t.id}|tutor (091) → municipal-coordinator (611)`);
    // The old session no longer works.
    assert.equal((await c.get('/en/account')).status, 303);
    const page = await as.coord.get(res.headers.location);
    assert.match(page.text, /The role is saved\./);
    assert.match(page.text, /<option value="611" selected>/);
  });

  it('an administrator may not demote themself as the last active administrator (409, nothing written)', async () => {
    // The demo's own administrator is not signed in here.
    sqlite(srv.db, "UPDATE account SET active = 0 WHERE email = 'admin@example.fi';");
    const others = Number(q(srv.db, `SELECT count(*) FROM account WHERE role = 'admin' AND active = 1 AND erased_at IS NULL AND id <> ${acct.admin.id}`));
    assert.equal(others, 0, 'the test needs the admin to be the only one');
    const res = await unchanged(() => post(as.admin, `/en/admin/users/${acct.admin.id}`, { role: 'supporter' }));
    assert.equal(res.status, 409);
    assert.match(res.text, /last active administrator/);
  });

  it('a second administrator can be made and then demoted', async () => {
    const a2 = add('admin2', 'supporter', { name: 'Second' });
    let res = await post(as.admin, `/en/admin/users/${a2.id}`, { role: 'admin' });
    assert.equal(res.status, 303);
    assert.equal(q(srv.db, `SELECT role || '|' || coalesce(CAST(region_id AS TEXT), 'null') FROM account WHERE id = ${a2.id}`), 'admin|null');
    res = await post(as.admin, `/en/admin/users/${a2.id}`, { role: 'supporter' });
    assert.equal(res.status, 303);
  });

  it('deactivates and activates an account; one cannot deactivate oneself', async () => {
    const t = add('deact', 'tutor', { scopes: ['091'] });
    const c = await signIn(srv.url, t.email, t.password);
    let res = await post(as.coord, `/en/admin/users/${t.id}/deactivate`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/en/admin/users/${t.id}?done=deactivated`);
    assert.equal(q(srv.db, `SELECT active FROM account WHERE id = ${t.id}`), '0');
    assert.equal(q(srv.db, `SELECT count(*) FROM session WHERE account_id = ${t.id}`), '0');
    assert.equal(q(srv.db, "SELECT action || '|' || object_id FROM audit_log ORDER BY id DESC LIMIT 1"), `account.deactivate|${t.id}`);
    assert.equal((await c.get('/en/account')).status, 303, 'the session ended');
    await assert.rejects(() => signIn(srv.url, t.email, t.password), /answered 400/);
    let page = await as.coord.get(res.headers.location);
    assert.match(page.text, /The account is deactivated\./);
    assert.ok(page.text.includes(`/en/admin/users/${t.id}/activate`));

    // Deactivating again changes nothing.
    res = await unchanged(() => post(as.coord, `/en/admin/users/${t.id}/deactivate`, {}));
    assert.equal(res.status, 303);

    res = await post(as.coord, `/en/admin/users/${t.id}/activate`, {});
    assert.equal(res.status, 303);
    assert.equal(q(srv.db, `SELECT active FROM account WHERE id = ${t.id}`), '1');
    assert.equal(q(srv.db, "SELECT action || '|' || object_id FROM audit_log ORDER BY id DESC LIMIT 1"), `account.activate|${t.id}`);
    await signIn(srv.url, t.email, t.password);

    res = await unchanged(() => post(as.admin, `/en/admin/users/${acct.admin.id}/deactivate`, {}));
    assert.equal(res.status, 409);
    assert.match(res.text, /You cannot deactivate your own account\./);
    page = await as.admin.get(`/en/admin/users/${acct.admin.id}`);
    assert.ok(!page.text.includes(`/en/admin/users/${acct.admin.id}/deactivate`));
  });

  it('sends a new invitation: the old link stops working, the new one works', async () => {
    const email = `reinv.${unique('r')}@example.fi`;
    let res = await post(as.coord, '/en/admin/users', { email, name: 'Riikka Reinvited', lang: 'en', role: 'tutor', scope: '611' });
    assert.equal(res.status, 303);
    const id = Number(new URL(res.headers.location, srv.url).searchParams.get('id'));
    const first = linkOf(await waitMail(email, 1));
    res = await post(as.coord, `/en/admin/users/${id}/reinvite`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/en/admin/users/${id}?done=reinvited`);
    assert.equal(q(srv.db, "SELECT action || '|' || object_id FROM audit_log ORDER BY id DESC LIMIT 1"), `account.reinvite|${id}`);
    const mail = await waitMail(email, 2);
    assert.match(mail, /This is a new invitation link\./);
    const second = linkOf(mail);
    assert.notEqual(first, second);
    const visitor = new Client(srv.url);
    assert.equal((await visitor.get(first)).status, 410);
    assert.equal((await visitor.get(second)).status, 200);

    // An account with a password gets no invitation (409, nothing written).
    res = await unchanged(() => post(as.coord, `/en/admin/users/${acct.tutor.id}/reinvite`, {}));
    assert.equal(res.status, 409);
    assert.match(res.text, /already chosen a password/);
  });
});

describe('the audit log', () => {
  let base;	// audit rows made here are told apart by this action prefix
  before(() => {
    base = `test.${unique('a').replace(/[^a-z0-9]/gi, '')}`;
    const rows = [];
    // 120 rows by the tutor, one second apart, newest last.
    for (let i = 0; i < 120; i++) {
      rows.push(`(${1700000000 + i}, ${acct.tutor.id}, '${base}.bulk', 'thing', '${i}', 'n${i}', '192.0.2.1')`);
    }
    // By the other region's tutor, by nobody (cli), on both sides of a
    // daylight-saving change (Helsinki, 26 March 2023: 03:00 -> 04:00).
    const at = (iso) => Math.floor(Date.parse(iso) / 1000);
    rows.push(`(${at('2023-03-25T21:59:00Z')}, ${acct.tutor2.id}, '${base}.date', 'd', 'before', '', '')`);	// 25.3. 23.59
    rows.push(`(${at('2023-03-25T22:30:00Z')}, ${acct.tutor2.id}, '${base}.date', 'd', 'first', '', '')`);	// 26.3. 0.30
    rows.push(`(${at('2023-03-26T20:30:00Z')}, ${acct.tutor.id}, '${base}.date', 'd', 'last', '', '')`);	// 26.3. 23.30
    rows.push(`(${at('2023-03-26T21:10:00Z')}, NULL, '${base}.date', 'd', 'after', '', 'cli')`);	// 27.3. 0.10
    sqlite(srv.db, `INSERT INTO audit_log (at, account_id, action, object_type, object_id, detail, address) VALUES ${rows.join(',')};`);
  });

  it('is newest first, 50 rows a page, with previous and next links that keep the filters', async () => {
    let res = await as.admin.get(`/en/admin/audit?action=${base}.bulk`);
    assert.equal(res.status, 200);
    const ids = (t) => [...t.matchAll(/<td>thing (\d+)<\/td>/g)].map((m) => Number(m[1]));
    let got = ids(res.text);
    assert.equal(got.length, 50);
    assert.equal(got[0], 119);
    assert.equal(got[49], 70);
    const link = (t, rel) => (new RegExp(`rel="${rel}" href="([^"]+)"`).exec(t) ?? [])[1]?.replaceAll('&amp;', '&');
    const next = link(res.text, 'next');
    assert.match(next, new RegExp(`^/en/admin/audit\\?action=${base.replace(/\./g, '\\.')}\\.bulk&after=\\d+\\.\\d+$`));
    assert.ok(!res.text.includes('rel="prev"'));
    res = await as.admin.get(next);
    got = ids(res.text);
    assert.equal(got[0], 69);
    assert.equal(got.length, 50);
    res = await as.admin.get(link(res.text, 'next'));
    got = ids(res.text);
    assert.equal(got.length, 20);
    assert.equal(got[19], 0);
    assert.ok(res.text.includes('rel="prev"'));
    assert.ok(!res.text.includes('rel="next"'));
    assert.match(res.text, /<caption id="audit-caption">/);
    assert.match(res.text, /<th scope="col">Who<\/th>/);
    // Back: the page before the last is the second, newest first.
    res = await as.admin.get(link(res.text, 'prev'));
    got = ids(res.text);
    assert.deepEqual([got[0], got[49]], [69, 20]);
    assert.ok(res.text.includes('rel="prev"') && res.text.includes('rel="next"'));
    res = await as.admin.get(`/en/admin/audit?action=${base}.bulk&after=1.1`);
    assert.equal(res.status, 200);
    assert.match(res.text, /No events match the filters\./);
  });

  it('filters by account, object and date range (Helsinki days)', async () => {
    let res = await as.admin.get(`/en/admin/audit?action=${base}.date&from=2023-03-26&to=2023-03-26`);
    assert.equal(res.status, 200);
    const objs = (t) => [...t.matchAll(/<td>d (\w+)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(objs(res.text), ['last', 'first']);
    res = await as.admin.get(`/en/admin/audit?action=${base}.date&from=2023-03-27`);
    assert.deepEqual(objs(res.text), ['after']);
    assert.match(res.text, /command line/);
    res = await as.admin.get(`/en/admin/audit?action=${base}.date&to=2023-03-25`);
    assert.deepEqual(objs(res.text), ['before']);
    res = await as.admin.get(`/en/admin/audit?action=${base}.date&email=${encodeURIComponent(acct.tutor2.email.toUpperCase())}`);
    assert.deepEqual(objs(res.text), ['first', 'before']);
    res = await as.admin.get(`/en/admin/audit?object_type=thing&object_id=7&action=${base}.bulk`);
    assert.deepEqual([...res.text.matchAll(/<td>thing (\d+)<\/td>/g)].map((m) => m[1]), ['7']);
    // Account events of one account (the link on the account page).
    res = await as.admin.get(`/en/admin/audit?object_type=account&object_id=${acct.tutor.id}`);
    assert.equal(res.status, 200);
    // Wildcards in the address filter are taken literally.
    res = await as.admin.get(`/en/admin/audit?action=${base}.date&email=%25`);
    assert.deepEqual(objs(res.text), []);
  });

  it('shows a coordinator only the events of accounts in their region', async () => {
    let res = await as.coord.get(`/en/admin/audit?action=${base}.date`);
    assert.equal(res.status, 200);
    const objs = (t) => [...t.matchAll(/<td>d (\w+)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(objs(res.text), ['last']);	// not the other region's, not the command line's
    assert.match(res.text, /You see the events of the accounts in your region\./);
    res = await as.coord2.get(`/en/admin/audit?action=${base}.date`);
    assert.deepEqual(objs(res.text), ['first', 'before']);
    // The administrator's own invitations are not shown to the coordinator.
    res = await as.coord.get('/en/admin/audit?action=account.invite');
    assert.ok(!res.text.includes(acct.admin.email));
    res = await as.admin.get('/en/admin/audit?action=account.invite');
    assert.ok(res.text.includes(acct.admin.email));
  });

  it('refuses bad filters with 400, the form kept', async () => {
    const bad = [
      ['from=2023-02-30', /Write the date in the form 2024-05-31\./],
      ['from=2023-1-1', /Write the date/],
      ['to=yesterday', /Write the date/],
      ['from=2023-03-27&to=2023-03-26', /The first day is after the last day\./],
      ['after=0', /The page link is not valid\./],
      ['after=abc.1', /The page link is not valid\./],
      ['before=1.2&after=1.2', /The page link is not valid\./],
      [`action=${'a'.repeat(101)}`, /The action is too long/],
      [`object_id=${'1'.repeat(101)}`, /The object id is too long/],
      [`email=${'e'.repeat(255)}`, /The e-mail address is too long\./],
    ];
    for (const [qs, message] of bad) {
      const res = await as.admin.get(`/en/admin/audit?${qs}`);
      assert.equal(res.status, 400, qs);
      assert.match(res.text, message, qs);
    }
    const res = await as.admin.get('/en/admin/audit?from=2023-02-30&action=%3Cb%3E');
    assert.ok(res.text.includes('value="2023-02-30"'));
    assert.ok(res.text.includes('value="&lt;b&gt;"'));
  });
});

describe('the accessibility feedback', () => {
  it('lists feedback newest first, 50 a page, escaped, for coordinators and administrators', async () => {
    const rows = [];
    for (let i = 0; i < 55; i++) {
      rows.push(`(${1600000000 + i}, 'sv', '/sv/', 'message ${i} <script>x</script>', ${i === 54 ? "'reader@example.fi'" : "''"})`);
    }
    sqlite(srv.db, `INSERT INTO feedback (created_at, lang, page, message, contact) VALUES ${rows.join(',')};`);
    const newest = Number(q(srv.db, 'SELECT count(*) FROM feedback WHERE created_at > 1600000054'));
    let res = await as.coord.get('/en/admin/feedback');
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>x'));
    const msgs = (t) => [...t.matchAll(/>message (\d+) &lt;script&gt;/g)].map((m) => Number(m[1]));
    let got = msgs(res.text);
    assert.equal(got.length, 50 - newest);
    assert.equal(got[0], 54);
    assert.ok(res.text.includes('mailto:reader%40example.fi'));
    assert.match(res.text, /<td lang="sv">message 54/);
    assert.ok(res.text.includes('rel="next" href="/en/admin/feedback?page=2"'));
    res = await as.admin.get('/en/admin/feedback?page=2');
    got = msgs(res.text);
    assert.equal(got[got.length - 1], 0);
    assert.equal(got.length, 5 + newest);
    assert.equal((await as.admin.get('/en/admin/feedback?page=x')).status, 400);
  });

  it('shows feedback sent through the form', async () => {
    const visitor = new Client(srv.url);
    await visitor.loadCsrf('/fi/accessibility');
    const msg = `Kontrasti on liian heikko ${unique('f')}`;
    const r = await visitor.post('/fi/accessibility', { message: msg, contact: '', page: '/fi/' });
    assert.equal(r.status, 303);
    const res = await as.admin.get('/fi/admin/feedback');
    assert.ok(textOf(res.text).includes(msg));
  });
});
