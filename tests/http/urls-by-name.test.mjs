// Links in the C sources are built from route names (url_for() and
// url_abs_for(), src/http/urls.h), never by hand: a path written as
// arena_printf(a, "/%s/events/%lld", lang_code(l), id) silently goes stale
// when the route table (src/app/routes.c) changes, a name does not.
//
// This greps src/ for the hand-built forms - a format string that starts
// with "/%s" (a language code first) or holds "%s/%s/" (base_url, then the
// language code) - and fails listing file:line.  It also checks that every
// route name written literally as url_for()'s or url_abs_for()'s third
// argument is in the route table (an unknown name is only logged at run
// time; core-urls checks that every name in the table resolves).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

// The true exceptions: file and the exact string literal, with the reason.
const ALLOWED = new Set([
  // request_path_in(): the current path in another language (the language
  // switcher), "/sv" + the rest of "/fi/...": not a link to a named route.
  'src/http/request.c "/%s%s"',
]);

const HAND_BUILT = [/^"\/%s/, /%s\/%s\//];

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.[ch]$/.test(p) ? [p] : [];
  });
}

// The string literals of C text, with their line numbers; comments skipped.
function literals(text) {
  const out = [];
  const re = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
  for (const m of text.matchAll(re)) {
    if (m[0][0] === '"') {
      out.push({ lit: m[0], line: text.slice(0, m.index).split('\n').length });
    }
  }
  return out;
}

function handBuilt(rel, text) {
  return literals(text)
    .filter(({ lit }) => HAND_BUILT.some((re) => re.test(lit)))
    .filter(({ lit }) => !ALLOWED.has(`${rel} ${lit}`))
    .map(({ lit, line }) => `${rel}:${line}: ${lit}`);
}

const sources = walk(path.join(repoRoot, 'src')).map((f) => ({
  rel: path.relative(repoRoot, f),
  text: readFileSync(f, 'utf8'),
}));

it('the patterns find a hand-built path and its absolute form', () => {
  const sample = [
    'x = arena_printf(&r->arena,',
    '    "/%s/events/%lld?done=saved", lang_code(r->lang), id);',
    '/* "/%s/in a comment" is not code */',
    'y = arena_printf(a, "%s\\n%s/%s/registrations/%s\\n", t,',
    '    config_get()->base_url, lang_code(l), token);',
    'z = url_for(a, l, "events.page", url_id(a, id), NULL);',
    'w = snprintf(p, sizeof(p), "%s/%s", dir, hex);',
  ].join('\n');
  assert.deepEqual(handBuilt('src/x.c', sample), [
    'src/x.c:2: "/%s/events/%lld?done=saved"',
    'src/x.c:4: "%s\\n%s/%s/registrations/%s\\n"',
  ]);
});

it('no C file in src/ builds a site path by hand: url_for() by route name', () => {
  const found = sources.flatMap(({ rel, text }) => handBuilt(rel, text));
  assert.deepEqual(found, [], 'build these with url_for()/url_abs_for() ' +
    '(src/http/urls.h), or name a true exception in ALLOWED:\n' +
    found.join('\n'));
});

it('every allowlisted exception still exists', () => {
  const seen = new Set(sources.flatMap(({ rel, text }) =>
    literals(text).map(({ lit }) => `${rel} ${lit}`)));
  for (const a of ALLOWED) assert.ok(seen.has(a), `stale ALLOWED entry: ${a}`);
});

it('every route name given to url_for() or url_abs_for() is in the table', () => {
  const table = readFileSync(path.join(repoRoot, 'src/app/routes.c'), 'utf8');
  const names = new Set([...table.matchAll(/\{\s*"([^"]+)",\s*HTTP_/g)].map((m) => m[1]));
  assert.ok(names.size > 100, `found ${names.size} routes: the pattern still matches`);
  const bad = [];
  let used = 0;
  for (const { rel, text } of sources) {
    if (rel === 'src/http/urls.h' || rel === 'src/http/urls.c') continue;
    for (const m of text.matchAll(/\burl_(?:abs_)?for\([^,()]+(?:\([^()]*\))?,\s*[^,]+,\s*"([^"]+)"/g)) {
      used++;
      if (!names.has(m[1])) {
        bad.push(`${rel}:${text.slice(0, m.index).split('\n').length}: ${m[1]}`);
      }
    }
  }
  assert.ok(used > 80, `found ${used} url_for() calls: the pattern still matches`);
  assert.deepEqual(bad, [], `unknown route names:\n${bad.join('\n')}`);
});
