// The directory's embeddable widget (issue #15): /:lang/directory/widget
// is the one page other sites may frame (frame-ancestors *, no
// X-Frame-Options; every other page keeps 'none' and DENY), a page of its
// own with the results of the filters in its query (municipality, topic)
// and links that open outside the frame; a bad filter is a 400 that says
// so.  The municipality's colours come as a stylesheet addressed by a
// version of the colours, cached for a year under it.  A municipal
// coordinator finds the widget's page from the service point list, sets
// the colours - a colour not written #rrggbb, links under 4.5:1 on white
// or a title under 4.5:1 on its band are refused with the ratio, every
// mistake at once, nothing written - and copies the <iframe> snippet;
// another municipality's widget page is 404 to them.  Last, past 1,000
// open points a search counts "over 1,000" and pages the first 1,000.  The
// same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, onPg } from '../lib/server.mjs';
import { addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let municipal;
let busiest;
const q = (s) => sqlite(srv.db, s).trim();
const ids = (html) => [...html.matchAll(/<li class="widget__item">\s*<h2><a href="\/fi\/directory\/(\d+)" target="_blank" rel="noopener"/g)].map((m) => Number(m[1]));

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const u = addUser(srv, `municipal.${unique('w')}@example.fi`, 'municipal-coordinator', { municipality: '611', name: 'Widget Tester' });
  municipal = await signIn(srv.url, u.email, u.password);
  busiest = q("SELECT municipality_code FROM service_point WHERE status <> 'closed' GROUP BY municipality_code ORDER BY count(*) DESC, municipality_code LIMIT 1");
});

after(async () => { await srv?.stop(); });

describe('the widget page', () => {
  it('may be framed anywhere, unlike every other page', async () => {
    const res = await request(`${srv.url}/fi/directory/widget?municipality=${busiest}`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-security-policy'], /frame-ancestors \*$/);
    assert.match(res.headers['content-security-policy'], /script-src 'self'; style-src 'self';/);
    assert.equal(res.headers['x-frame-options'], undefined);
    for (const p of ['/fi/directory', `/fi/directory/${q('SELECT min(id) FROM service_point')}`, '/fi/']) {
      const other = await request(srv.url + p);
      assert.match(other.headers['content-security-policy'], /frame-ancestors 'none'$/, p);
      assert.equal(other.headers['x-frame-options'], 'DENY', p);
    }
  });

  it('lists the points of the municipality, and of a topic, compactly, with links out of the frame', async () => {
    const res = await request(`${srv.url}/fi/directory/widget?municipality=${busiest}&sort=name`);
    assert.doesNotMatch(res.text, /class="site-nav"|<script/, 'no site frame, no script');
    assert.doesNotMatch(res.text, /style="/);
    const want = Number(q(`SELECT count(*) FROM service_point WHERE status <> 'closed' AND municipality_code = '${busiest}'`));
    assert.equal(Number(/<p class="widget__count">[^<]*: (\d+)<\/p>/.exec(res.text)[1]), want, 'the count');
    const shown = ids(res.text);
    assert.equal(shown.length, Math.min(want, 20));
    const inMuni = new Set(q(`SELECT id FROM service_point WHERE municipality_code = '${busiest}'`).split('\n').map(Number));
    for (const id of shown) assert.ok(inMuni.has(id), `${id} is in ${busiest}`);
    assert.match(res.text, /<span class="visually-hidden"> \(avautuu uuteen välilehteen\)<\/span>/);
    assert.match(res.text, new RegExp(`<link rel="stylesheet" href="/directory/widget-style/${busiest}\\?v=[0-9a-f]{8}">`));

    const topic = q(`SELECT t.topic FROM service_point_topic t JOIN service_point p ON p.id = t.point_id WHERE p.municipality_code = '${busiest}' AND p.status <> 'closed' GROUP BY t.topic ORDER BY count(*) LIMIT 1`);
    const byTopic = await request(`${srv.url}/sv/directory/widget?municipality=${busiest}&topic=${topic}`);
    assert.equal(byTopic.status, 200);
    const wantTopic = q(`SELECT p.id FROM service_point p JOIN service_point_topic t ON t.point_id = p.id WHERE p.status <> 'closed' AND p.municipality_code = '${busiest}' AND t.topic = '${topic}' ORDER BY p.id`).split('\n').map(Number);
    const got = [...byTopic.text.matchAll(/href="\/sv\/directory\/(\d+)" target="_blank"/g)].map((m) => Number(m[1]));
    assert.ok(got.length > 0);
    if (wantTopic.length <= 20) assert.deepEqual(got.slice().sort((a, b) => a - b), wantTopic);
    else for (const id of got) assert.ok(wantTopic.includes(id), `${id} has the topic`);
    assert.match(byTopic.text, /<html lang="sv">/);
  });

  it('says what is wrong with a bad filter, still frameable', async () => {
    const res = await request(`${srv.url}/en/directory/widget?municipality=999`);
    assert.equal(res.status, 400);
    assert.match(res.text, /The widget&#39;s address has a mistake:/);
    assert.match(res.text, /Choose the municipality from the list\./);
    assert.match(res.headers['content-security-policy'], /frame-ancestors \*$/);
  });
});

describe('the colours', () => {
  it('are a stylesheet cached for a year under the version of the colours', async () => {
    const page = await request(`${srv.url}/fi/directory/widget?municipality=611`);
    const href = /href="(\/directory\/widget-style\/611\?v=[0-9a-f]{8})"/.exec(page.text)[1];
    const css = await request(srv.url + href);
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(css.text, /\.widget__title \{ background: #0000bf; color: #ffffff; \}/);
    const old = await request(`${srv.url}/directory/widget-style/611?v=00000000`);
    assert.equal(old.headers['cache-control'], 'public, max-age=300');
    assert.equal((await request(`${srv.url}/directory/widget-style/999`)).status, 404);
  });

  it('are set by the municipality\'s coordinator, refused with the reason when unreadable', async () => {
    const list = await municipal.get('/fi/staff/directory');
    assert.match(list.text, /href="\/fi\/staff\/directory\/widget\/611">/);
    assert.doesNotMatch(list.text, /staff\/directory\/widget\/(?!611)/);
    await municipal.loadCsrf('/fi/staff/directory/widget/611');
    const page = await municipal.get('/fi/staff/directory/widget/611');
    assert.equal(page.status, 200);
    assert.match(page.text, /<textarea id="snippet" rows="4" readonly>&lt;iframe src=&quot;http:\/\/127\.0\.0\.1:\d+\/fi\/directory\/widget\?municipality=611&quot; title=&quot;Digituki – Pornainen&quot;/);
    assert.equal((await municipal.get('/fi/staff/directory/widget/638')).status, 404);
    const before = q("SELECT count(*) FROM directory_widget") + q("SELECT count(*) FROM audit_log WHERE action = 'directory.widget'");

    let res = await municipal.post('/fi/staff/directory/widget/611', { accent: 'blue', accent_text: '#12345g' });
    assert.equal(res.status, 400);
    assert.match(res.text, /<title>Virhe:/);
    assert.equal((res.text.match(/Kirjoita väri muodossa # ja kuusi heksadesimaalinumeroa/g) ?? []).length >= 2, true, 'both fields named');
    res = await municipal.post('/fi/staff/directory/widget/611', { accent: '#777777', accent_text: '#ffffff' });
    assert.equal(res.status, 400);
    assert.match(res.text, /kontrasti valkoista taustaa vasten on 4,4:1/);
    res = await municipal.post('/en/staff/directory/widget/611', { accent: '#0000BF', accent_text: '#000080' });
    assert.equal(res.status, 400);
    assert.match(res.text, /The title on the band has a contrast of 1\.\d:1/);
    assert.match(res.text, /value="#000080"/, 'what was written comes back');
    assert.equal(q("SELECT count(*) FROM directory_widget") + q("SELECT count(*) FROM audit_log WHERE action = 'directory.widget'"), before, 'nothing written');

    res = await municipal.post('/fi/staff/directory/widget/611', { accent: '#005A2B', accent_text: '#FFFFFF' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/staff/directory/widget/611?done=saved');
    assert.equal(q("SELECT accent || ' ' || accent_text FROM directory_widget WHERE municipality_code = '611'"), '#005a2b #ffffff');
    assert.equal(q("SELECT count(*) FROM audit_log WHERE action = 'directory.widget' AND detail = '611 #005a2b #ffffff'"), '1');
    const widget = await request(`${srv.url}/fi/directory/widget?municipality=611`);
    const href = /href="(\/directory\/widget-style\/611\?v=[0-9a-f]{8})"/.exec(widget.text)[1];
    assert.match((await request(srv.url + href)).text, /\.widget__title \{ background: #005a2b; color: #ffffff; \}/);
    assert.match((await municipal.get('/fi/staff/directory/widget/611?done=saved')).text, /Värit on tallennettu/);
  });
});

describe('a broad search', () => {
  it('counts up to 1,000 and then says "over 1,000", with the pages of the first 1,000', async () => {
    // Copies of the demo's open points make more than 1,000 (ids far above
    // the demo's; no PTV id, which is unique).
    const cols = (onPg
      ? q("SELECT column_name FROM information_schema.columns WHERE table_name = 'service_point' ORDER BY ordinal_position")
      : q("SELECT name FROM pragma_table_info('service_point')")).split('\n').map((c) => c.trim()).filter(Boolean);
    const pick = cols.map((c) => (c === 'id' ? 'p.id + k.n * 100000' : c === 'ptv_id' ? 'NULL' : `p.${c}`)).join(', ');
    q(`INSERT INTO service_point (${cols.join(', ')}) SELECT ${pick} FROM service_point p, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) k WHERE p.status <> 'closed' AND p.id < 100000`);
    // A write of the directory moves its stamp (0033) and sets it on the
    // points it wrote (0036), as the server's own writes do: the search
    // index reads them.
    q('UPDATE directory_count SET stamp = stamp + 1');
    q('UPDATE service_point SET index_stamp = (SELECT stamp FROM directory_count WHERE id = 1) WHERE id > 100000');
    assert.ok(Number(q("SELECT count(*) FROM service_point WHERE status <> 'closed'")) > 1000);
    const res = await request(`${srv.url}/en/directory?sort=name`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h2 id="results-title">Service points found: over 1,000<\/h2>/);
    assert.match(res.text, /The list shows the first 1,000\./);
    assert.match(res.text, /Page 1 \/ 50/);
    assert.equal((await request(`${srv.url}/en/directory?sort=name&page=50`)).status, 200);
    assert.equal((await request(`${srv.url}/en/directory?sort=name&page=51`)).status, 404);
    const muni = await request(`${srv.url}/fi/directory?municipality=611`);
    const want = Number(q("SELECT count(*) FROM service_point WHERE status <> 'closed' AND municipality_code = '611'"));
    assert.ok(want <= 1000);
    assert.match(muni.text, new RegExp(`<h2 id="results-title">[^<]*: ${want}</h2>`), 'a narrow search still counts exactly');
  });
});
