// The write side of the network against the real binary: organisations
// and people (with roles and consent to be shown publicly) managed by
// network coordinators within their region, and each municipality's
// description of its digital support, edited in Markdown by its municipal
// coordinator or the coordinators and shown safely, at once, on the cached
// public page.  Refused and malformed requests write nothing and keep the
// form.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  Client, cli, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let work;
const acct = {};
const as = {};
let otherOrg;		// an organisation of the second region
let otherPerson;	// a person of it

const q = (s) => sqlite(srv.db, s).trim();
const esc = (s) => s.replace(/'/g, "''");
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/ ,/g, ',');
const anon = () => new Client(srv.url);

function add(name, role, opts = {}) {
  const email = `${name.toLowerCase()}.${unique('n')}@example.fi`;
  const pw = `pw-${unique('p')}-long`;
  const args = ['user', 'add', email, '--role', role, '--db', srv.db, ...PASSWORD_COST, '--password-stdin',
    '--name', opts.name ?? name];
  if (opts.region) args.push('--region', opts.region);
  if (opts.municipality) args.push('--municipality', opts.municipality);
  for (const s of opts.scopes ?? []) args.push('--scope', s);
  cli(srv.bin, args, { input: `${pw}\n` });
  acct[name] = { email, password: pw, id: Number(q(`SELECT id FROM account WHERE email = '${email}';`)) };
}

function post(c, p, fields) {
  const params = new URLSearchParams();
  const all = 'csrf' in fields ? fields : { csrf: c.csrf, ...fields };
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  }
  return c.req(p, { method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

const lastAudit = () => q("SELECT action || '|' || object_type || '|' || object_id || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1;");
const orgId = (nameFi) => Number(q(`SELECT id FROM organisation WHERE name_fi = '${esc(nameFi)}';`));
const personId = (name) => Number(q(`SELECT id FROM person WHERE name = '${esc(name)}';`));

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-network-'));
  srv = await startServer({ args: [...PASSWORD_COST] });
  const csv = path.join(work, 'other.csv');
  writeFileSync(csv, 'code,name_fi,name_sv,language_status\n998,Testikunta,Testkommun,fi\n');
  cli(srv.bin, ['import', 'municipalities', csv, '--region', 'testialue', '--db', srv.db]);
  otherOrg = Number(q(`INSERT INTO organisation (region_id, municipality_code, kind, name_fi) SELECT id, '998', 'library', 'Testikunnan kirjasto' FROM region WHERE code = 'testialue' RETURNING id;`));
  otherPerson = Number(q(`INSERT INTO person (name, organisation_id, is_public) VALUES ('Toisen Alueen Ihminen', ${otherOrg}, 1) RETURNING id;`));
  add('admin', 'admin');
  add('coord', 'coordinator');
  add('coord2', 'coordinator', { region: 'testialue' });
  add('tutor', 'tutor', { scopes: ['611'] });
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('other', 'municipal-coordinator', { municipality: '224' });
  add('supporter', 'supporter');
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('who reaches the organisation and people pages', () => {
  it('anonymous visitors sign in first; other roles than coordinators and administrators get 403', async () => {
    const pages = ['/fi/network/organisations', '/fi/network/organisations/new', `/fi/network/organisations/${orgId('Pornaisten kirjasto')}`,
      '/fi/network/people', '/fi/network/people/new', `/fi/network/people/${personId('Sanna Kuvitelma')}`];
    for (const p of pages) {
      const res = await anon().get(p);
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.location, `/fi/signin?next=${encodeURIComponent(p)}`);
      for (const n of ['supporter', 'municipal', 'tutor', 'other']) assert.equal((await as[n].get(p)).status, 403, `${n} ${p}`);
      for (const n of ['coord', 'admin']) assert.equal((await as[n].get(p)).status, 200, `${n} ${p}`);
    }
  });
  it('their writes are refused and write nothing', async () => {
    const org = orgId('Pornaisten kirjasto');
    const sanna = personId('Sanna Kuvitelma');
    for (const n of ['supporter', 'municipal', 'tutor']) {
      await unchanged(async () => {
        for (const [p, f] of [
          ['/fi/network/organisations', { kind: 'library', name_fi: 'X' }],
          [`/fi/network/organisations/${org}`, { kind: 'library', name_fi: 'X' }],
          [`/fi/network/organisations/${orgId('Pornaisten eläkeläiset ry')}/delete`, {}],
          ['/fi/network/people', { name: 'X', organisation: String(org) }],
          [`/fi/network/people/${sanna}`, { name: 'X', organisation: String(org) }],
          [`/fi/network/people/${sanna}/delete`, {}],
        ]) assert.equal((await post(as[n], p, f)).status, 403, `${n} ${p}`);
      });
    }
    await unchanged(async () => {
      assert.equal((await anon().req('/fi/network/organisations', { method: 'POST', form: { kind: 'library', name_fi: 'X' } })).status, 403);
      assert.equal((await post(as.coord, '/fi/network/organisations', { kind: 'library', name_fi: 'X', csrf: 'forged' })).status, 403);
    });
  });
  it("a coordinator cannot see or change another region's organisations and people (404)", async () => {
    await unchanged(async () => {
      assert.equal((await as.coord.get(`/en/network/organisations/${otherOrg}`)).status, 404);
      assert.equal((await as.coord.get(`/en/network/people/${otherPerson}`)).status, 404);
      assert.equal((await post(as.coord, `/en/network/organisations/${otherOrg}`, { kind: 'library', name_fi: 'Hijacked' })).status, 404);
      assert.equal((await post(as.coord, `/en/network/organisations/${otherOrg}/delete`, {})).status, 404);
      assert.equal((await post(as.coord, `/en/network/people/${otherPerson}`, { name: 'Hijacked', organisation: String(otherOrg) })).status, 404);
      assert.equal((await post(as.coord, `/en/network/people/${otherPerson}/delete`, {})).status, 404);
      assert.equal((await as.coord2.get(`/en/network/organisations/${otherOrg}`)).status, 200);
      assert.equal((await as.coord2.get(`/en/network/organisations/${orgId('Pornaisten kirjasto')}`)).status, 404);
      assert.equal((await as.admin.get(`/en/network/people/${otherPerson}`)).status, 200);
      for (const id of ['999999', '0', '12x', '007']) {
        assert.equal((await as.admin.get(`/en/network/organisations/${id}`)).status, 404, id);
        assert.equal((await as.admin.get(`/en/network/people/${id}`)).status, 404, id);
        assert.equal((await post(as.admin, `/en/network/organisations/${id}/delete`, {})).status, 404, id);
        assert.equal((await post(as.admin, `/en/network/people/${id}/delete`, {})).status, 404, id);
      }
    });
  });
  it('the lists show only the viewer’s regions', async () => {
    let res = await as.coord.get('/en/network/organisations');
    assert.ok(res.text.includes('Pornainen Library'));
    assert.ok(!res.text.includes('Testikunnan kirjasto'));
    res = await as.admin.get('/en/network/organisations');
    assert.ok(res.text.includes('Testikunnan kirjasto'));
    res = await as.coord.get('/fi/network/people');
    assert.ok(res.text.includes('Sanna Kuvitelma'));
    assert.ok(!res.text.includes('Toisen Alueen Ihminen'));
    assert.match(textOf(res.text), /Sanna Kuvitelma tietoasiantuntija Pornaisten kirjasto Kunnan digitukikoordinaattori \(Pornainen\) kyllä/);
    res = await as.coord2.get('/fi/network/people');
    assert.ok(res.text.includes('Toisen Alueen Ihminen') && !res.text.includes('Sanna Kuvitelma'));
  });
});

describe('organisations', () => {
  let id;
  const GOOD = { kind: 'association', name_fi: 'Pornaisten kyläyhdistys', name_sv: 'Borgnäs byförening', name_en: '', municipality: '611', website: 'https://kyla.example.fi/digi' };
  it('a coordinator adds an organisation; it shows on the public page at once', async () => {
    const before = await anon().get('/fi/municipalities/611');	// primes the page cache
    assert.ok(!before.text.includes('Pornaisten kyläyhdistys'));
    const res = await post(as.coord, '/fi/network/organisations', GOOD);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const m = /^\/fi\/network\/organisations\/(\d+)\?done=created$/.exec(res.headers.location);
    assert.ok(m, res.headers.location);
    id = Number(m[1]);
    assert.equal(q(`SELECT r.code || '|' || o.kind || '|' || o.name_sv || '|' || o.municipality_code || '|' || o.website FROM organisation o JOIN region r ON r.id = o.region_id WHERE o.id = ${id};`),
      'uusimaa|association|Borgnäs byförening|611|https://kyla.example.fi/digi');
    assert.equal(lastAudit(), `organisation.create|organisation|${id}|association 611`);
    assert.match((await as.coord.get(res.headers.location)).text, /Organisaatio on lisätty\./);
    assert.ok((await anon().get('/fi/municipalities/611')).text.includes('Pornaisten kyläyhdistys'));
    // English falls back to Finnish, marked with lang.
    assert.ok((await anon().get('/en/municipalities/611')).text.includes('<span lang="fi">Pornaisten kyläyhdistys</span>'));
    // The list shows it with its kind and municipality; the form its values.
    const list = await as.coord.get('/en/network/organisations');
    const row = list.text.split('<tr>').find((r) => r.includes(`/organisations/${id}"`));
    assert.match(textOf(row), /Pornaisten kyläyhdistys Association Pornainen 0 https:\/\/kyla\.example\.fi\/digi/);
    const form = await as.coord.get(`/en/network/organisations/${id}`);
    assert.match(form.text, /<option value="association" selected>/);
    assert.match(form.text, /<option value="611" selected>Pornainen<\/option>/);
  });
  it('a region-wide organisation has no municipality', async () => {
    const res = await post(as.admin, '/sv/network/organisations', { kind: 'agency', name_fi: '', name_sv: 'Testverket', name_en: '', municipality: '', website: '' });
    assert.equal(res.status, 303);
    const oid = new URL(res.headers.location, srv.url).pathname.split('/').pop();
    assert.equal(q(`SELECT municipality_code IS NULL FROM organisation WHERE id = ${oid};`), '1');
    assert.match(textOf((await as.admin.get('/en/network/organisations')).text), /Testverket Government agency The whole region/);
  });
  it('refuses bad input with the form kept and nothing written', async () => {
    const cases = [
      ['unknown kind', { kind: 'castle' }, 'kind', /Choose the kind of organisation from the list\./],
      ['no kind', { kind: '' }, 'kind', /Choose the kind/],
      ['no name', { name_fi: ' ', name_sv: '', name_en: '' }, 'name_fi', /Write the name in at least one language\./],
      ['name too long', { name_sv: 'ö'.repeat(201) }, 'name_sv', /The name is too long: at most 200 characters\./],
      ['unknown municipality', { municipality: '999' }, 'municipality', /Choose the municipality from the list\./],
      ['municipality of another region', { municipality: '998' }, 'municipality', /Choose the municipality from the list\./],
      ['javascript: website', { website: 'javascript:alert(1)' }, 'website', /starting with https:\/\//],
      ['website without a scheme', { website: 'www.example.fi' }, 'website', /starting with https/],
      ['website without a host', { website: 'https://' }, 'website', /starting with https/],
      ['website with a space', { website: 'https://exa mple.fi' }, 'website', /starting with https/],
      ['website too long', { website: `https://example.fi/${'a'.repeat(500)}` }, 'website', /starting with https/],
    ];
    for (const [label, change, fieldId, message] of cases) {
      for (const url of ['/en/network/organisations', `/en/network/organisations/${id}`]) {
        const res = await unchanged(() => post(as.coord, url, { ...GOOD, ...change }));
        assert.equal(res.status, 400, `${label} ${url}`);
        assert.match(res.text, message, label);
        assert.ok(res.text.includes(`<a href="#${fieldId}">`), `${label}: linked`);
        if (!('name_fi' in change)) assert.ok(res.text.includes('value="Pornaisten kyläyhdistys"'), `${label}: name kept`);
      }
    }
    const body = `csrf=${as.coord.csrf}&kind=library&name_fi=%C3%28`;
    const res = await unchanged(() => as.coord.req('/fi/network/organisations', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(res.status, 400);
  });
  it('saves an edit', async () => {
    const res = await post(as.coord, `/fi/network/organisations/${id}`, { ...GOOD, kind: 'parish', name_en: 'Pornainen Village Association', website: 'http://kyla.example.fi' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/network/organisations/${id}?done=saved`);
    assert.equal(q(`SELECT kind || '|' || name_en || '|' || website FROM organisation WHERE id = ${id};`), 'parish|Pornainen Village Association|http://kyla.example.fi');
    assert.equal(lastAudit(), `organisation.update|organisation|${id}|parish 611`);
    assert.ok((await anon().get('/en/municipalities/611')).text.includes('Pornainen Village Association'));
  });
  it('refuses to delete an organisation people belong to (409), and deletes one nobody belongs to', async () => {
    const lib = orgId('Pornaisten kirjasto');
    const res = await unchanged(() => post(as.coord, `/en/network/organisations/${lib}/delete`, {}));
    assert.equal(res.status, 409);
    assert.match(res.text, /cannot be deleted because people belong to it/);
    assert.ok(res.text.includes('value="Pornaisten kirjasto"'), 'the form is shown');
    const ok = await post(as.coord, `/en/network/organisations/${id}/delete`, {});
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/en/network/organisations?done=deleted');
    assert.equal(q(`SELECT count(*) FROM organisation WHERE id = ${id};`), '0');
    assert.equal(lastAudit(), `organisation.delete|organisation|${id}|parish`);
    assert.match((await as.coord.get(ok.headers.location)).text, /The organisation has been deleted\./);
    assert.ok(!(await anon().get('/en/municipalities/611')).text.includes('Pornainen Village Association'));
    assert.equal((await unchanged(() => post(as.coord, `/en/network/organisations/${id}/delete`, {}))).status, 404);
  });
});

describe('people', () => {
  let id;
  let org;
  const good = () => ({
    name: 'Paula Pilotti', title_fi: 'kirjastonhoitaja', title_sv: 'bibliotekarie', title_en: '', organisation: String(org),
    email: 'Paula.Pilotti@Example.fi', public: '1',
    'role-0': 'municipal-coordinator', 'role-municipality-0': '611', 'role-1': 'speaker', 'role-municipality-1': '',
    'role-2': '', 'role-municipality-2': '',
  });
  before(() => { org = orgId('Pornaisten kirjasto'); });
  it('a coordinator adds a person who agreed to be shown; the public page shows them, never the address', async () => {
    await anon().get('/fi/municipalities/611');
    const form = await as.coord.get(`/fi/network/people/new?organisation=${org}`);
    assert.match(form.text, new RegExp(`<option value="${org}" selected>Pornaisten kirjasto – Pornainen</option>`));
    const res = await post(as.coord, '/fi/network/people', good());
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const m = /^\/fi\/network\/people\/(\d+)\?done=created$/.exec(res.headers.location);
    assert.ok(m, res.headers.location);
    id = Number(m[1]);
    assert.equal(q(`SELECT name || '|' || title_sv || '|' || organisation_id || '|' || email || '|' || is_public FROM person WHERE id = ${id};`),
      `Paula Pilotti|bibliotekarie|${org}|paula.pilotti@example.fi|1`);
    assert.equal(q(`SELECT group_concat(role || ':' || COALESCE(municipality_code, '-'), ',') FROM (SELECT * FROM person_role WHERE person_id = ${id} ORDER BY id);`),
      'municipal-coordinator:611,speaker:-');
    assert.equal(lastAudit(), `person.create|person|${id}|organisation ${org}, public`);
    const pub = await anon().get('/fi/municipalities/611');
    assert.ok(pub.text.includes('Paula Pilotti'));
    assert.ok(!pub.text.includes('paula.pilotti@example.fi'));
    const page = await as.coord.get(`/en/network/people/${id}`);
    assert.match(page.text, /<option value="municipal-coordinator" selected>/);
    assert.match(page.text, /id="public" name="public" value="1" aria-describedby="public-hint" checked/);
  });
  it('refuses bad input with the form kept and nothing written', async () => {
    const cases = [
      ['no name', { name: '  ' }, 'name', /Write the person&#39;s name\./],
      ['name too long', { name: 'ä'.repeat(201) }, 'name', /The name is too long/],
      ['title too long', { title_en: 'x'.repeat(201) }, 'title_en', /The title is too long/],
      ['no organisation', { organisation: '' }, 'organisation', /Choose the organisation from the list\./],
      ['unknown organisation', { organisation: '999999' }, 'organisation', /Choose the organisation/],
      ["another region's organisation", { organisation: String(otherOrg) }, 'organisation', /Choose the organisation/],
      ['bad e-mail', { email: 'not an address' }, 'email', /Write a valid e-mail address/],
      ['unknown role', { 'role-1': 'wizard' }, 'role-1', /Choose the role from the list\./],
      ['role in another region', { 'role-municipality-0': '998' }, 'role-municipality-0', /must be in the organisation/],
      ['role in an unknown municipality', { 'role-municipality-0': '999' }, 'role-municipality-0', /Choose the municipality of the role/],
      ['tutor without a municipality', { 'role-2': 'tutor' }, 'role-municipality-2', /This role needs a municipality\./],
      ['same role twice', { 'role-2': 'municipal-coordinator', 'role-municipality-2': '611' }, 'role-2', /The same role is listed twice\./],
    ];
    for (const [label, change, fieldId, message] of cases) {
      for (const url of ['/en/network/people', `/en/network/people/${id}`]) {
        const res = await unchanged(() => post(as.coord, url, { ...good(), name: 'Kept Name', ...change }));
        assert.equal(res.status, 400, `${label} ${url}`);
        assert.match(res.text, message, label);
        assert.ok(res.text.includes(`<a href="#${fieldId}">`), `${label}: linked`);
        if (!('name' in change)) assert.ok(res.text.includes('value="Kept Name"'), `${label}: name kept`);
        assert.match(res.text, /<option value="municipal-coordinator" selected>/, `${label}: roles kept`);
      }
    }
  });
  it('saves an edit: roles are replaced, and without consent the public page no longer shows the person', async () => {
    const res = await post(as.coord, `/sv/network/people/${id}`, {
      ...good(), public: undefined, 'role-0': '', 'role-1': 'supporter', 'role-municipality-1': '611',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/sv/network/people/${id}?done=saved`);
    assert.equal(q(`SELECT is_public FROM person WHERE id = ${id};`), '0');
    assert.equal(q(`SELECT group_concat(role || ':' || municipality_code, ',') FROM person_role WHERE person_id = ${id};`), 'supporter:611');
    assert.equal(lastAudit(), `person.update|person|${id}|organisation ${org}`);
    assert.ok(!(await anon().get('/fi/municipalities/611')).text.includes('Paula Pilotti'));
    assert.match((await as.coord.get(res.headers.location)).text, /Ändringarna har sparats\./);
  });
  it('deletes a person with their roles', async () => {
    const res = await post(as.admin, `/fi/network/people/${id}/delete`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/network/people?done=deleted');
    assert.equal(q(`SELECT count(*) FROM person WHERE id = ${id};`), '0');
    assert.equal(q(`SELECT count(*) FROM person_role WHERE person_id = ${id};`), '0');
    assert.equal(lastAudit(), `person.delete|person|${id}|`);
    assert.equal((await unchanged(() => post(as.admin, `/fi/network/people/${id}/delete`, {}))).status, 404);
  });
});

describe("a municipality's description of its digital support", () => {
  const url = '/fi/municipalities/611/edit';
  it('its municipal coordinator and the coordinators reach the form; others get 404', async () => {
    const res = await anon().get(url);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/signin?next=${encodeURIComponent(url)}`);
    for (const n of ['municipal', 'coord', 'admin']) {
      const r = await as[n].get(url);
      assert.equal(r.status, 200, n);
      assert.match(r.text, /<textarea id="support_sv" name="support_sv" lang="sv"/);
      assert.ok(r.text.includes('Kirjastossa'), `${n}: the stored text`);
    }
    for (const n of ['other', 'tutor', 'supporter', 'coord2']) assert.equal((await as[n].get(url)).status, 404, n);
    for (const p of ['/fi/municipalities/999/edit', '/fi/municipalities/61/edit', '/fi/municipalities/abc/edit']) {
      assert.equal((await as.admin.get(p)).status, 404, p);
    }
  });
  it('refused saves write nothing', async () => {
    await unchanged(async () => {
      for (const n of ['other', 'tutor', 'supporter', 'coord2']) {
        assert.equal((await post(as[n], url, { support_fi: 'Hijacked' })).status, 404, n);
      }
      assert.equal((await anon().req(url, { method: 'POST', form: { support_fi: 'Hijacked' } })).status, 403);
      assert.equal((await post(as.municipal, url, { support_fi: 'Hijacked', csrf: 'forged' })).status, 403);
    });
  });
  it('the municipal coordinator saves Markdown; the cached public page shows it at once, safely', async () => {
    for (const l of ['fi', 'sv']) await anon().get(`/${l}/municipalities/611`);	// prime the cache
    const md = 'Digitukea saa **kirjastosta** tiistaisin.\n\n- Puhelimet\n- Tabletit\n\n[Ajanvaraus](https://www.example.fi/varaa)\n\n<script>alert(1)</script>\n\n[klikkaa](javascript:alert(2))\n\n<img src=x onerror=alert(3)>';
    const res = await post(as.municipal, url, { support_fi: md, support_sv: '', support_en: 'Help at the **library**.' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.headers.location, '/fi/municipalities/611/edit?done=saved');
    assert.equal(q("SELECT support_sv || '|' || support_en FROM municipality WHERE code = '611';"), '|Help at the **library**.');
    assert.equal(lastAudit(), 'municipality.support|municipality|611|');
    assert.match((await as.municipal.get(res.headers.location)).text, /Kuvaus on tallennettu\./);
    const pub = await anon().get('/fi/municipalities/611');
    assert.equal(pub.status, 200);
    assert.match(pub.text, /<strong>kirjastosta<\/strong>/);
    assert.match(pub.text, /<li>Puhelimet<\/li>/);
    assert.match(pub.text, /<a href="https:\/\/www\.example\.fi\/varaa">Ajanvaraus<\/a>/);
    assert.ok(!pub.text.includes('<script>alert'), 'no script from the text');
    assert.ok(!/href="javascript:/i.test(pub.text), 'no javascript: link');
    assert.ok(!pub.text.includes('onerror=alert'), 'no raw HTML');
    // Swedish is empty: the Finnish text, marked as Finnish.
    const sv = await anon().get('/sv/municipalities/611');
    assert.match(sv.text, /<div class="prose" lang="fi"><p>Digitukea saa/);
    const en = await anon().get('/en/municipalities/611');
    assert.match(en.text, /<div class="prose"><p>Help at the <strong>library<\/strong>\.<\/p>/);
  });
  it('a coordinator of the region may save it too; too long a text is refused with the text kept', async () => {
    const res = await post(as.coord, url, { support_fi: 'Koordinaattorin teksti.', support_sv: 'Koordinatorns text.', support_en: '' });
    assert.equal(res.status, 303);
    const long = 'ä'.repeat(10001);
    const bad = await unchanged(() => post(as.municipal, url, { support_fi: 'Pidetään.', support_sv: long, support_en: '' }));
    assert.equal(bad.status, 400);
    assert.match(bad.text, /The description is too long|Kuvaus on liian pitkä/);
    assert.ok(bad.text.includes('<a href="#support_sv">'));
    assert.ok(bad.text.includes('Pidetään.'), 'the text is kept');
    const utf = await unchanged(() => as.municipal.req(url, { method: 'POST', body: `csrf=${as.municipal.csrf}&support_fi=%ED%A0%80`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(utf.status, 400);
  });
});

// The form model: every mistake of a form in one 400 page, each in the
// summary as a link to its field, the fields marked invalid, "Virhe:" first
// in the title, and nothing written.
function assertAllMistakes(res, fields, label) {
  assert.equal(res.status, 400, label);
  assert.match(res.text, /<title>Virhe: /, `${label}: the title says so first`);
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text);
  assert.ok(summary, `${label}: a summary`);
  for (const f of fields) {
    assert.ok(summary[0].includes(`<a href="#${f}">`), `${label}: ${f} in the summary`);
    assert.match(res.text, new RegExp(`<(input|select|textarea) id="${f}"[^>]*aria-invalid="true"`), `${label}: ${f} invalid`);
    assert.ok(res.text.includes(`id="${f}-error"`), `${label}: ${f} named at the field`);
  }
}

describe('every mistake of a network form at once', () => {
  it('the organisation form', async () => {
    const res = await unchanged(() => post(as.coord, '/fi/network/organisations', {
      kind: 'castle', name_fi: '', name_sv: '', name_en: '', municipality: '999', website: 'javascript:alert(1)',
    }));
    assertAllMistakes(res, ['kind', 'name_fi', 'municipality', 'website'], 'organisation');
  });
  it('the person form', async () => {
    const res = await unchanged(() => post(as.coord, '/fi/network/people', {
      name: '', title_sv: 'x'.repeat(201), organisation: String(otherOrg), email: 'not an address',
      'role-0': 'wizard', 'role-municipality-0': '', 'role-1': 'tutor', 'role-municipality-1': '',
    }));
    assertAllMistakes(res, ['name', 'title_sv', 'organisation', 'email', 'role-0', 'role-municipality-1'], 'person');
  });
  it('the support description', async () => {
    const long = 'ä'.repeat(10001);
    const res = await unchanged(() => post(as.municipal, '/fi/municipalities/611/edit', {
      support_fi: long, support_sv: 'Hålls.', support_en: long,
    }));
    assertAllMistakes(res, ['support_fi', 'support_en'], 'support');
    assert.ok(res.text.includes('Hålls.'), 'the text is kept');
  });
});
