// Shared test harness for the HTTP and browser suites: starts a real
// tukiverkko server on a free loopback port with a fresh demo database, and
// offers plain HTTP helpers that do not decompress, follow redirects or
// "fix" malformed input, so tests see exactly what the server sent.
//
//   import { startServer, request, rawRequest } from '../lib/server.mjs';
//   const srv = await startServer();          // { url, port, stop(), stderr() }
//   const res = await request(srv.url + '/fi/', { headers: { 'accept-language': 'fi' } });
//   await srv.stop();                          // asserts clean exit, no sanitizer report
//
// The binary is $TUKIVERKKO_BIN (relative paths are taken from the repo root)
// or build/tukiverkko.

import { spawn, spawnSync } from 'node:child_process';
import {
  mkdtempSync, rmSync, existsSync, cpSync, appendFileSync, readFileSync, renameSync, statSync,
} from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import http from 'node:http';
import { sqliteSync } from './sync-sql.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The servers and CLI runs of the tests may use password_cost test
// (src/auth/password.h), which the configuration refuses without this.
process.env.TUKIVERKKO_TEST_SUITE = '1';

/** Lines in a process's stderr that mean a sanitizer found a bug. */
export const SANITIZER_PATTERNS = [
  /ERROR: AddressSanitizer/,
  /ERROR: LeakSanitizer/,
  /runtime error:/,            // UBSan
  /WARNING: ThreadSanitizer/,
  /AddressSanitizer:DEADLYSIGNAL/,
];

/** Returns the first sanitizer report line in text, or null. */
export function findSanitizerReport(text) {
  for (const line of text.split('\n')) {
    if (SANITIZER_PATTERNS.some((re) => re.test(line))) return line;
  }
  return null;
}

/*
 * The database backend. With $TUKIVERKKO_TEST_PG (a postgresql:// URL of a
 * cluster without a database name, set by tests/run-all.sh) every server
 * gets a database of its own on that cluster, cloned from the demo template
 * $TUKIVERKKO_TEST_PG_TEMPLATE (built once per run) whose stored files are
 * in $TUKIVERKKO_TEST_PG_FILES. Without it, a SQLite file in a temp dir.
 */
export const pgBase = process.env.TUKIVERKKO_TEST_PG || null;
export const onPg = pgBase !== null;
/** True when db names a PostgreSQL database rather than a SQLite file. */
export const isPgTarget = (db) => typeof db === 'string' && /^postgres(ql)?:\/\//.test(db);

/** Runs SQL on the cluster's maintenance database (CREATE/DROP DATABASE),
 * through the psql that stays open for it (tests/lib/sync-sql.mjs). */
function pgAdmin(sql) {
  try {
    sqliteSync(`${pgBase}/postgres`, sql);
  } catch (err) {
    throw new Error(`${err.message}\nSQL: ${sql}`);
  }
}

// The files directory of each PostgreSQL database this process made, so
// that a restart on the same database (options.db) finds its files.
const pgFiles = new Map();

/** A fresh database on the test cluster: a copy of the demo or empty. */
function pgDatabase(dir, demo) {
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const files = path.join(dir, 'files');
  if (demo) {
    // FILE_COPY copies the template's files; PostgreSQL 15's default,
    // WAL_LOG, writes every page of it to the WAL too: twice the time,
    // a hundred times a run.
    pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${process.env.TUKIVERKKO_TEST_PG_TEMPLATE || 'tv_demo'} STRATEGY FILE_COPY`);
    if (process.env.TUKIVERKKO_TEST_PG_FILES) cpSync(process.env.TUKIVERKKO_TEST_PG_FILES, files, { recursive: true });
  } else {
    pgAdmin(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
  }
  const db = `${pgBase}/${name}`;
  pgFiles.set(db, files);
  return { db, name };
}

/** The server binary to test: $TUKIVERKKO_BIN or build/tukiverkko, absolute. */
export function serverBin(bin = process.env.TUKIVERKKO_BIN || 'build/tukiverkko') {
  return path.isAbsolute(bin) ? bin : path.join(repoRoot, bin);
}

// Sanitizer defaults for ASan builds; harmless for plain ones. The caller's
// environment wins, so run-all.sh can choose its own.
function childEnv(extra = {}) {
  return {
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=1',
    UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
    // Accounts are made with the test cost (PASSWORD_COST, libsodium's
    // minimum): a server at the moderate default would rehash each one at
    // its first sign-in, 256 MiB of argon2id, and even the interactive
    // cost's 170 ms of CPU a hash was a fifth of the suites' time. A test
    // of a real cost says so with --password-cost, which wins over the
    // environment.
    TUKIVERKKO_PASSWORD_COST: 'test',
    ...process.env,
    ...extra,
  };
}

function tail(text, n = 60) {
  const lines = text.split('\n');
  return lines.slice(-n).join('\n');
}

/*
 * Full scans the plan check already knew of when it came (issue 13): one
 * "table<TAB>SQL" line each, as the server writes them. THIS LIST ONLY
 * SHRINKS: a statement fixed (an index, a keyset page) leaves it, and a new
 * scan is never added to make a test pass.
 */
const planDebt = new Set(readFileSync(path.join(repoRoot, 'tests/lib/plan-debt.txt'), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')));

// Full scans the servers of this test file wrote, reported when the file
// ends: its exit status fails it then, without cutting short the cleanup a
// test's after-hook does once a server has stopped.
const planScans = new Set();
process.on('exit', () => {
  if (planScans.size === 0) return;
  process.stderr.write(`plan check: the server prepared ${planScans.size} statement(s) that scan a ` +
    'whole table (add an index that serves the filter and order, or the table to db_plan_small() ' +
    `in src/db/db.c if it stays small):\n${[...planScans].join('\n')}\n`);
  process.exitCode = 1;
});

/** A free TCP port on 127.0.0.1 (there is a small race until the server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Children still running when node exits (a test crashed before stop()) are
// killed so that no server outlives the test run.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.on('error', () => resolve(false));
  });
}

/*
 * The demo database, made once per binary and shared by every SQLite test
 * server of a run: each server gets a copy of the file and of its files/
 * directory (milliseconds) instead of running `demo` itself (seconds, more
 * under ASan, since the demo has a year of support encounters). Made in a
 * directory of its own and renamed into place, so test files starting at
 * once never see half of it; keyed by the binary and its build, so a new
 * build makes a new one. tests/run-all.sh removes them at the end.
 */
function demoTemplate(bin, env) {
  const st = statSync(bin);
  const key = createHash('sha256').update(`${path.resolve(bin)} ${st.mtimeMs} ${st.size}`).digest('hex').slice(0, 16);
  const final = path.join(tmpdir(), `tukiverkko-demo-${key}`);
  if (existsSync(path.join(final, 'done'))) return final;
  const work = mkdtempSync(`${final}.part-`);
  // The demo makes accounts with argon2id hashes at the test cost, the
  // servers' own (tests sign in with them too).
  const db = path.join(work, 't.db');
  const r = spawnSync(bin, ['demo', '--db', db, '--password-cost', 'test'],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 120000 });
  const out = (r.stdout || '') + (r.stderr || '');
  const report = findSanitizerReport(out);
  if (r.status !== 0 || report) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`'${bin} demo --db ${db}' failed (status ${r.status}, signal ${r.signal}` +
      `${r.error ? ', ' + r.error.message : ''}${report ? ', sanitizer: ' + report : ''}):\n${tail(out)}`);
  }
  appendFileSync(path.join(work, 'done'), '');
  try {
    renameSync(work, final);
  } catch {
    // Another test file made it first: use theirs.
    rmSync(work, { recursive: true, force: true });
  }
  return final;
}

/**
 * Makes the demo template of `bin` now, if it is not made yet: run-all.sh
 * calls it before a SQLite suite, so that the suite's first test files,
 * starting together, do not each make their own (13 s of CPU each under
 * ASan).  Returns its directory.
 */
export function prepareDemoTemplate(bin) {
  return demoTemplate(serverBin(bin), childEnv());
}

/**
 * A copy of the demo database of `bin` (its template, made if need be) at
 * the path `db`, for a test that needs the demo's data but does not test
 * loading it: `demo` itself takes 13 s of CPU under ASan.
 */
export function copyDemoDatabase(db, bin) {
  const template = prepareDemoTemplate(bin);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path.join(template, `t.db${suffix}`))) cpSync(path.join(template, `t.db${suffix}`), `${db}${suffix}`);
  }
}

/**
 * A database of its own holding the demo, for a test that changes it with
 * the command line and serves nothing from it: on PostgreSQL a database
 * made from the cluster's demo template, otherwise a copy of the demo file
 * in `dir`.  Returns { db, drop() }; drop() removes a PostgreSQL one (the
 * file goes with the test's directory).
 */
export function demoDatabaseCopy(dir, bin) {
  if (onPg) {
    const { db, name } = pgDatabase(dir, true);
    return { db, drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const db = path.join(dir, 't.db');
  copyDemoDatabase(db, bin);
  return { db, drop: () => {} };
}

/* Copies the demo template's database (and WAL, if any) and files into dir. */
function copyDemo(template, dir) {
  for (const f of ['t.db', 't.db-wal', 't.db-shm']) {
    if (existsSync(path.join(template, f))) cpSync(path.join(template, f), path.join(dir, f));
  }
  if (existsSync(path.join(template, 'files'))) {
    cpSync(path.join(template, 'files'), path.join(dir, 'files'), { recursive: true });
  }
}

/**
 * Starts a server.
 * options:
 *   bin       binary (default $TUKIVERKKO_BIN or build/tukiverkko)
 *   demo      load demo data first (default true, false with db)
 *   db        an existing database file to serve (e.g. a restart on the
 *             database of a server stopped with keepDir); left in place
 *   static    static dir (default <repo>/static)
 *   args      extra arguments for `serve`
 *   env       extra environment variables
 *   timeout   ms to wait for /healthz (default 10000)
 * Returns { url, port, dir, db, pid, stop(), stderr(), kill(signal) }.
 */
/*
 * Every directory a server of this test file made.  Each goes when its
 * server stops, or, kept for a restart (stop({ keepDir: true })), when its
 * test removes it; one still here as the file's process ends was left
 * behind in /tmp by every run: it is named, removed, and the file fails.
 */
const serverDirs = new Set();
process.on('exit', () => {
  const left = [...serverDirs].filter((d) => existsSync(d));
  if (left.length === 0) return;
  process.stderr.write(`tests/lib/server.mjs: left behind (a test that keeps a server's directory must remove it): ${left.join(', ')}\n`);
  for (const d of left) rmSync(d, { recursive: true, force: true });
  process.exitCode = 1;
});

export async function startServer(options = {}) {
  const bin = serverBin(options.bin);
  if (!existsSync(bin)) {
    throw new Error(`server binary ${bin} does not exist; build it first (ninja -C build)`);
  }
  const demo = options.demo ?? !options.db;
  const staticDir = options.static ?? path.join(repoRoot, 'static');
  const timeout = options.timeout ?? 10000;
  const env = childEnv(options.env);
  const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-test-'));
  serverDirs.add(dir);
  let db = options.db ?? path.join(dir, 't.db');
  let pgName = null;
  if (onPg && !options.db) ({ db, name: pgName } = pgDatabase(dir, demo));
  // PostgreSQL has no database directory for the files to sit beside.
  if (isPgTarget(db)) {
    if (!pgFiles.has(db)) pgFiles.set(db, path.join(dir, 'files'));
    env.TUKIVERKKO_FILES_DIR = env.TUKIVERKKO_FILES_DIR ?? pgFiles.get(db);
  }
  // The mail spool is the server's own directory's: with PostgreSQL there
  // is no database directory (it would be var/mail of the repository), and
  // a database given from elsewhere - an earlier server's, kept for a
  // restart - is removed by its test while this server may still spool
  // beside it. Without a database given, beside it is this directory too.
  if (isPgTarget(db) || options.db) {
    env.TUKIVERKKO_MAIL_SPOOL = env.TUKIVERKKO_MAIL_SPOOL ?? path.join(dir, 'mail');
  }

  // The database goes with the directory: a server stopped with keepDir
  // keeps both for a restart.
  const cleanupDir = () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgName) {
      try { pgAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`); } catch { /* the cluster goes at the end */ }
    }
  };

  if (demo && !pgName) {
    try {
      copyDemo(demoTemplate(bin, env), dir);
    } catch (err) {
      cleanupDir();
      throw err;
    }
  }

  // The plan check (src/db/sqlite.c, pg_plan_check() in src/db/pg.c): the
  // server explains each statement it prepares and writes every full scan
  // of a table that grows with use to this file; stop() fails when it is
  // not empty. Both backends, each with its own planner's plans.
  const planFile = path.join(dir, 'plan-check.txt');
  if (env.TUKIVERKKO_PLAN_CHECK === undefined) env.TUKIVERKKO_PLAN_CHECK = planFile;

  // A port picked by freePort() can be taken by someone else before the
  // server binds it; if the server dies at once, try another port.
  let lastErr;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--static', staticDir,
      ...(options.args ?? [])];
    const child = spawn(bin, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8');
    child.stdout.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d) => { stdout += d; });
    const exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); });
      child.on('error', (err) => { live.delete(child); resolve({ code: null, signal: null, err }); });
    });
    let exitInfo = null;
    exited.then((e) => { exitInfo = e; });

    const deadline = Date.now() + timeout;
    let up = false;
    while (Date.now() < deadline && !exitInfo) {
      if (await healthy(port)) { up = true; break; }
      await sleep(50);
    }
    if (!up) {
      if (!exitInfo) {
        child.kill('SIGKILL');
        await exited;
        cleanupDir();
        throw new Error(`server did not answer GET /healthz with 200 within ${timeout} ms ` +
          `(${bin} ${args.join(' ')}); stderr:\n${tail(stderr)}`);
      }
      lastErr = new Error(`server exited before becoming healthy (code ${exitInfo.code}, ` +
        `signal ${exitInfo.signal}${exitInfo.err ? ', ' + exitInfo.err.message : ''}) ` +
        `(${bin} ${args.join(' ')}); stderr:\n${tail(stderr)}`);
      if (/in use|EADDRINUSE|bind/i.test(stderr)) continue;
      cleanupDir();
      throw lastErr;
    }

    let stopped = false;
    const srv = {
      url: `http://127.0.0.1:${port}`,
      port,
      dir,
      db,
      pid: child.pid,
      bin,
      /** Everything the server wrote to stderr so far. */
      stderr: () => stderr,
      /** Everything the server wrote to stdout so far. */
      stdout: () => stdout,
      /** Sends a signal without waiting (for crash/restart tests). */
      kill: (signal = 'SIGKILL') => child.kill(signal),
      /** Resolves with { code, signal } when the process has exited. */
      exited,
      /**
       * SIGTERM, wait for exit (10 s, then SIGKILL), remove the temp dir, and
       * throw unless the exit was clean (status 0) and stderr holds no
       * sanitizer report. Pass { allowSignal: true } after srv.kill().
       */
      async stop({ keepDir = false, allowSignal = false } = {}) {
        if (stopped) return exited;
        stopped = true;
        if (!exitInfo) child.kill('SIGTERM');
        let timer;
        const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), 10000); });
        let res = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        let hung = false;
        if (res === 'timeout') {
          hung = true;
          child.kill('SIGKILL');
          res = await exited;
        }
        const scans = existsSync(planFile)
          ? readFileSync(planFile, 'utf8').split('\n').filter((l) => l && !planDebt.has(l)) : [];
        if (!keepDir) cleanupDir();
        // $TUKIVERKKO_TEST_LOG: every server's errors and warnings in one
        // file, to see what a whole suite run logged (e.g. on a new backend).
        if (process.env.TUKIVERKKO_TEST_LOG) {
          const lines = stderr.split('\n').filter((l) => /"level":"(error|warn)"/.test(l));
          if (lines.length) appendFileSync(process.env.TUKIVERKKO_TEST_LOG, lines.join('\n') + '\n');
        }
        const report = findSanitizerReport(stderr);
        const problems = [];
        if (hung) problems.push('did not exit within 10 s of SIGTERM');
        else if (!allowSignal && (res.code !== 0 || res.signal)) {
          problems.push(`exited with code ${res.code}${res.signal ? ', signal ' + res.signal : ''}`);
        }
        if (report) problems.push(`sanitizer report: ${report}`);
        for (const l of scans) planScans.add(l);
        if (problems.length) {
          throw new Error(`server ${problems.join('; ')}; stderr:\n${tail(stderr, 80)}`);
        }
        return res;
      },
    };
    return srv;
  }
  cleanupDir();
  throw lastErr;
}

/**
 * One HTTP request with node:http: no redirects followed, no decompression,
 * no keep-alive. url is absolute. Returns
 * { status, headers (lower-case keys), body: Buffer, text: string }.
 */
export function request(url, { method = 'GET', headers = {}, body, timeout = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false, timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: buf, text: buf.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeout} ms: ${method} ${url}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Parses as many complete HTTP/1.x responses as buf holds. A response whose
// length is unknown (no Content-Length, not chunked) runs to the end of buf
// and counts as complete only once the connection has closed.
function parseResponses(buf, { head = false, closed = false } = {}) {
  const out = [];
  let pos = 0;
  while (pos < buf.length) {
    const end = buf.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const lines = buf.subarray(pos, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0]);
    if (!m) break;
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i < 0) continue;
      const k = l.slice(0, i).trim().toLowerCase();
      const v = l.slice(i + 1).trim();
      headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    }
    const status = Number(m[2]);
    let bodyStart = end + 4;
    let body;
    const noBody = head || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (noBody) {
      body = Buffer.alloc(0);
      pos = bodyStart;
    } else if (/chunked/i.test(headers['transfer-encoding'] || '')) {
      const parts = [];
      let p = bodyStart;
      let done = false;
      for (;;) {
        const le = buf.indexOf('\r\n', p);
        if (le < 0) break;
        const size = parseInt(buf.subarray(p, le).toString('latin1'), 16);
        if (Number.isNaN(size)) break;
        if (size === 0) {
          // The size line's CRLF, optional trailers, then an empty line.
          const te = buf.indexOf('\r\n\r\n', le);
          if (te < 0) break;
          p = te + 4; done = true; break;
        }
        if (le + 2 + size + 2 > buf.length) break;
        parts.push(buf.subarray(le + 2, le + 2 + size));
        p = le + 2 + size + 2;
      }
      if (!done) break;
      body = Buffer.concat(parts);
      pos = p;
    } else if (headers['content-length'] !== undefined) {
      const len = Number(headers['content-length']);
      if (bodyStart + len > buf.length) break;
      body = buf.subarray(bodyStart, bodyStart + len);
      pos = bodyStart + len;
    } else {
      if (!closed) break;
      body = buf.subarray(bodyStart);
      pos = buf.length;
    }
    out.push({ version: m[1], status, reason: m[3] ?? '', headers, body, text: body.toString('utf8') });
  }
  return out;
}

/**
 * Sends raw bytes (string or Buffer, sent as is) to 127.0.0.1:port and reads
 * what comes back, for malformed or pipelined requests.
 * options:
 *   timeout     ms to wait overall (default 5000)
 *   responses   resolve as soon as this many complete responses arrived (default 1)
 *   head        the request is HEAD: responses carry no body
 *   chunks      array of { data, delayMs } sent after `bytes`, each after its delay
 * Resolves (never rejects on timeout or reset) with
 *   { status, headers, body, text,     first response; status null if none
 *     responses, raw: Buffer, closed, timedOut, error }
 * where closed means the server closed the connection and timedOut means the
 * deadline passed first.
 */
export function rawRequest(port, bytes, { timeout = 5000, responses = 1, head, chunks = [] } = {}) {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  const isHead = head ?? /^HEAD /.test(data.subarray(0, 5).toString('latin1'));
  return new Promise((resolve) => {
    const recv = [];
    let settled = false;
    let closed = false;
    let timedOut = false;
    let error = null;
    const sock = net.connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(recv);
      const rs = parseResponses(raw, { head: isHead, closed });
      const first = rs[0];
      resolve({
        status: first ? first.status : null,
        headers: first ? first.headers : {},
        body: first ? first.body : Buffer.alloc(0),
        text: first ? first.text : '',
        responses: rs,
        raw,
        closed,
        timedOut,
        error,
      });
    };
    const timer = setTimeout(() => { timedOut = true; finish(); }, timeout);
    sock.on('connect', async () => {
      sock.write(data);
      for (const c of chunks) {
        await sleep(c.delayMs ?? 0);
        if (settled || sock.destroyed) return;
        sock.write(Buffer.isBuffer(c.data) ? c.data : Buffer.from(c.data, 'latin1'));
      }
    });
    sock.on('data', (d) => {
      recv.push(d);
      if (parseResponses(Buffer.concat(recv), { head: isHead }).length >= responses) finish();
    });
    sock.on('end', () => { closed = true; finish(); });
    sock.on('close', () => { closed = true; finish(); });
    sock.on('error', (e) => { error = e.code || e.message; closed = true; finish(); });
  });
}
