// The directory's map by keyboard in Debian's Chromium (issue #15): with
// map_tiles set to a tile server on loopback (this file's own small
// HTTP server, answering every tile with one PNG), the search page's Content-Security-Policy allows
// images from that host and no other (the widget, framed only by the
// sites of widget_frame_ancestors), the map appears over the results
// with Leaflet from our own static files, tiles come from that server and
// nothing is asked of any other host.  A keyboard user tabs to a marker
// (pressing Enter on clusters zooms in), Enter opens a popup with the list
// item's own name, address and link, the link has the focus, and Escape
// gives the focus back to the marker.  axe (WCAG 2.1 A/AA) at desktop and
// phone widths with the map shown, no sideways scrolling at 320 px.  Last,
// a municipal coordinator's page of the widget's colours, and the same
// page with a colour refused, pass axe too.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { startServer, request } from '../lib/server.mjs';
import { addUser, signIn, unique, PASSWORD_COST } from '../lib/auth.mjs';
import { launchBrowser, accessibleAt } from '../lib/browser.mjs';

// A 1x1 grey PNG: every tile.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA0ADPbMdOhgAAAABJRU5ErkJggg==', 'base64');

let tiles;
let tileOrigin;
let tileRequests = 0;
let srv;
let browser;
let context;
let page;
const problems = [];

before(async () => {
  tiles = http.createServer((req, res) => {
    if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url)) {
      tileRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': PNG.length });
      res.end(PNG);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  tileOrigin = `http://127.0.0.1:${tiles.address().port}`;
  srv = await startServer({
    args: [...PASSWORD_COST],
    env: {
      TUKIVERKKO_MAP_TILES: `${tileOrigin}/{z}/{x}/{y}.png`, TUKIVERKKO_MAP_ATTRIBUTION: '© Testikartta <script>',
      TUKIVERKKO_WIDGET_FRAME_ANCESTORS: 'https://www.porvoo.fi https://kunta.example:8443',
    },
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(srv.url) && !u.startsWith(tileOrigin) && !/^(data|about):/.test(u)) problems.push(`request outside: ${u}`);
  });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await srv?.stop();
  await new Promise((resolve) => (tiles ? tiles.close(resolve) : resolve()));
});

const accessible = (name) => accessibleAt(page, `directory-map-${name}`, { widths: [1280, 390], height: 900 });

describe('the directory map', () => {
  it('allows images from the tile host and no other in the CSP', async () => {
    const res = await request(`${srv.url}/fi/directory?sort=name`);
    assert.equal(res.status, 200);
    const csp = res.headers['content-security-policy'];
    assert.match(csp, new RegExp(`img-src 'self' data: ${tileOrigin};`));
    assert.match(csp, new RegExp(`connect-src 'self' ${tileOrigin};`));
    assert.match(csp, /script-src 'self';/);
    assert.equal(csp.match(/https?:\/\/[^\s;]+/g).filter((h) => h !== tileOrigin).length, 0, csp);
    // The widget: framed only by the sites configured.
    const widget = await request(`${srv.url}/fi/directory/widget?municipality=611`);
    assert.match(widget.headers['content-security-policy'], /; frame-ancestors https:\/\/www\.porvoo\.fi https:\/\/kunta\.example:8443$/);
  });

  it('shows the results on a map whose markers work by keyboard', async () => {
    await page.goto(`${srv.url}/fi/directory?sort=name`);
    const map = page.locator('.directory-map');
    await map.waitFor({ state: 'visible' });
    await page.locator('.directory-map .leaflet-marker-icon').first().waitFor();
    assert.match(await page.locator('.leaflet-control-attribution').innerText(), /© Testikartta <script>/);
    const deadline = Date.now() + 5000;
    while (tileRequests === 0 && Date.now() < deadline) await page.waitForTimeout(50);
    assert.ok(tileRequests > 0, 'the tiles come from the configured host');

    // Tab from the map's heading to a marker; Enter on a cluster zooms in.
    await page.locator('#map-title').evaluate((h) => { h.tabIndex = -1; h.focus(); });
    let marker = null;
    for (let presses = 0; presses < 200 && !marker; presses++) {
      await page.keyboard.press('Tab');
      const kind = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a.classList.contains('leaflet-marker-icon')) return a.closest('.directory-map') ? 'map' : 'outside';
        return a.classList.contains('marker-cluster') ? 'cluster' : 'marker';
      });
      assert.notEqual(kind, 'outside', 'Tab left the map before reaching a marker');
      if (kind === 'cluster') {
        await page.keyboard.press('Enter');
        await page.waitForTimeout(400);	// the zoom animation
      } else if (kind === 'marker') {
        marker = await page.evaluate(() => document.activeElement.getAttribute('alt'));
      }
    }
    assert.ok(marker, 'a marker was reached by keyboard');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'button');
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup .directory-map__popup');
    await popup.waitFor({ state: 'visible' });
    const link = popup.locator('h3 a');
    assert.equal((await link.innerText()).trim(), marker);
    const item = page.locator('.directory-list__item', { has: page.locator('h3 a', { hasText: marker }) }).first();
    assert.equal(await link.getAttribute('href'), await item.locator('h3 a').getAttribute('href'));
    assert.equal((await popup.innerText()).trim(), (await item.innerText()).trim(), 'the popup says what the list item says');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.directory-map__popup') !== null), true, 'the popup\'s link has the focus');
    await accessible('popup');
    await link.focus();
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('alt')), marker, 'the focus is back on the marker');
    assert.deepEqual(problems, []);
  });

  it('has an accessible page for the widget\'s colours, also with a colour refused', async () => {
    const u = addUser(srv, `municipal.${unique('m')}@example.fi`, 'municipal-coordinator', { municipality: '611', name: 'Map Tester' });
    const client = await signIn(srv.url, u.email, u.password);
    await context.addCookies(Object.entries(client.cookies).map(([name, value]) => ({ name, value, url: srv.url })));
    await page.goto(`${srv.url}/fi/staff/directory/widget/611`);
    assert.match(await page.locator('#snippet').inputValue(), /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/fi\/directory\/widget\?municipality=611"/);
    await accessible('widget-settings');
    await page.locator('#accent').fill('#ffff00');
    await page.getByRole('button', { name: 'Tallenna värit' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.title(), /^Virhe:/);
    await accessible('widget-settings-refused');
    // The refused form's own answer is a 400, which the console reports.
    assert.deepEqual(problems.filter((x) => !/status of 400 \(Bad Request\)/.test(x)), []);
  });
});
