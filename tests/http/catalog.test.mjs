// Every UI string in the C sources is marked N_("...") or passed straight
// to i18n_text(); each must be in all three catalogues (tmplc checks the
// templates, po2c checks that the catalogues agree with each other).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.c') ? [p] : [];
  });
}

function unescape(s) {
  return s.replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
}

function msgids(po) {
  const text = readFileSync(path.join(repoRoot, 'locale', po), 'utf8');
  const ids = new Set();
  for (const m of text.matchAll(/^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)/gm)) {
    ids.add(unescape([...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('')));
  }
  return ids;
}

it('every N_() and i18n_text() literal in src/ is in fi.po, sv.po and en.po', () => {
  const used = new Map();
  for (const f of walk(path.join(repoRoot, 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const re of [/\bN_\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g, /\bi18n_text\([^,()]+,\s*"((?:[^"\\]|\\.)*)"/g]) {
      for (const m of text.matchAll(re)) used.set(unescape(m[1]), path.relative(repoRoot, f));
    }
  }
  assert.ok(used.size > 50, `found ${used.size} msgids: the patterns still match`);
  for (const po of ['fi.po', 'sv.po', 'en.po']) {
    const ids = msgids(po);
    const missing = [...used].filter(([id]) => !ids.has(id)).map(([id, f]) => `${f}: "${id}"`);
    assert.deepEqual(missing, [], `missing from ${po}`);
  }
});
