// The directory's map is off until a tile host is configured (issue #15):
// without map_tiles the search page has no map, links no Leaflet and its
// Content-Security-Policy names no other host, so a visitor's browser
// asks nothing of a third party.  Leaflet is served from our own static
// files.  A tile URL that is not one http(s) host with {z}, {x} and {y},
// or an attribution that is not one line, is refused at start with a
// message.  The widget may be framed by any site unless
// widget_frame_ancestors names the sites (a bad value refused at start).
// (With a tile host and a list of sites: tests/browser/directory-map.test.mjs.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, request, serverBin, repoRoot } from '../lib/server.mjs';

let srv;
const withEnv = (env) => spawnSync(serverBin(srv.bin), ['routes'], {
  cwd: repoRoot, encoding: 'utf8', timeout: 30000, env: { ...process.env, ...env },
});

before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

describe('the directory map without map_tiles', () => {
  it('is not on the search page, and no other host is in its CSP', async () => {
    const res = await request(`${srv.url}/fi/directory?sort=name`);
    assert.equal(res.status, 200);
    assert.match(res.text, /class="directory-list__item" data-lat="6\d\.\d{6}" data-lon="2\d\.\d{6}"/);
    assert.doesNotMatch(res.text, /leaflet|directory-map|data-tiles|\{z\}/i);
    const csp = res.headers['content-security-policy'];
    assert.equal(csp, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  it('has Leaflet among our own static files', async () => {
    for (const f of ['vendor/leaflet/leaflet.js', 'vendor/leaflet/leaflet.markercluster.js', 'vendor/leaflet/leaflet.css', 'vendor/leaflet/images/marker-icon.png', 'js/directory-map.js']) {
      const res = await request(`${srv.url}/static/${f}`);
      assert.equal(res.status, 200, f);
    }
  });

  it('refuses a tile URL or attribution it could not use safely, saying why', () => {
    for (const bad of ['ftp://tiles.example/{z}/{x}/{y}.png', 'https://{s}.tiles.example/{z}/{x}/{y}.png',
      'https://tiles.example/{z}/{x}.png', 'https://tiles.example/{z}/{x}/{y}.png?a="b"',
      "https://tiles.example/{z}/{x}/{y}.png; script-src *", 'https:///{z}/{x}/{y}.png']) {
      const r = withEnv({ TUKIVERKKO_MAP_TILES: bad });
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /TUKIVERKKO_MAP_TILES: map_tiles must be an http\(s\) URL of one host with \{z\}, \{x\} and \{y\}/, bad);
    }
    const ok = withEnv({ TUKIVERKKO_MAP_TILES: 'https://tile.example.org:8443/osm/{z}/{x}/{y}.png' });
    assert.equal(ok.status, 0, ok.stderr);
    const r = withEnv({ TUKIVERKKO_MAP_ATTRIBUTION: 'a\nb' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /map_attribution must be one line/);
  });

  it('lets any site frame the widget unless widget_frame_ancestors names the sites, checked at start', async () => {
    const res = await request(`${srv.url}/fi/directory/widget?municipality=611`);
    assert.match(res.headers['content-security-policy'], /; frame-ancestors \*$/);
    for (const bad of ["'self'", 'https://a.fi/', 'https://a.fi  https://b.fi', 'ftp://a.fi', 'https://a.fi; script-src *', '']) {
      const r = withEnv({ TUKIVERKKO_WIDGET_FRAME_ANCESTORS: bad });
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /widget_frame_ancestors must be \* or up to 8 origins/, bad);
    }
    assert.equal(withEnv({ TUKIVERKKO_WIDGET_FRAME_ANCESTORS: 'https://www.porvoo.fi http://kunta.example:8080' }).status, 0);
  });
});
