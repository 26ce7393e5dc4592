// An event's organiser in the page's language (#12 item 12): Swedish and
// English pages and calendar files show the organiser's own name in that
// language when it has one, the Finnish name otherwise; the organisers'
// form keeps the three, and refuses an overlong one naming the field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv, coord;
const FI = 'Uudenmaan liitto, Uudenmaan digituki-hanke';
const SV = 'Nylands förbund, projektet Digitalt stöd i Nyland';
const EN = 'Helsinki-Uusimaa Regional Council, Uusimaa digital support project';
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
// iCalendar folds long lines and escapes commas.
const unfold = (ics) => ics.replace(/\r\n[ \t]/g, '').replace(/\\,/g, ',');

before(async () => {
  // The tests change the event behind the server's back (no commit of its
  // own to move the write generation), so nothing may be kept between
  // requests: the registration form's event is (db/memo.h).
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const u = addUser(srv, `${unique('org')}@example.fi`, 'coordinator');
  coord = await signIn(srv.url, u.email, u.password);
});
after(async () => { await srv?.stop(); });

describe('the organiser in three languages', () => {
  it('each language\'s registration page and calendar file names the organiser in it', async () => {
    for (const [l, name, others] of [['fi', FI, [SV, EN]], ['sv', SV, [FI, EN]], ['en', EN, [FI, SV]]]) {
      const page = text((await request(`${srv.url}/${l}/events/2/register`)).text);
      assert.ok(page.includes(name), `${l}: ${name}`);
      for (const o of others) assert.ok(!page.includes(o), `${l} shows no ${o}`);
      const ics = unfold((await request(`${srv.url}/${l}/events/2/calendar.ics`)).text);
      assert.ok(ics.includes(name), `${l} calendar: ${name}`);
    }
  });

  it('without its own name in a language, the Finnish one is shown', async () => {
    sqlite(srv.db, "UPDATE event SET organiser_en = '' WHERE id = 2;");
    try {
      assert.ok(text((await request(`${srv.url}/en/events/2/register`)).text).includes(FI));
    } finally {
      sqlite(srv.db, `UPDATE event SET organiser_en = '${EN}' WHERE id = 2;`);
    }
  });

  it('the form shows and keeps the three names, and names the field of a mistake', async () => {
    const form = await coord.get('/sv/events/2/edit');
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="organiser_sv">Arrangörens svenska namn \(om det finns\)<\/label>/);
    assert.match(form.text, new RegExp(`id="organiser_sv"[^>]*value="${SV}"`));
    // The form as the page has it, with one change.
    const fields = new URLSearchParams();
    for (const m of form.text.matchAll(/<input([^>]*)>/g)) {
      const name = /name="([^"]+)"/.exec(m[1])?.[1];
      if (!name) continue;
      const type = /type="([^"]+)"/.exec(m[1])?.[1] ?? 'text';
      if (['checkbox', 'radio'].includes(type) && !/ checked/.test(m[1])) continue;
      const value = (/value="([^"]*)"/.exec(m[1])?.[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
      fields.append(name, value);
    }
    for (const m of form.text.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g)) {
      fields.append(m[1], /<option value="([^"]*)" selected/.exec(m[0])?.[1] ?? '');
    }
    for (const m of form.text.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
      fields.append(m[1], m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    }
    fields.set('organiser_sv', 'Nylands förbund');
    const post = (body) => coord.req('/sv/events/2/edit', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    let res = await post(fields);
    assert.equal(res.status, 303, text(res.text).slice(0, 300));
    assert.equal(sqlite(srv.db, 'SELECT organiser || \'|\' || organiser_sv || \'|\' || organiser_en FROM event WHERE id = 2;').trim(),
      `${FI}|Nylands förbund|${EN}`);
    fields.set('organiser_en', 'x'.repeat(301));
    res = await post(fields);
    assert.equal(res.status, 400);
    assert.match(res.text, /href="#organiser_en"/);
    assert.equal(sqlite(srv.db, 'SELECT organiser_en FROM event WHERE id = 2;').trim(), EN, 'nothing written');
  });
});
