// News posts against the real binary: the demo post about the 6 Oct 2021
// webinar (three languages, linked to the webinar and its materials), the
// editor's form (every language version, event, materials, draft / now /
// scheduled) with its rows, audit entries and redirects; bad input (400,
// the form kept, nothing written): no language version, a lead without a
// title, malformed dates, unknown events and materials, control
// characters, invalid UTF-8; unknown and malformed ids and pages (404);
// who may edit (coordinators of the region and admins; others 403, a post
// of another region 404); drafts and scheduled posts hidden until their
// time; language fallback with lang and a note; paging; and the RSS and
// Atom feeds parsed back with Python's xml.etree (items, RFC 822 and RFC
// 3339 dates, absolute links from base_url, escaping of & < > " ' and of
// the HTML content), ETag and 304, and autodiscovery in the page head.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

const BASE = 'https://tuki.example.fi';
let srv;
const as = {};		// role -> signed-in Client
const acct = {};
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
const anon = () => new Client(srv.url);
const now = () => Math.floor(Date.now() / 1000);

/** Runs fn and asserts that the database did not change. */
async function unchanged(fn) {
  const before = snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** Helsinki date and time parts of a UTC second, for the form. */
function helsinki(t) {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(t * 1000));
  const [date, time] = f.split(' ');
  return { date, time };
}

/** A full form: English only unless fields say otherwise. */
function form(fields = {}) {
  return {
    title_fi: '', lead_fi: '', body_fi: '', title_sv: '', lead_sv: '', body_sv: '',
    title_en: '', lead_en: '', body_en: '', event: '', publish: 'now', publish_date: '', publish_time: '',
    ...fields,
  };
}

/** Creates a post as the coordinator; returns its id. */
async function create(fields) {
  const res = await as.coordinator.post('/fi/staff/news', form(fields));
  assert.equal(res.status, 303, res.text.slice(0, 2000));
  const m = /^\/fi\/staff\/news\/(\d+)\?done=created$/.exec(res.headers.location);
  assert.ok(m, res.headers.location);
  return Number(m[1]);
}

/** Parses a feed with Python's ElementTree; returns a plain summary. */
function parseFeed(xml) {
  const script = String.raw`
import json, sys, xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from datetime import datetime
A = '{http://www.w3.org/2005/Atom}'
XL = '{http://www.w3.org/XML/1998/namespace}lang'
root = ET.fromstring(sys.stdin.buffer.read())
def rfc3339(s):
    assert s.endswith('Z'), s
    return int(datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=__import__('datetime').timezone.utc).timestamp())
out = {}
if root.tag == 'rss':
    ch = root.find('channel')
    out = {'kind': 'rss', 'version': root.get('version'), 'title': ch.findtext('title'), 'link': ch.findtext('link'),
           'language': ch.findtext('language'),
           'self': [l.get('href') for l in ch.findall(A + 'link') if l.get('rel') == 'self'],
           'lastBuildDate': int(parsedate_to_datetime(ch.findtext('lastBuildDate')).timestamp()) if ch.findtext('lastBuildDate') else None,
           'items': []}
    for it in ch.findall('item'):
        d = it.findtext('pubDate')
        out['items'].append({'title': it.findtext('title'), 'link': it.findtext('link'), 'guid': it.findtext('guid'),
                             'permalink': it.find('guid').get('isPermaLink'), 'date': int(parsedate_to_datetime(d).timestamp()),
                             'rawdate': d, 'html': it.findtext('description')})
else:
    assert root.tag == A + 'feed', root.tag
    out = {'kind': 'atom', 'id': root.findtext(A + 'id'), 'title': root.findtext(A + 'title'), 'lang': root.get(XL),
           'updated': rfc3339(root.findtext(A + 'updated')), 'author': root.findtext(A + 'author/' + A + 'name'),
           'links': {l.get('rel'): l.get('href') for l in root.findall(A + 'link')}, 'items': []}
    for e in root.findall(A + 'entry'):
        c = e.find(A + 'content')
        out['items'].append({'id': e.findtext(A + 'id'), 'title': e.findtext(A + 'title'), 'lang': e.get(XL),
                             'link': e.find(A + 'link').get('href'), 'published': rfc3339(e.findtext(A + 'published')),
                             'rawdate': e.findtext(A + 'published'),
                             'updated': rfc3339(e.findtext(A + 'updated')), 'summary': e.findtext(A + 'summary'),
                             'contentType': c.get('type'), 'html': c.text})
print(json.dumps(out))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `the feed does not parse: ${r.stderr}\n${xml.slice(0, 3000)}`);
  return JSON.parse(r.stdout);
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0', '--base-url', `${BASE}/`] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('n')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  add('supporter', 'supporter');
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('tutor', 'tutor', { scopes: ['611'] });
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

const oldDirs = [];		// servers stopped for a restart, kept until the end

after(async () => {
  await srv?.stop();
  for (const d of oldDirs) rmSync(d, { recursive: true, force: true });
});

describe('the demo post', () => {
  it('is published on 7 Oct 2021 in three languages, linked to the webinar', () => {
    const row = q("SELECT p.status, p.publish_at, e.starts_at, (SELECT group_concat(lang) FROM (SELECT lang FROM news_version v WHERE v.post_id = p.id ORDER BY lang)) FROM news_post p JOIN event e ON e.id = p.event_id;");
    assert.equal(row, 'published|1633590000|1633500000|en,fi,sv');
  });

  it('links to the materials attached to the webinar (src/materials demo), in their order', () => {
    const attached = q("SELECT group_concat(material_id) FROM (SELECT l.material_id FROM material_link l JOIN event e ON e.id = l.target_id WHERE l.target_type = 'event' AND e.starts_at = 1633500000 ORDER BY l.position, l.material_id);");
    const linked = q('SELECT group_concat(material_id) FROM (SELECT material_id FROM news_material ORDER BY position);');
    assert.ok(attached.length > 0, 'the demo webinar has materials');
    assert.equal(linked, attached);
  });

  it('is on the news list in every language, each in its own language', async () => {
    for (const [lang, title] of [['fi', 'Kuntien digituen sparraus päättyi'], ['sv', 'Kommunernas sparrning i digitalt stöd'], ['en', "The municipalities' digital support sparring"]]) {
      const res = await anon().get(`/${lang}/news`);
      assert.equal(res.status, 200);
      assert.ok(textOf(res.text).includes(title), `${lang}: ${title}`);
      assert.match(res.text, /<time datetime="2021-10-07T07:00:00Z"/);
    }
  });

  it('has its page with the body in Markdown, the event, and the other languages', async () => {
    const id = q('SELECT id FROM news_post ORDER BY id LIMIT 1;');
    const ev = q('SELECT event_id FROM news_post ORDER BY id LIMIT 1;');
    const res = await anon().get(`/en/news/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>The municipalities&#39; digital support sparring ended with a joint webinar<\/h1>/);
    assert.match(res.text, /<h2>Three project periods<\/h2>/);
    assert.match(res.text, /<strong>2019<\/strong>/);
    assert.ok(res.text.includes(`href="/en/events/${ev}"`), 'links to the webinar');
    assert.match(res.text, new RegExp(`<a href="/fi/news/${id}" hreflang="fi" lang="fi">`));
    assert.match(res.text, new RegExp(`<a href="/sv/news/${id}" hreflang="sv" lang="sv">`));
    assert.doesNotMatch(res.text, /has no version in your language/);
    const mats = q(`SELECT m.id FROM news_material nm JOIN material m ON m.id = nm.material_id WHERE nm.post_id = ${id} AND m.access <> 'staff';`).split('\n').filter(Boolean);
    for (const m of mats) assert.ok(res.text.includes(`href="/en/materials/${m}"`), `material ${m}`);
  });
});

describe('the editor', () => {
  it('creates a post in three languages, published now, with its audit entry', async () => {
    const ev = q('SELECT id FROM event ORDER BY id LIMIT 1;');
    const id = await create({
      title_fi: 'Digituen kevät', lead_fi: 'Ingressi', body_fi: 'Tekstiä **lihavoituna**.',
      title_sv: 'Det digitala stödets vår', lead_sv: 'Ingress', body_sv: 'Text.',
      title_en: 'Spring of digital support', lead_en: 'Lead', body_en: 'Text.',
      event: ev, publish: 'now',
    });
    assert.equal(q(`SELECT status, event_id, author_id = ${acct.coordinator.id}, abs(publish_at - ${now()}) < 30 FROM news_post WHERE id = ${id};`), `published|${ev}|1|1`);
    assert.equal(q(`SELECT count(*) FROM news_version WHERE post_id = ${id};`), '3');
    assert.match(q(`SELECT action || ' ' || detail FROM audit_log WHERE object_type = 'news_post' AND object_id = '${id}';`), /^news\.create published \S+Z; fi,sv,en$/);
    const page = await anon().get(`/fi/news/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<p>Tekstiä <strong>lihavoituna<\/strong>\.<\/p>/);
    const edit = await as.coordinator.get(`/fi/staff/news/${id}?done=created`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /Uutinen on tallennettu/);
    assert.match(edit.text, /value="Det digitala stödets vår"/);
  });

  it('makes a "# Heading" of the body a second-level heading under the title', async () => {
    const id = await create({ title_en: 'Headings', body_en: '# Big\n\ntext\n\n## Smaller' });
    const res = await anon().get(`/en/news/${id}`);
    assert.match(res.text, /<h2>Big<\/h2>/);
    assert.match(res.text, /<h3>Smaller<\/h3>/);
    assert.equal((res.text.match(/<h1[ >]/g) ?? []).length, 1);
  });

  it('shows a post in another language with lang and a note when the visitor\'s is missing', async () => {
    const id = await create({ title_sv: 'Bara på svenska', lead_sv: 'Ingressen.', body_sv: 'Brödtext.' });
    const res = await anon().get(`/fi/news/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Tästä uutisesta ei ole versiota valitsemallasi kielellä\. Se näytetään ruotsiksi\./);
    assert.match(res.text, /<div lang="sv">\s*<h1>Bara på svenska<\/h1>/);
    const list = await anon().get('/en/news');
    assert.match(list.text, /<li class="news-list__item" lang="sv">\s*<h2><a href="\/en\/news\/\d+">Bara på svenska<\/a>/);
    const sv = await anon().get(`/sv/news/${id}`);
    assert.doesNotMatch(sv.text, /finns inte på ditt språk/);
  });

  it('keeps a draft hidden from the list, the page and the feeds', async () => {
    const id = await create({ title_en: `Draft ${unique('d')}`, publish: 'draft' });
    assert.equal(q(`SELECT status, publish_at IS NULL FROM news_post WHERE id = ${id};`), 'draft|1');
    assert.equal((await anon().get(`/en/news/${id}`)).status, 404);
    assert.equal((await as.coordinator.get(`/en/news/${id}`)).status, 404, 'a draft has no public page for editors either');
    const title = q(`SELECT title FROM news_version WHERE post_id = ${id};`);
    assert.ok(!(await anon().get('/en/news')).text.includes(title));
    assert.ok(!(await anon().get('/en/news/feed.atom')).text.includes(title));
    assert.ok(!(await anon().get('/en/news/feed.rss')).text.includes(title));
    const list = await as.coordinator.get('/en/staff/news');
    assert.ok(list.text.includes(title), 'the editor sees it');
    // The editor previews it: as visitors would see it, under a note.
    const pre = await as.coordinator.get(`/en/staff/news/${id}/preview`);
    assert.equal(pre.status, 200);
    assert.equal(pre.headers['cache-control'], 'no-store');
    assert.match(pre.text, /<strong>Preview:<\/strong> Draft\./);
    assert.match(pre.text, /Visitors do not see the post yet/);
    assert.ok(pre.text.includes(`<h1>${title}</h1>`));
    assert.ok((await as.coordinator.get(`/en/staff/news/${id}`)).text.includes(`href="/en/staff/news/${id}/preview"`));
    assert.equal((await as.supporter.get(`/en/staff/news/${id}/preview`)).status, 403);
    const anonPre = await anon().get(`/en/staff/news/${id}/preview`);
    assert.equal(anonPre.status, 303);
  });

  it('keeps a scheduled post hidden until its time comes, then shows it without any job', async () => {
    const at = now() + 3 * 24 * 3600;
    const { date, time } = helsinki(at);
    const title = `Scheduled ${unique('s')}`;
    const id = await create({ title_en: title, publish: 'at', publish_date: date, publish_time: time });
    const stored = Number(q(`SELECT publish_at FROM news_post WHERE id = ${id};`));
    assert.ok(Math.abs(stored - at) < 60, `${stored} vs ${at}`);
    assert.equal(q(`SELECT status FROM news_post WHERE id = ${id};`), 'published');
    assert.equal((await anon().get(`/en/news/${id}`)).status, 404);
    assert.ok(!(await anon().get('/en/news')).text.includes(title));
    assert.ok(!(await anon().get('/en/news/feed.rss')).text.includes(title));
    const edit = await as.coordinator.get(`/en/staff/news/${id}`);
    assert.match(edit.text, /<strong>Scheduled<\/strong>/);
    assert.ok(edit.text.includes(`value="${date}"`) && edit.text.includes(`value="${time}"`));
    // The time comes (moved to a minute ago).
    q(`UPDATE news_post SET publish_at = ${now() - 60} WHERE id = ${id};`);
    assert.equal((await anon().get(`/en/news/${id}`)).status, 200);
    assert.ok((await anon().get('/en/news')).text.includes(title));
    assert.ok((await anon().get('/en/news/feed.rss')).text.includes(title));
  });

  it('accepts the Finnish way of writing a date and time (31.12.2026 9.05)', async () => {
    const id = await create({ title_fi: `Päivä ${unique('p')}`, publish: 'at', publish_date: '31.12.2026', publish_time: '9.05' });
    assert.equal(new Date(Number(q(`SELECT publish_at FROM news_post WHERE id = ${id};`)) * 1000).toISOString(), '2026-12-31T07:05:00.000Z');
  });

  it('edits a post: versions removed and added, the event dropped, audit news.update', async () => {
    const id = await create({ title_fi: 'Muokattava', title_en: 'To be edited', event: q('SELECT id FROM event ORDER BY id LIMIT 1;') });
    const at = Number(q(`SELECT publish_at FROM news_post WHERE id = ${id};`));
    const { date, time } = helsinki(at);
    const res = await as.coordinator.post(`/fi/staff/news/${id}`, form({
      title_sv: 'Redigerad', body_sv: 'Ny text', publish: 'at', publish_date: date, publish_time: time,
    }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/staff/news/${id}?done=saved`);
    assert.equal(q(`SELECT group_concat(lang) FROM news_version WHERE post_id = ${id};`), 'sv');
    assert.equal(q(`SELECT event_id IS NULL, publish_at = ${at - (at % 60)} FROM news_post WHERE id = ${id};`), '1|1');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'news.update' AND object_id = '${id}';`), '1');
  });

  it('unpublishes a post (hidden again, audit) and refuses to unpublish a draft (409)', async () => {
    const title = `Unpublish ${unique('u')}`;
    const id = await create({ title_en: title });
    assert.equal((await anon().get(`/en/news/${id}`)).status, 200);
    const res = await as.coordinator.post(`/en/staff/news/${id}/unpublish`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/en/staff/news/${id}?done=unpublished`);
    assert.equal(q(`SELECT status, publish_at IS NOT NULL FROM news_post WHERE id = ${id};`), 'draft|1');
    assert.equal((await anon().get(`/en/news/${id}`)).status, 404);
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'news.unpublish' AND object_id = '${id}';`), '1');
    const again = await unchanged(() => as.coordinator.post(`/en/staff/news/${id}/unpublish`, {}));
    assert.equal(again.status, 409);
    assert.match(again.text, /The news post is not published\./);
  });

  it('deletes a post with its versions and links', async () => {
    const id = await create({ title_en: 'To delete', title_fi: 'Poistettava' });
    const res = await as.admin.post(`/fi/staff/news/${id}/delete`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/staff/news?done=deleted');
    assert.equal(q(`SELECT count(*) FROM news_post WHERE id = ${id};`), '0');
    assert.equal(q(`SELECT count(*) FROM news_version WHERE post_id = ${id};`), '0');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'news.delete' AND object_id = '${id}';`), '1');
    assert.equal((await as.admin.post(`/fi/staff/news/${id}/delete`, {})).status, 404);
  });

  it('links materials and lists the public ones on the page', async (t) => {
    const mats = q("SELECT id || ' ' || access FROM material ORDER BY id;").split('\n').filter(Boolean).map((l) => l.split(' '));
    if (mats.length === 0) {
      // A material is made here when the demo has none.
      const region = q("SELECT id FROM region WHERE code = 'uusimaa';");
      q(`INSERT INTO material (region_id, kind, title, lang, access, url, created_at, updated_at) VALUES (${region}, 'link', 'Public slides', 'fi', 'public', 'https://www.example.fi/a', 1, 1), (${region}, 'link', 'Staff notes', 'fi', 'staff', 'https://www.example.fi/b', 2, 2);`);
      mats.push(...q("SELECT id || ' ' || access FROM material ORDER BY id;").split('\n').map((l) => l.split(' ')));
    }
    const edit = await as.coordinator.get('/fi/staff/news/new');
    for (const [mid] of mats) assert.ok(edit.text.includes(`name="material" value="${mid}"`), `material ${mid} offered`);
    const body = new URLSearchParams({ ...form({ title_fi: `Materiaalit ${unique('m')}` }), csrf: as.coordinator.csrf });
    for (const [mid] of mats) body.append('material', mid);
    body.append('material', mats[0][0]);	// twice is once
    const res = await as.coordinator.req('/fi/staff/news', { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const id = /\/(\d+)\?/.exec(res.headers.location)[1];
    assert.equal(q(`SELECT group_concat(material_id) FROM (SELECT material_id FROM news_material WHERE post_id = ${id} ORDER BY position);`), mats.map((m) => m[0]).join(','));
    const page = await anon().get(`/fi/news/${id}`);
    for (const [mid, access] of mats) {
      assert.equal(page.text.includes(`href="/fi/materials/${mid}"`), access !== 'staff', `material ${mid} (${access})`);
      const item = new RegExp(`href="/fi/materials/${mid}"[^>]*>[^<]*</a>([^<]*)</li>`).exec(page.text);
      if (access === 'request') assert.equal(item[1], ' (saatavilla pyynnöstä)');
      if (access === 'registrants') assert.equal(item[1], ' (tapahtumaan ilmoittautuneille)');
      if (access === 'public') assert.equal(item[1], '');
    }
    t.diagnostic(`${mats.length} materials`);
  });
});

describe('bad input writes nothing', () => {
  const cases = [
    ['no language version', form({}), /Kirjoita uutinen vähintään yhdellä kielellä/, 'title_fi'],
    ['a lead without a title', form({ title_fi: 'Otsikko', lead_sv: 'Ingress utan rubrik' }), /Kirjoita tälle kieliversiolle otsikko/, 'title_sv'],
    ['only spaces as the title', form({ title_en: '   ', body_en: 'x' }), /Kirjoita tälle kieliversiolle otsikko/, 'title_en'],
    ['a malformed date', form({ title_fi: 'x', publish: 'at', publish_date: '2026-13-01', publish_time: '10:00' }), /Kirjoita päivämäärä muodossa/, 'publish_date'],
    ['31 April', form({ title_fi: 'x', publish: 'at', publish_date: '2026-04-31', publish_time: '10:00' }), /Kirjoita päivämäärä muodossa/, 'publish_date'],
    ['a time of 24:00', form({ title_fi: 'x', publish: 'at', publish_date: '2026-04-30', publish_time: '24:00' }), /Kirjoita kellonaika muodossa/, 'publish_time'],
    ['a date without a time', form({ title_fi: 'x', publish: 'at', publish_date: '2026-04-30', publish_time: '' }), /Kirjoita julkaisun päivämäärä ja kellonaika/, 'publish_time'],
    ['an unknown publication choice', form({ title_fi: 'x', publish: 'yesterday' }), /Valitse, milloin uutinen julkaistaan/, 'publish-draft'],
    ['an unknown event', form({ title_fi: 'x', event: '999999' }), /Valitse tapahtuma listasta/, 'event'],
    ['a malformed event id', form({ title_fi: 'x', event: '1 OR 1=1' }), /Valitse tapahtuma listasta/, 'event'],
    ['an unknown material', { ...form({ title_fi: 'x' }), material: '999999' }, /Valitse materiaalit listasta/, 'materials'],
    ['a malformed material id', { ...form({ title_fi: 'x' }), material: '-1' }, /Valitse materiaalit listasta/, 'materials'],
    ['a control character', form({ title_fi: 'x', body_fi: 'a\u0001b' }), /ohjausmerkkejä/, 'body_fi'],
    ['a title over 200 characters', form({ title_fi: 'ä'.repeat(201) }), /Uutisen otsikko on liian pitkä/i, 'title_fi'],
    ['a lead over 600 characters', form({ title_fi: 'x', lead_fi: 'a'.repeat(601) }), /Ingressi on liian pitkä/, 'lead_fi'],
  ];
  for (const [name, fields, msg, field] of cases) {
    it(`${name}: 400 with the mistake linked to its field`, async () => {
      const res = await unchanged(() => as.coordinator.post('/fi/staff/news', fields));
      assert.equal(res.status, 400, res.text.slice(0, 500));
      assert.match(res.text, msg);
      assert.ok(res.text.includes(`<a href="#${field}">`), `the summary links to #${field}`);
      assert.ok(res.text.includes(`id="${field}"`), `the page has #${field}`);
      if (fields.title_fi && fields.title_fi.length < 50) assert.ok(res.text.includes(`value="${fields.title_fi}"`), 'the form is kept');
    });
  }

  it('every mistake at once: one 400 page, a summary linking to each field, aria-invalid, "Virhe:" in the title', async () => {
    const fields = {
      ...form({ title_fi: 'ä'.repeat(201), lead_sv: 'Ingress utan rubrik', body_en: 'a\u0001b', title_en: 'x', event: '999999', publish: 'at', publish_date: '2026-04-31', publish_time: '' }),
      material: '999999',
    };
    const res = await unchanged(() => as.coordinator.post('/fi/staff/news', fields));
    assert.equal(res.status, 400);
    assert.match(res.text, /<title>Virhe: /);
    const ids = ['title_fi', 'title_sv', 'body_en', 'event', 'materials', 'publish_date', 'publish_time'];
    const summary = /<div class="error-summary"[^]*?<\/div>/.exec(res.text)[0];
    assert.deepEqual([...summary.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]), ids);
    for (const id of ids) {
      assert.match(res.text, new RegExp(`id="${id}"[^>]*aria-invalid="true"`), `#${id} is marked invalid`);
      assert.ok(res.text.includes(`id="${id}-error"`), `#${id} has its message`);
    }
    assert.match(summary, /Uutisen otsikko on liian pitkä/);
    assert.match(summary, /ohjausmerkkejä/);
    assert.match(summary, /Kirjoita julkaisun päivämäärä ja kellonaika/);
    assert.ok(res.text.includes('value="x"'), 'what was written is kept');
  });

  it('a control character in an update keeps the stored post as it was', async () => {
    const id = await create({ title_en: 'Stays' });
    const res = await unchanged(() => as.coordinator.post(`/en/staff/news/${id}`, form({ title_en: 'Changed\u0007' })));
    assert.equal(res.status, 400);
    assert.equal(q(`SELECT title FROM news_version WHERE post_id = ${id};`), 'Stays');
  });

  it('invalid UTF-8 in the form: 400, nothing written', async () => {
    const c = as.coordinator;
    const body = `csrf=${c.csrf}&title_fi=%FF%FE&publish=now`;
    const res = await unchanged(() => c.req('/fi/staff/news', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(res.status, 400);
  });

  it('a missing CSRF token: 403, nothing written', async () => {
    const res = await unchanged(() => as.coordinator.post('/fi/staff/news', { ...form({ title_fi: 'x' }), csrf: 'nope' }));
    assert.equal(res.status, 403);
  });
});

describe('unknown and malformed ids and pages', () => {
  for (const p of ['/fi/news/999999', '/fi/news/abc', '/fi/news/0', '/fi/news/01', '/fi/news/-1', '/fi/news?after=0', '/fi/news?after=x', '/fi/news?after=1.1', '/fi/news?before=1e3.1', '/fi/news?after=1.1&before=1.1']) {
    it(`GET ${p}: 404`, async () => {
      const res = await anon().get(p);
      assert.equal(res.status, 404);
    });
  }
  for (const p of ['/fi/news?after=%FF', '/fi/news/%FF', '/fi/news/1%00']) {
    it(`GET ${p} (not UTF-8 text): 400 or 404, no crash`, async () => {
      const res = await anon().get(p);
      assert.ok(res.status === 400 || res.status === 404, String(res.status));
    });
  }
  for (const p of ['/fi/staff/news/999999', '/fi/staff/news/abc', '/fi/staff/news/999999/preview', '/fi/staff/news/0/preview']) {
    it(`GET ${p} as the coordinator: 404`, async () => {
      assert.equal((await as.coordinator.get(p)).status, 404);
    });
  }
  it('POST to an unknown post: 404, nothing written', async () => {
    for (const p of ['/fi/staff/news/999999', '/fi/staff/news/999999/unpublish', '/fi/staff/news/x/delete']) {
      const res = await unchanged(() => as.coordinator.post(p, form({ title_fi: 'x' })));
      assert.equal(res.status, 404, p);
    }
  });
});

describe('who may edit', () => {
  it('supporters, municipal coordinators and tutors get 403 and write nothing', async () => {
    const id = q('SELECT id FROM news_post ORDER BY id LIMIT 1;');
    for (const role of ['supporter', 'municipal', 'tutor']) {
      const c = as[role];
      assert.equal((await c.get('/fi/staff/news')).status, 403, role);
      assert.equal((await c.get(`/fi/staff/news/${id}`)).status, 403, role);
      await unchanged(async () => {
        assert.equal((await c.post('/fi/staff/news', form({ title_fi: 'x' }))).status, 403, role);
        assert.equal((await c.post(`/fi/staff/news/${id}/delete`, {})).status, 403, role);
      });
    }
  });

  it('anonymous visitors are sent to sign in', async () => {
    const res = await anon().get('/fi/staff/news/new');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/signin?next=%2Ffi%2Fstaff%2Fnews%2Fnew');
  });

  it('a post of another region is 404 for the coordinator and open to the admin', async () => {
    q("INSERT INTO region (code, name_fi) VALUES ('lappi', 'Lappi');");
    const region = q("SELECT id FROM region WHERE code = 'lappi';");
    q(`INSERT INTO news_post (region_id, status, publish_at, created_at, updated_at) VALUES (${region}, 'published', 1700000000, 1, 1);`);
    const id = q('SELECT max(id) FROM news_post;');
    q(`INSERT INTO news_version (post_id, lang, title) VALUES (${id}, 'fi', 'Lapin uutinen');`);
    assert.equal((await as.coordinator.get(`/fi/staff/news/${id}`)).status, 404);
    assert.equal((await as.coordinator.get(`/fi/staff/news/${id}/preview`)).status, 404);
    assert.equal((await as.admin.get(`/fi/staff/news/${id}/preview`)).status, 200);
    await unchanged(async () => {
      assert.equal((await as.coordinator.post(`/fi/staff/news/${id}`, form({ title_fi: 'x' }))).status, 404);
      assert.equal((await as.coordinator.post(`/fi/staff/news/${id}/delete`, {})).status, 404);
    });
    assert.ok(!(await as.coordinator.get('/fi/staff/news')).text.includes('Lapin uutinen'));
    assert.equal((await as.admin.get(`/fi/staff/news/${id}`)).status, 200);
    assert.ok((await as.admin.get('/fi/staff/news')).text.includes('Lapin uutinen'));
    // Public: every region's news.
    assert.equal((await anon().get(`/fi/news/${id}`)).status, 200);
    // The event of another region cannot be linked.
    // An upcoming one: the retention job erases old events' data, and would
    // write during the "nothing changed" check below.
    q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at) VALUES (${region}, 'webinar', 'Lapin webinaari', ${Math.floor(Date.now() / 1000)} + 30 * 86400, ${Math.floor(Date.now() / 1000)} + 30 * 86400 + 3600);`);
    const ev = q('SELECT max(id) FROM event;');
    const res = await unchanged(() => as.coordinator.post('/fi/staff/news', form({ title_fi: 'x', event: ev })));
    assert.equal(res.status, 400);
    q(`DELETE FROM news_post WHERE id = ${id}; DELETE FROM event WHERE id = ${ev};`);
  });

  it('editors get a link from the public pages to the editing pages; visitors do not', async () => {
    assert.match((await as.coordinator.get('/fi/news')).text, /href="\/fi\/staff\/news"/);
    assert.doesNotMatch((await anon().get('/fi/news')).text, /href="\/fi\/staff\/news"/);
  });
});

describe('paging', () => {
  it('ten posts a page, newest first, with links to older and newer', async () => {
    const region = q("SELECT id FROM region WHERE code = 'uusimaa';");
    const base = 1500000000;
    const values = [];
    for (let i = 0; i < 25; i++) values.push(`(${region}, 'published', ${base + i * 3600}, 1, 1)`);
    q(`INSERT INTO news_post (region_id, status, publish_at, created_at, updated_at) VALUES ${values.join(', ')};`);
    q(`INSERT INTO news_version (post_id, lang, title) SELECT id, 'en', 'Old post ' || ((publish_at - ${base}) / 3600) FROM news_post WHERE publish_at BETWEEN ${base} AND ${base + 24 * 3600};`);
    const total = Number(q(`SELECT count(*) FROM news_post p WHERE status = 'published' AND publish_at <= ${now()} AND EXISTS (SELECT 1 FROM news_version v WHERE v.post_id = p.id);`));
    const first = await anon().get('/en/news');
    assert.equal((first.text.match(/class="news-list__item"/g) ?? []).length, 10);
    assert.doesNotMatch(first.text, /rel="prev"/);
    // Older pages by keyset: follow the links to the end and back.
    const link = (html, rel) => (new RegExp(`href="(/en/news\\?(?:after|before)=\\d+\\.\\d+)" rel="${rel}"`).exec(html) ?? [])[1];
    let page = first;
    let seen = 0;
    const pages = [];
    for (;;) {
      assert.equal(page.status, 200);
      const dates = [...page.text.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
      seen += (page.text.match(/class="news-list__item"/g) ?? []).length;
      pages.push(page);
      const next = link(page.text, 'next');
      if (!next) break;
      page = await anon().get(next);
    }
    assert.equal(seen, total, 'every post once');
    assert.match(page.text, /Old post 0</, 'the oldest is on the last page');
    assert.match(page.text, /rel="prev"/);
    const back = await anon().get(link(page.text, 'prev'));
    assert.equal(back.text.match(/class="news-list__item"/g).length, 10);
    assert.deepEqual([...back.text.matchAll(/news-list__item[^]*?<a href="([^"]+)"/g)].map((m) => m[1]),
      [...pages[pages.length - 2].text.matchAll(/news-list__item[^]*?<a href="([^"]+)"/g)].map((m) => m[1]),
      'back is the page before');
  });
});

describe('the staff list\'s pages (issue 13)', () => {
  it('drafts first on the first page, then fifty published and scheduled posts a page, newest first, by keyset both ways', async () => {
    const region = q("SELECT id FROM region WHERE code = 'uusimaa';");
    const base = 1400000000;
    const values = [];
    for (let i = 0; i < 60; i++) values.push(`(${region}, 'published', ${base + i * 3600}, 1, 1)`);
    q(`INSERT INTO news_post (region_id, status, publish_at, created_at, updated_at) VALUES ${values.join(', ')};`);
    q(`INSERT INTO news_version (post_id, lang, title) SELECT id, 'en', 'Staff page post ' || ((publish_at - ${base}) / 3600) FROM news_post WHERE publish_at BETWEEN ${base} AND ${base + 59 * 3600};`);
    const draft = await create({ title_en: `Paging draft ${unique('d')}`, publish: 'draft' });
    const ahead = helsinki(now() + 20 * 86400);
    const scheduled = await create({ title_en: `Paging scheduled ${unique('s')}`, publish: 'at', publish_date: ahead.date, publish_time: ahead.time });
    const drafts = q(`SELECT id FROM news_post WHERE status = 'draft' AND region_id = ${region} ORDER BY updated_at DESC, id DESC;`).split('\n').map(Number);
    const published = q(`SELECT id FROM news_post WHERE status = 'published' AND region_id = ${region} ORDER BY publish_at DESC, id DESC;`).split('\n').map(Number);
    assert.ok(drafts.includes(draft) && published.length > 60);
    const future = Number(q(`SELECT count(*) FROM news_post WHERE status = 'published' AND region_id = ${region} AND publish_at > ${now()};`));
    assert.ok(published.indexOf(scheduled) < future, 'the scheduled posts first, the newest time');
    const rows = (html) => [...html.matchAll(/<th scope="row"><a href="\/en\/staff\/news\/(\d+)"/g)].map((m) => Number(m[1]));
    const link = (html, rel) => (new RegExp(`href="(/en/staff/news\\?(?:after|before)=\\d+\\.\\d+)" rel="${rel}"`).exec(html) ?? [])[1];
    let page = await as.coordinator.get('/en/staff/news');
    assert.equal(page.status, 200);
    assert.deepEqual(rows(page.text).slice(0, drafts.length), drafts, 'the drafts first, the last changed first');
    assert.equal(link(page.text, 'prev'), undefined);
    const seen = [];
    const pages = [];
    for (;;) {
      const ids = rows(page.text).filter((id) => !drafts.includes(id));
      assert.ok(ids.length <= 50 && ids.length > 0, `${ids.length} on a page`);
      if (pages.length > 0) assert.equal(rows(page.text).length, ids.length, 'drafts only on the first page');
      seen.push(...ids);
      pages.push(ids);
      const next = link(page.text, 'next');
      if (!next) break;
      page = await as.coordinator.get(next);
      assert.equal(page.status, 200);
    }
    assert.deepEqual(seen, published, 'every published post once, newest first');
    assert.ok(pages.length >= 2);
    const back = await as.coordinator.get(link(page.text, 'prev'));
    assert.deepEqual(rows(back.text), pages[pages.length - 2], 'back is the page before');
    for (const bad of ['?after=x', '?after=1.2&before=1.2', `?after=1.1`, `?before=${2 ** 40}.1`]) {
      assert.equal((await as.coordinator.get(`/en/staff/news${bad}`)).status, 404, bad);
    }
    q(`DELETE FROM news_post WHERE publish_at BETWEEN ${base} AND ${base + 59 * 3600};`);
  });
});

describe('feeds', () => {
  let tricky;
  before(async () => {
    tricky = await create({
      title_en: 'Fish & chips <b>bold</b> "quoted" it\'s',
      lead_en: 'A lead with <script>alert(1)</script> & more',
      body_en: 'Body with **strong** and <script>alert(2)</script> and [a link](https://www.example.fi/?a=1&b=2).',
      title_fi: 'Kalaa & perunoita',
    });
  });

  it('RSS 2.0 parses back with items, RFC 822 dates and absolute links', async () => {
    const res = await anon().get('/en/news/feed.rss');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const f = parseFeed(res.text);
    assert.equal(f.version, '2.0');
    assert.equal(f.link, `${BASE}/en/news`);
    assert.deepEqual(f.self, [`${BASE}/en/news/feed.rss`]);
    assert.equal(f.language, 'en');
    assert.equal(f.items.length, 20);
    for (const it of f.items) {
      assert.match(it.link, new RegExp(`^${BASE}/en/news/\\d+$`));
      assert.equal(it.guid, it.link);
      assert.equal(it.permalink, 'true');
      assert.match(it.rawdate, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    }
    const dates = f.items.map((i) => i.date);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
    const it = f.items.find((i) => i.link === `${BASE}/en/news/${tricky}`);
    assert.ok(it, 'the new post is in the feed');
    assert.equal(it.title, 'Fish & chips <b>bold</b> "quoted" it\'s');
    assert.equal(it.date, Number(q(`SELECT publish_at FROM news_post WHERE id = ${tricky};`)));
    assert.ok(f.lastBuildDate >= Math.max(...dates), 'the channel is as new as its newest item');
    // The description is HTML: the lead's and body's <script> are text.
    assert.match(it.html, /<strong>Body with|<p>Body with <strong>strong<\/strong>/);
    assert.ok(it.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), it.html);
    assert.ok(!/<script/i.test(it.html), 'no script element');
    assert.ok(it.html.includes('href="https://www.example.fi/?a=1&amp;b=2"'), it.html);
  });

  it('the demo post in a feed ends with its event and materials, linked absolutely', async () => {
    const id = q('SELECT min(id) FROM news_post;');
    const ev = q(`SELECT event_id FROM news_post WHERE id = ${id};`);
    const mats = q(`SELECT m.id || ' ' || m.access FROM news_material nm JOIN material m ON m.id = nm.material_id WHERE nm.post_id = ${id} ORDER BY nm.position;`).split('\n').filter(Boolean).map((l) => l.split(' '));
    assert.ok(mats.length > 0);
    const f = parseFeed((await anon().get('/en/news/feed.rss')).text);
    const it = f.items.find((i) => i.link === `${BASE}/en/news/${id}`);
    assert.ok(it, 'the demo post is in the feed');
    assert.ok(it.html.includes(`<p>Event: <a href="${BASE}/en/events/${ev}">Digital support in municipalities</a>, Wednesday 6 October 2021`), it.html);
    for (const [mid, access] of mats) {
      assert.equal(it.html.includes(`<a href="${BASE}/en/materials/${mid}">`), access !== 'staff', `material ${mid}`);
    }
    if (mats.some(([, a]) => a === 'request')) assert.match(it.html, /<\/a> \(available on request\)<\/li>/);
    const atom = parseFeed((await anon().get('/sv/news/feed.atom')).text);
    const e = atom.items.find((i) => i.link === `${BASE}/sv/news/${id}`);
    assert.ok(e.html.includes(`<a href="${BASE}/sv/events/${ev}">Kommunernas digitala stöd</a>`), e.html);
  });

  it('every post in a feed lists its own event and materials, none of another post\'s', async () => {
    // The links of a feed's posts are read together (news_store_links()):
    // each item must show exactly its post's listed materials and event.
    const f = parseFeed((await anon().get('/fi/news/feed.atom')).text);
    assert.ok(f.items.length >= 2, `${f.items.length} items`);
    let withMaterials = 0;
    for (const it of f.items) {
      const id = /\/news\/(\d+)$/.exec(it.link)[1];
      const want = q(`SELECT group_concat(id) FROM (SELECT m.id FROM news_material nm JOIN material m ON m.id = nm.material_id WHERE nm.post_id = ${id} AND m.access <> 'staff' ORDER BY nm.position, nm.material_id);`);
      const html = it.html ?? '';
      const got = [...html.matchAll(/<a href="[^"]*\/materials\/(\d+)">/g)].map((m) => m[1]).join(',');
      assert.equal(got, want, `post ${id}`);
      if (want !== '') withMaterials++;
      const ev = q(`SELECT COALESCE(CAST(p.event_id AS TEXT), '') FROM news_post p LEFT JOIN event e ON e.id = p.event_id WHERE p.id = ${id} AND (e.id IS NULL OR (e.status <> 'draft' AND e.audience = 'public'));`);
      const evs = [...html.matchAll(/<a href="[^"]*\/events\/(\d+)">/g)].map((m) => m[1]).join(',');
      assert.equal(evs, ev, `post ${id}'s event`);
    }
    assert.ok(withMaterials >= 1 && withMaterials < f.items.length, `${withMaterials} of ${f.items.length} with materials`);
  });

  it('Atom parses back with ids, RFC 3339 dates, xml:lang per entry and escaped HTML content', async () => {
    const res = await anon().get('/fi/news/feed.atom');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    const f = parseFeed(res.text);
    assert.equal(f.id, `${BASE}/fi/news/feed.atom`);
    assert.equal(f.lang, 'fi');
    assert.equal(f.links.self, `${BASE}/fi/news/feed.atom`);
    assert.equal(f.links.alternate, `${BASE}/fi/news`);
    assert.equal(f.author, 'Uudenmaan digitukiverkosto');
    assert.equal(f.items.length, 20);
    assert.equal(f.updated, Math.max(...f.items.map((i) => i.updated)));
    for (const e of f.items) {
      assert.equal(e.id, e.link);
      assert.match(e.link, new RegExp(`^${BASE}/fi/news/\\d+$`));
      assert.match(e.rawdate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.ok(e.updated >= e.published);
      assert.equal(e.contentType, 'html');
      assert.ok(['fi', 'sv', 'en'].includes(e.lang));
    }
    const e = f.items.find((i) => i.link === `${BASE}/fi/news/${tricky}`);
    assert.equal(e.title, 'Kalaa & perunoita');
    assert.equal(e.lang, 'fi');
    const sv = f.items.find((i) => i.title === 'Bara på svenska');
    assert.equal(sv?.lang, 'sv', 'a post without Finnish is in the Finnish feed in Swedish, marked');
    const en = (parseFeed((await anon().get('/en/news/feed.atom')).text)).items.find((i) => i.link === `${BASE}/en/news/${tricky}`);
    assert.equal(en.summary, 'A lead with <script>alert(1)</script> & more');
    assert.ok(en.html.includes('<strong>strong</strong>'));
    assert.ok(!/<script/i.test(en.html));
  });

  it('links written in the Markdown are absolute in both feeds, resolved against the post (issue 11, item 20)', async () => {
    const id = await create({
      title_en: `Relative links ${unique('r')}`,
      body_en: 'See [the event](events/2), [another](../events/3), [root](/fi/events/1), [top](#top), '
        + '[query](?page=2), [out](https://www.example.fi/x) and [mail](mailto:info@example.fi).\n\n![logo](/static/logo.png)',
      title_fi: 'Suhteelliset linkit',
      body_fi: 'Katso [tapahtuma](events/2).',
    });
    const rss = parseFeed((await anon().get('/en/news/feed.rss')).text);
    const it = rss.items.find((i) => i.link === `${BASE}/en/news/${id}`);
    assert.ok(it, 'the post is in the feed');
    for (const href of [`${BASE}/en/news/events/2`, `${BASE}/en/events/3`, `${BASE}/fi/events/1`, `${BASE}/en/news/${id}#top`,
      `${BASE}/en/news/${id}?page=2`, 'https://www.example.fi/x', 'mailto:info@example.fi']) {
      assert.ok(it.html.includes(`href="${href}"`), `${href} in ${it.html}`);
    }
    assert.ok(it.html.includes(`src="${BASE}/static/logo.png"`), it.html);
    const atom = parseFeed((await anon().get('/fi/news/feed.atom')).text);
    const e = atom.items.find((i) => i.link === `${BASE}/fi/news/${id}`);
    assert.ok(e.html.includes(`href="${BASE}/fi/news/events/2"`), e.html);
    // No relative link is left in any item of any feed.
    for (const lang of ['fi', 'sv', 'en']) {
      for (const kind of ['rss', 'atom']) {
        const f = parseFeed((await anon().get(`/${lang}/news/feed.${kind}`)).text);
        for (const x of f.items) {
          for (const [, url] of (x.html ?? '').matchAll(/ (?:href|src)="([^"]*)"/g)) {
            assert.match(url, /^(https?:|mailto:)/, `${lang} ${kind}: ${url}`);
          }
        }
      }
    }
  });

  it('the RSS feed of a language has only posts written in it; Atom marks the others with xml:lang (issue 11, item 20)', async () => {
    const fiOnly = await create({ title_fi: `Vain suomeksi ${unique('s')}` });
    const rssEn = parseFeed((await anon().get('/en/news/feed.rss')).text);
    assert.equal(rssEn.language, 'en');
    assert.ok(!rssEn.items.some((i) => i.link.endsWith(`/news/${fiOnly}`)), 'a Finnish-only post is not in the English RSS');
    for (const x of rssEn.items) {
      const pid = /\/news\/(\d+)$/.exec(x.link)[1];
      assert.equal(q(`SELECT count(*) FROM news_version WHERE post_id = ${pid} AND lang = 'en';`), '1', `post ${pid} has English`);
    }
    const rssFi = parseFeed((await anon().get('/fi/news/feed.rss')).text);
    assert.ok(rssFi.items.some((i) => i.link === `${BASE}/fi/news/${fiOnly}`), 'it is in the Finnish RSS');
    const atomEn = parseFeed((await anon().get('/en/news/feed.atom')).text);
    const e = atomEn.items.find((i) => i.link === `${BASE}/en/news/${fiOnly}`);
    assert.equal(e?.lang, 'fi', 'the English Atom has it, marked as Finnish');
  });

  it('control characters stored by other means never break a feed', async () => {
    q(`UPDATE news_version SET title = 'Bell' || char(7) || ' and FFFF ' || char(65535) WHERE post_id = ${tricky} AND lang = 'en';`);
    const f = parseFeed((await anon().get('/en/news/feed.atom')).text);
    const e = f.items.find((i) => i.link === `${BASE}/en/news/${tricky}`);
    assert.equal(e.title, 'Bell and FFFF ');
    parseFeed((await anon().get('/en/news/feed.rss')).text);
    q(`UPDATE news_version SET title = 'Fish & chips' WHERE post_id = ${tricky} AND lang = 'en';`);
  });

  it('an ETag, and 304 for a feed reader that has it already', async () => {
    const first = await anon().get('/sv/news/feed.rss');
    const etag = first.headers.etag;
    // The server's own tag over the bytes (server_finish_body()), weak
    // when it compressed them.
    assert.match(etag, /^(W\/)?"[0-9a-f]{16}(-gz)?"$/);
    assert.match(first.headers['cache-control'], /max-age=/);
    const again = await anon().get('/sv/news/feed.rss', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const other = await anon().get('/sv/news/feed.rss', { headers: { 'if-none-match': '"0000000000000000"' } });
    assert.equal(other.status, 200);
    await create({ title_sv: `Ny ${unique('e')}` });
    const changed = await anon().get('/sv/news/feed.rss', { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200, 'a new post changes the ETag');
    assert.notEqual(changed.headers.etag, etag);
  });

  it('the news pages announce both feeds of their language in the head', async () => {
    const id = q('SELECT id FROM news_post ORDER BY id LIMIT 1;');
    for (const p of ['/sv/news', `/sv/news/${id}`]) {
      const res = await anon().get(p);
      const head = res.text.slice(0, res.text.indexOf('</head>'));
      assert.ok(head.includes(`<link rel="alternate" type="application/rss+xml" title="Nyheter – Nylands nätverk för digitalt stöd (RSS)" href="${BASE}/sv/news/feed.rss">`) ||
        head.includes(`type="application/rss+xml"`) && head.includes(`href="${BASE}/sv/news/feed.rss"`), head);
      assert.ok(head.includes(`type="application/atom+xml"`) && head.includes(`href="${BASE}/sv/news/feed.atom"`), head);
    }
    const front = await anon().get('/sv/');
    assert.doesNotMatch(front.text, /application\/rss\+xml/, 'other pages have no feed');
  });

  it('an empty feed is still valid', async () => {
    const saved = q("SELECT group_concat(id) FROM news_post WHERE status = 'published';");
    q("UPDATE news_post SET status = 'draft';");
    try {
      const rss = parseFeed((await anon().get('/fi/news/feed.rss')).text);
      assert.equal(rss.items.length, 0);
      const atom = parseFeed((await anon().get('/fi/news/feed.atom')).text);
      assert.equal(atom.items.length, 0);
      assert.equal(atom.updated, 0);
      const list = await anon().get('/fi/news');
      assert.match(list.text, /Uutisia ei ole vielä\./);
    } finally {
      q(`UPDATE news_post SET status = 'published' WHERE id IN (${saved});`);
    }
  });
});

describe('the main menu', () => {
  it('has News and Events in every language', async () => {
    for (const [lang, news, events] of [['fi', 'Uutiset', 'Tapahtumat'], ['sv', 'Nyheter', 'Evenemang'], ['en', 'News', 'Events']]) {
      const res = await anon().get(`/${lang}/`);
      const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(res.text)[0];
      assert.ok(nav.includes(`<a href="/${lang}/news">${news}</a>`), nav);
      assert.ok(nav.includes(`<a href="/${lang}/events">${events}</a>`), nav);
    }
  });
});

// Last in the file: it restarts the server (the signed-in clients above
// know the old port).
describe('the kept HTML of a body (migration 0046, issue 13)', () => {
  const kept = (id) => {
    const [renderer, ...html] = q(`SELECT html_renderer, body_html FROM news_version WHERE post_id = ${id} AND lang = 'en';`).split('|');
    return { renderer: Number(renderer), html: html.join('|').trim() };
  };

  it('is made when a post is saved, headings demoted, with the renderer that made it', async () => {
    const id = await create({ title_en: 'Kept', body_en: '# Kept heading\n\nSome *text* <script>x</script>.' });
    const k = kept(id);
    assert.ok(k.renderer > 0, `renderer ${k.renderer}`);
    assert.equal(k.html, '<h2>Kept heading</h2>\n<p>Some <em>text</em> <!-- raw HTML omitted -->x<!-- raw HTML omitted -->.</p>');
  });

  it('is made on the request when another renderer made it, and again by the job as the server starts', async () => {
    const stale = await create({ title_en: 'Stale', body_en: 'Fresh *body*.' });
    const unmade = await create({ title_en: 'Unmade', body_en: 'Made *later*.' });
    const current = kept(stale).renderer;
    // As after an upgrade of cmark, and as a row a script inserted.
    q(`UPDATE news_version SET body_html = '<p>stale</p>', html_renderer = ${current + 1} WHERE post_id = ${stale}`);
    q(`UPDATE news_version SET body_html = '', html_renderer = 0 WHERE post_id = ${unmade}`);
    const page = await anon().get(`/en/news/${stale}`);
    assert.ok(page.text.includes('<p>Fresh <em>body</em>.</p>'), 'the page renders the Markdown');
    assert.ok(!page.text.includes('stale'));
    assert.ok((await anon().get(`/en/news/${unmade}`)).text.includes('<p>Made <em>later</em>.</p>'));
    const atom = parseFeed((await anon().get('/en/news/feed.atom')).text);
    assert.match(atom.items.find((i) => i.link === `${BASE}/en/news/${stale}`).html, /^<p>Fresh <em>body<\/em>\.<\/p>/);
    assert.match(atom.items.find((i) => i.link === `${BASE}/en/news/${unmade}`).html, /^<p>Made <em>later<\/em>\.<\/p>/);
    const edit = await as.coordinator.get(`/en/staff/news/${stale}`);
    assert.ok(edit.text.includes('>Fresh *body*.</textarea>'), 'the form has the Markdown');
    // The job runs before the restarted server answers.
    await srv.stop({ keepDir: true });
    oldDirs.push(srv.dir);
    srv = await startServer({ db: srv.db, args: [...PASSWORD_COST, '--page-cache-ms', '0', '--base-url', `${BASE}/`] });
    assert.deepEqual(kept(stale), { renderer: current, html: '<p>Fresh <em>body</em>.</p>' });
    assert.deepEqual(kept(unmade), { renderer: current, html: '<p>Made <em>later</em>.</p>' });
    assert.equal(q(`SELECT count(*) FROM news_version WHERE html_renderer <> ${current}`), '0');
  });
});
