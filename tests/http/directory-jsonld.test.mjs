// schema.org JSON-LD in a service point's public page (issue #15), parsed
// back: a GovernmentService whose channel is a Place with the point's
// name, PostalAddress, GeoCoordinates and openingHoursSpecification - the
// regular week's open intervals, and the closed public holidays and single
// days as specifications valid that day with opens = closes = 00:00 - in
// the page's language; a name with </script> in it cannot end the element.
// The same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

let srv;
const q = (s) => sqlite(srv.db, s).trim();
const DAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hhmm = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The JSON-LD blocks of a page, parsed. */
function jsonld(html) {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

async function page(id, lang = 'fi') {
  const res = await request(`${srv.url}/${lang}/directory/${id}`);
  assert.equal(res.status, 200);
  return res.text;
}

before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

describe("a service point's JSON-LD", () => {
  it('says the service, its place, address, geo and weekly hours as the database has them', async () => {
    const id = q("SELECT id FROM service_point WHERE status = 'active' AND lat IS NOT NULL AND street <> '' AND EXISTS (SELECT 1 FROM service_point_hours h WHERE h.point_id = service_point.id AND h.period_id IS NULL AND h.state = 1) ORDER BY id LIMIT 1");
    const [row] = q(`SELECT name_fi || '|' || street || '|' || postcode || '|' || lat || '|' || lon FROM service_point WHERE id = ${id}`).split('\n');
    const [name, street, postcode, lat, lon] = row.split('|');
    const blocks = jsonld(await page(id));
    assert.equal(blocks.length, 1);
    const d = blocks[0];
    assert.equal(d['@context'], 'https://schema.org');
    assert.equal(d['@type'], 'GovernmentService');
    assert.equal(d.name, name);
    assert.equal(d.url, `${srv.url}/fi/directory/${id}`);
    assert.equal(d.inLanguage, 'fi');
    const place = d.availableChannel.serviceLocation;
    assert.equal(d.availableChannel['@type'], 'ServiceChannel');
    assert.equal(place['@type'], 'Place');
    assert.equal(place.address['@type'], 'PostalAddress');
    assert.equal(place.address.streetAddress, street);
    assert.equal(place.address.postalCode, postcode);
    assert.equal(place.address.addressCountry, 'FI');
    assert.equal(place.geo['@type'], 'GeoCoordinates');
    assert.ok(Math.abs(place.geo.latitude - Number(lat)) < 1e-9 && Math.abs(place.geo.longitude - Number(lon)) < 1e-9);
    const want = q(`SELECT weekday || ' ' || start_min || ' ' || end_min FROM service_point_hours WHERE point_id = ${id} AND period_id IS NULL AND state = 1`)
      .split('\n').map((l) => l.split(' ').map(Number)).map(([w, s, e]) => `${DAYS[w]} ${hhmm(s)}-${e === 1440 ? '23:59' : hhmm(e)}`).sort();
    const got = place.openingHoursSpecification.filter((s) => !s.validFrom)
      .flatMap((s) => s.dayOfWeek.map((u) => `${u.replace('https://schema.org/', '')} ${s.opens}-${s.closes}`)).sort();
    assert.deepEqual(got, want);
    for (const s of place.openingHoursSpecification) assert.equal(s['@type'], 'OpeningHoursSpecification');
  });

  it('closes the next Christmas Day of a point that closes on holidays', async () => {
    const now = new Date();
    let y = now.getUTCFullYear();
    if (`${y}-12-25` < now.toISOString().slice(0, 10)) y++;
    const id = q("SELECT id FROM service_point WHERE status = 'active' AND closed_on_holidays = 1 ORDER BY id LIMIT 1");
    const place = jsonld(await page(id, 'sv'))[0].availableChannel.serviceLocation;
    const xmas = place.openingHoursSpecification.filter((s) => s.validFrom === `${y}-12-25`);
    assert.deepEqual(xmas.map((s) => [s.validThrough, s.opens, s.closes]), [[`${y}-12-25`, '00:00', '00:00']]);
  });

  it('is in the page language and cannot be ended by a name', async () => {
    const id = q("SELECT id FROM service_point WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 5");
    const evil = 'Kirjasto </script><script>alert(1)</script> & <!-- "x"';
    q(`UPDATE service_point SET name_en = '${evil.replace(/'/g, "''")}' WHERE id = ${id}`);
    const html = await page(id, 'en');
    assert.ok(!html.includes('</script><script>alert(1)'), 'the name cannot close the element');
    const d = jsonld(html)[0];
    assert.equal(d.name, evil);
    assert.equal(d.inLanguage, 'en');
  });
});
