// The privacy notice (#12 item 13): in every language, naming the network
// and the service's address, with the retention periods the jobs really
// use (from the configuration), linked from the footer of every page and
// from each form that takes personal data.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';

let srv;

before(async () => {
  srv = await startServer({ demo: true, args: ['--retention-days', '200', '--event-retention-days', '45'] });
});
after(async () => { await srv?.stop(); });

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('privacy notice', () => {
  for (const [lang, title, words] of [
    ['fi', 'Tietosuojaseloste', /rekisterinpitäjä.*Uudenmaan digitukiverkosto/],
    ['sv', 'Dataskyddsbeskrivning', /Personuppgiftsansvarig/],
    ['en', 'Privacy notice', /controller of the personal data/],
  ]) {
    it(`says who, what and how long in ${lang}`, async () => {
      const res = await request(`${srv.url}/${lang}/privacy`);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(`<h1>${title}</h1>`));
      const t = text(res.text);
      assert.match(t, words);
      assert.match(t, /45/, 'the configured event retention');
      assert.match(t, /200/, 'the configured retention');
      assert.match(res.text, /href="mailto:[^"]+@/);
    });
  }

  it('is linked from every page and from the forms that take personal data', async () => {
    for (const p of ['/fi/', '/fi/accessibility', '/fi/events/2/register', '/fi/materials/3/request']) {
      const res = await request(srv.url + p);
      assert.equal(res.status, 200, p);
      assert.match(res.text, /href="\/fi\/privacy"/, p);
    }
    const form = await request(`${srv.url}/fi/events/2/register`);
    assert.match(form.text, /Miten käytämme tietojasi: tietosuojaseloste/);
  });
});
