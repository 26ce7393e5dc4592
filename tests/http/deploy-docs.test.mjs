// docs/deploy.md, run as written where this machine allows: the PostgreSQL
// backup and restore commands (pg_dump --format=custom, createdb with the C
// locale from template0, pg_restore --no-owner) bring back a database a
// server then serves with every table as it was; the nginx load-balancer
// block passes `nginx -t`; the systemd unit names only options this
// server's `--help` knows. Needs the PostgreSQL cluster of the -pg suites
// for the first part.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, serverBin, repoRoot, pgBase, onPg, request } from '../lib/server.mjs';

const doc = readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');
/** The fenced blocks of the doc in a language ('' for none), in order. */
function blocks(lang) {
  const out = [];
  let cur = null;
  for (const line of doc.split('\n')) {
    if (cur === null && line.startsWith('```')) cur = { lang: line.slice(3).trim(), text: '' };
    else if (cur !== null && line === '```') {
      if (cur.lang === lang) out.push(cur.text);
      cur = null;
    } else if (cur !== null) cur.text += `${line}\n`;
  }
  return out;
}
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, ...opts });

describe('docs/deploy.md: PostgreSQL backup and restore', { skip: !onPg && 'needs the PostgreSQL cluster (the http-pg suite)' }, () => {
  it('pg_dump, createdb and pg_restore as the doc says bring the database back, served as before', async () => {
    const cmds = blocks('sh').join('\n');
    // The commands under test, as the doc writes them.
    assert.match(cmds, /pg_dump --format=custom --file=/);
    assert.match(cmds, /createdb --owner tukiverkko --locale C\.UTF-8 --template template0/);
    assert.match(cmds, /pg_restore --no-owner --dbname=/);
    const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-restore-'));
    // A database a server has run on, then stopped (kept): with no server
    // writing, the dump and the comparisons below see the same rows.
    const srv = await startServer({ args: ['--password-cost', 'interactive'] });
    await srv.stop({ keepDir: true });
    const source = srv.db;
    const restored = `restored_${process.pid}`;
    try {
      const dump = path.join(dir, 'tv.dump');
      let r = sh('pg_dump', ['--format=custom', `--file=${dump}`, source]);
      assert.equal(r.status, 0, r.stderr);
      r = sh('psql', ['-X', '-q', `${pgBase}/postgres`, '-c',
        `CREATE DATABASE ${restored} LOCALE 'C.UTF-8' TEMPLATE template0`]);
      assert.equal(r.status, 0, r.stderr);
      r = sh('pg_restore', ['--no-owner', `--dbname=${pgBase}/${restored}`, dump]);
      assert.equal(r.status, 0, r.stderr);
      // Every table as it was: copy-db verifies each, into a SQLite file.
      const a = sh(serverBin(), ['copy-db', source, path.join(dir, 'a.db')], { cwd: repoRoot });
      const b = sh(serverBin(), ['copy-db', `${pgBase}/${restored}`, path.join(dir, 'b.db')], { cwd: repoRoot });
      assert.equal(a.status, 0, a.stderr);
      assert.equal(b.status, 0, b.stderr);
      const lines = (out) => out.split('\n').filter((l) => /rows {2}sha256/.test(l)).sort();
      assert.ok(lines(a.stdout).length > 30);
      assert.deepEqual(lines(b.stdout), lines(a.stdout));
      const back = await startServer({ db: `${pgBase}/${restored}`, args: ['--password-cost', 'interactive'] });
      try {
        const page = await request(`${back.url}/fi/events/1`);
        assert.equal(page.status, 200);
        const title = sh('psql', ['-X', '-A', '-t', '-c', 'SELECT title_fi FROM event WHERE id = 1', source]).stdout.trim();
        assert.ok(title && page.text.includes(title), `the restored server shows "${title}"`);
      } finally {
        await back.stop();
      }
    } finally {
      for (const db of [restored, source.slice(source.lastIndexOf('/') + 1)]) {
        sh('psql', ['-X', '-q', `${pgBase}/postgres`, '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
      }
      rmSync(srv.dir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/deploy.md: configuration blocks', () => {
  it('the load balancer block is valid nginx', () => {
    const block = blocks('nginx').find((b) => /upstream tukiverkko/.test(b));
    assert.ok(block, 'the doc has the upstream block');
    const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-ngx-'));
    chmodSync(dir, 0o755);
    try {
      // The certificate the doc leaves to the reader, made here.
      const r0 = sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tuki.example.fi',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
      assert.equal(r0.status, 0, r0.stderr);
      const server = block.replace('server_name tuki.example.fi;',
        `server_name tuki.example.fi;\n    ssl_certificate ${dir}/cert.pem;\n    ssl_certificate_key ${dir}/key.pem;`);
      // The log_format the block uses is the one docs/security.md gives.
      const security = readFileSync(path.join(repoRoot, 'docs/security.md'), 'utf8');
      const logFormat = /```nginx\n([\s\S]*?)\nserver \{/.exec(security)[1];
      writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n` +
        `client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;\n` +
        `${logFormat.replace(/\/var\/log\/nginx\/tukiverkko\.log/g, `${dir}/access.log`)}\n` +
        `${server.replace(/\/var\/log\/nginx\/tukiverkko\.log/g, `${dir}/access.log`)}\n}\n`);
      const r = sh('nginx', ['-t', '-c', path.join(dir, 'nginx.conf'), '-p', dir]);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the configuration keys the doc uses are settings the server knows', () => {
    const help = sh(serverBin(), ['--help']).stdout;
    const conf = blocks('').filter((b) => /^database = /m.test(b)).join('\n');
    const used = [...conf.matchAll(/^(\w+) = /gm)].map((m) => m[1]);
    assert.ok(used.length >= 8);
    // A key is an option's [key] or named in the text (smtp_user).
    for (const k of used) assert.match(help, new RegExp(`\\b${k}\\b`), `docs/deploy.md uses ${k}, which --help does not name`);
    // The unit runs commands the binary has.
    const unit = blocks('ini')[0];
    for (const m of unit.matchAll(/tukiverkko (\w+) --config/g)) {
      assert.match(help, new RegExp(`^  ${m[1]}\\b`, 'm'), `unit runs tukiverkko ${m[1]}`);
    }
  });
});
