// Every link and form a template writes by hand ("/{{ lc | url }}/events/
// {{ id | int }}/attendance") must name a route of `tukiverkko routes` that
// answers its method: a link GET, a form its method. The templates build
// their own paths (the C code uses the route table's names through
// url_for()), so a renamed or removed route would otherwise leave a dead
// link that only a user would find. No server: the route table and the
// template sources are enough.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serverBin, repoRoot } from '../lib/server.mjs';

const routesRun = spawnSync(serverBin(), ['routes'], { cwd: repoRoot, encoding: 'utf8' });
if (routesRun.status !== 0) throw new Error(`tukiverkko routes failed: ${routesRun.stderr}`);
const routes = routesRun.stdout.trim().split('\n').map((l) => JSON.parse(l));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HOLE = '\u0000';	// where a template expression was

/** A route pattern's segments as regexes over a template path's segments. */
function routeMatches(pattern, segs) {
  const p = pattern.split('/').slice(1);
  if (p.length && p[p.length - 1].startsWith('*')) {
    if (segs.length < p.length - 1) return false;
  } else if (p.length !== segs.length) return false;
  for (let i = 0; i < p.length; i++) {
    const s = segs[i];
    // A catch-all (/static/*path) only under its own literal prefix.
    if (p[i].startsWith('*')) return segs.slice(0, i).every((x, k) => x === p[k]);
    if (p[i].startsWith(':')) {
      if (s === '') return false;
      continue;
    }
    // A literal segment: the template's text around its expressions must
    // fit it (an expression may stand for any part).
    const re = new RegExp(`^${s.split(HOLE).map(escape).join('.*')}$`);
    if (!re.test(p[i])) return false;
  }
  return true;
}

/** The hand-written paths of a template, with the method each is used with. */
function templatePaths(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  const attr = /\b(href|action|formaction)="(\/[^"]*)"/g;
  for (let m; (m = attr.exec(text)) !== null;) {
    let method = 'GET';
    if (m[1] !== 'href') {
      // The form (or button) this action belongs to: its method.
      const tagStart = text.lastIndexOf('<', m.index);
      const tag = text.slice(tagStart, text.indexOf('>', m.index) + 1);
      const own = /\b(?:form)?method="(\w+)"/i.exec(tag);
      if (own) method = own[1].toUpperCase();
      else if (m[1] === 'formaction') {
        const form = text.lastIndexOf('<form', m.index);
        const fm = /\bmethod="(\w+)"/i.exec(text.slice(form, text.indexOf('>', form)));
        if (fm) method = fm[1].toUpperCase();
      }
    }
    const line = text.slice(0, m.index).split('\n').length;
    // Expressions become holes; the query and fragment are not the path.
    const raw = m[2].replace(/\{\{[\s\S]*?\}\}/g, HOLE);
    const p = raw.split(/[?#]/)[0];
    out.push({ where: `${path.relative(repoRoot, file)}:${line}`, href: m[2], method, segs: p.split('/').slice(1) });
  }
  return out;
}

function templateFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return templateFiles(p);
    return e.name.endsWith('.tmpl') ? [p] : [];
  });
}

test('every path a template writes is a route that answers its method', () => {
  const links = templateFiles(path.join(repoRoot, 'templates')).flatMap(templatePaths);
  assert.ok(links.length > 200, `only ${links.length} links found: is the pattern still right?`);
  const dead = links.filter((l) => !routes.some((r) => r.methods.includes(l.method) && routeMatches(r.pattern, l.segs)));
  assert.deepEqual(dead.map((l) => `${l.where}: ${l.method} ${l.href}`), []);
});

test('the check finds a dead link', () => {
  // A path no route has, and a route's path with the wrong method.
  const probe = (p, method) => routes.some((r) => r.methods.includes(method) &&
    routeMatches(r.pattern, p.replace(/\{\{[\s\S]*?\}\}/g, HOLE).split('/').slice(1)));
  assert.equal(probe('/{{ lc | url }}/events/{{ id | int }}/attendance', 'GET'), true);
  assert.equal(probe('/{{ lc | url }}/events/{{ id | int }}/attendence', 'GET'), false);
  assert.equal(probe('/{{ lc | url }}/events/{{ id | int }}/registrants.csv', 'POST'), false);
  assert.equal(probe('/{{ lc | url }}/events/{{ id | int }}/registrants.csv', 'GET'), true);
});
