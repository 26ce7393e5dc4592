// The forms of sign-in, passwords, the account page, the administration of
// accounts and the accessibility feedback on the form model (view/form.h):
// every mistake comes back at once in one 400 page, with a summary that
// links to each field, aria-invalid on the fields, "Virhe:" at the start of
// the Finnish title, and nothing written.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let admin;
let supporter;

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST] });
  const a = addUser(srv, `forms.admin.${unique('a')}@example.fi`, 'admin');
  admin = await signIn(srv.url, a.email, a.password);
  await admin.loadCsrf('/fi/admin/users');
  const s = addUser(srv, `forms.supporter.${unique('s')}@example.fi`, 'supporter');
  supporter = await signIn(srv.url, s.email, s.password);
});

after(async () => {
  await srv?.stop();
});

/** Runs fn and asserts that the database did not change. */
async function unchanged(fn) {
  const before = snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** A 400 page listing the mistakes of `fields`, each linked and marked. */
function assertMistakes(res, fields, label) {
  assert.equal(res.status, 400, `${label}: status ${res.status}`);
  assert.match(res.text, /<title>Virhe: /, `${label}: the title starts with "Virhe:"`);
  const summary = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(res.text);
  assert.ok(summary, `${label}: an error summary`);
  const links = [...summary[1].matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(links.sort(), [...fields].sort(), `${label}: the summary links`);
  for (const f of fields) {
    const control = new RegExp(`id="${f}"[^>]*aria-describedby="[^"]*${f}-error"[^>]*aria-invalid="true"`);
    assert.match(res.text, control, `${label}: ${f} is marked invalid`);
    assert.match(res.text, new RegExp(`class="field__error" id="${f}-error"`), `${label}: ${f} has its line`);
  }
}

describe('sign-in and password forms', () => {
  it('sign in: no address and no password, both at once', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/signin');
    const res = await unchanged(() => c.post('/fi/signin', { email: '', password: '' }));
    assertMistakes(res, ['email', 'password'], 'sign in');
    assert.equal(c.cookies.tv_session, undefined);
  });

  it('sign in: an address that is no address, and no password', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/signin');
    const res = await unchanged(() => c.post('/fi/signin', { email: 'not an address', password: '' }));
    assertMistakes(res, ['email', 'password'], 'sign in');
    assert.ok(res.text.includes('value="not an address"'), 'the address is kept');
  });

  it('forgot password: a malformed address, no mail', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/password/forgot');
    const res = await unchanged(() => c.post('/fi/password/forgot', { email: 'nobody@' }));
    assertMistakes(res, ['email'], 'forgot');
  });

  it('set password: too short and not the same, both at once; the link still works', async () => {
    const u = addUser(srv, `forms.invited.${unique('i')}@example.fi`, 'supporter', { password: null });
    const c = new Client(srv.url);
    await c.loadCsrf(u.invite);
    const token = new URL(u.invite, srv.url).searchParams.get('token');
    const res = await unchanged(() => c.post('/fi/password/set', { token, password: 'short', password2: 'other' }));
    assertMistakes(res, ['password', 'password2'], 'set password');
    assert.ok(res.text.includes(`name="token" value="${token}"`), 'the form stays');
  });
});

describe('the account page', () => {
  it('token: no name and an unknown scope, both at once', async () => {
    const res = await unchanged(() => supporter.post('/fi/account/tokens', { name: '  ', scope: 'admin' }));
    assertMistakes(res, ['name', 'scope'], 'token');
    assert.doesNotMatch(res.text, /<code class="token">/);
  });

  it('token: the name written is kept when the scope is wrong', async () => {
    const res = await unchanged(() => supporter.post('/fi/account/tokens', { name: 'my script', scope: '' }));
    assertMistakes(res, ['scope'], 'token');
    assert.ok(res.text.includes('value="my script"'));
  });

  it('reminders: no choice', async () => {
    const res = await unchanged(() => supporter.post('/fi/account/notify', { notify: 'maybe' }));
    assertMistakes(res, ['notify'], 'notify');
  });
});

describe('administration of accounts', () => {
  it('invitation: address, name, language and role wrong at once', async () => {
    const res = await unchanged(() => admin.post('/fi/admin/users', {
      email: 'not an address', name: '', lang: 'de', role: 'wizard',
    }));
    assertMistakes(res, ['email', 'name', 'lang', 'role'], 'invite');
    assert.ok(res.text.includes('value="not an address"'));
  });

  it('invitation: a tutor without municipalities and a name with a line break', async () => {
    const res = await unchanged(() => admin.post('/fi/admin/users', {
      email: `ok.${unique('x')}@example.fi`, name: 'Two\nlines', lang: 'fi', role: 'tutor',
    }));
    assertMistakes(res, ['name', 'scopes'], 'invite');
  });

  it('role change: a municipality that is not on the list', async () => {
    const t = addUser(srv, `forms.tutor.${unique('t')}@example.fi`, 'tutor', { scopes: ['091'] });
    const res = await unchanged(() => admin.post(`/fi/admin/users/${t.id}`, {
      role: 'municipal-coordinator', municipality: '999',
    }));
    assertMistakes(res, ['municipality'], 'update');
  });
});

describe('the accessibility feedback', () => {
  it('no message and a contact that is no address, both at once', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/accessibility');
    const res = await unchanged(() => c.post('/fi/accessibility', { message: ' ', contact: 'nope' }));
    assertMistakes(res, ['message', 'contact'], 'feedback');
    assert.ok(res.text.includes('value="nope"'));
  });
});

describe('route loaders', () => {
  it("revoking another account's token is 404 and writes nothing; one's own works once", async () => {
    const created = await admin.post('/fi/account/tokens', { name: 'admin script', scope: 'read' });
    assert.equal(created.status, 200);
    // Revoking is asked on a page of its own (tests/http/confirm.test.mjs).
    const m = /href="\/fi\/account\/tokens\/(\d+)\/revoke"/.exec(created.text);
    assert.ok(m, 'a revoke link');
    await supporter.loadCsrf('/fi/account');
    const foreign = await unchanged(() => supporter.post(`/fi/account/tokens/${m[1]}/revoke`, {}));
    assert.equal(foreign.status, 404);
    await admin.loadCsrf('/fi/account');
    const own = await admin.post(`/fi/account/tokens/${m[1]}/revoke`, {});
    assert.equal(own.status, 303);
    const again = await unchanged(() => admin.post(`/fi/account/tokens/${m[1]}/revoke`, {}));
    assert.equal(again.status, 404, 'a revoked token is gone');
  });
});
