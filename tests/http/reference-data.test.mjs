// The product's own reference data (#12 item 14, data/README.md): the
// files are there with the facts they promise, they agree with each other,
// and the binary loads the demo from a folder that holds nothing but data/
// - a clone on its own, without ../shared.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, serverBin } from '../lib/server.mjs';

const data = path.join(repoRoot, 'data');

/** A CSV file of data/ as objects by its header (no quoted commas needed here but handled). */
function rows(file) {
  const lines = readFileSync(path.join(data, file), 'utf8').trim().split('\n');
  const split = (l) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'))
    .slice(0, -1);
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

describe('data/', () => {
  it('has every municipality of Finland with its region, names and a point in Finland', () => {
    const all = rows('finland-municipalities.csv');
    const regions = rows('finland-regions.csv');
    assert.equal(all.length, 309);
    assert.equal(regions.length, 19);
    const codes = new Set(regions.map((r) => r.code));
    for (const m of all) {
      assert.match(m.code, /^\d{3}$/);
      assert.ok(m.name_fi && m.name_sv, m.code);
      assert.ok(codes.has(m.region_code), `${m.code}: region ${m.region_code}`);
      const lat = Number(m.point_lat);
      const lon = Number(m.point_lon);
      assert.ok(lat > 59.5 && lat < 70.2 && lon > 19 && lon < 31.6, `${m.code}: ${lat}, ${lon}`);
    }
    for (const r of regions) assert.ok(r.name_fi && r.name_sv && r.name_en, r.code);
  });

  it('Uusimaa\'s 26 municipalities are the same as region 01\'s, with their language status', () => {
    const uusimaa = rows('uusimaa-municipalities.csv');
    const region01 = rows('finland-municipalities.csv').filter((m) => m.region_code === '01');
    assert.deepEqual(uusimaa.map((m) => [m.code, m.name_fi, m.name_sv]),
      region01.map((m) => [m.code, m.name_fi, m.name_sv]));
    for (const m of uusimaa) assert.match(m.language_status, /^(fi|sv|fi\+sv|sv\+fi)$/, m.code);
  });

  it('topics, forms of support and the sparring dimensions are in Finnish, Swedish and English', () => {
    for (const file of ['support-topics.csv', 'support-forms.csv', 'sparring-dimensions.csv']) {
      const list = rows(file);
      assert.ok(list.length > 0, file);
      for (const r of list) {
        for (const k of ['label_fi', 'label_sv', 'label_en']) assert.ok(r[k], `${file} ${r.key} ${k}`);
        if (file === 'sparring-dimensions.csv') {
          for (const k of ['question_fi', 'question_sv', 'question_en']) assert.ok(r[k], `${r.key} ${k}`);
        }
      }
    }
  });

  it('a folder with nothing but data/ loads the demo (no ../shared)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-clone-'));
    try {
      cpSync(data, path.join(dir, 'data'), { recursive: true });
      const r = spawnSync(path.resolve(repoRoot, serverBin()), ['demo', '--db', 'var/t.db', '--password-cost', 'test'],
        { cwd: dir, encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^demo data loaded$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
