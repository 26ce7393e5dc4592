// Helpers for tests that need accounts: the CLI (`user add`, `token
// create`), a small cookie-keeping client, signing in, CSRF tokens from
// pages, and database snapshots with the sqlite3 CLI that tell whether a
// request wrote anything.
//
//   import { addUser, signIn, Client, snapshot, sqlite } from '../lib/auth.mjs';
//   const { password } = addUser(srv, 'a@example.fi', 'admin');
//   const admin = await signIn(srv.url, 'a@example.fi', password);  // Client
//   const res = await admin.post('/fi/account/tokens', { name: 'x', scope: 'read' });
//
// Every CLI call passes --password-cost test (libsodium's minimum, allowed
// only with TUKIVERKKO_TEST_SUITE=1, which server.mjs sets) so argon2id
// costs next to nothing.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { request, repoRoot, serverBin, isPgTarget } from './server.mjs';
import { snapshotSync, sqliteSync } from './sync-sql.mjs';

export const PASSWORD_COST = ['--password-cost', 'test'];

let counter = 0;
/** A string unique within this process (for e-mail addresses, names). */
export function unique(prefix = 'u') {
  counter += 1;
  return `${prefix}${process.pid}x${Date.now().toString(36)}x${counter}`;
}

/** Runs the tukiverkko CLI; throws with its output unless it exits 0. */
export function cli(bin, args, { input, allowFail = false } = {}) {
  const r = spawnSync(serverBin(bin), args, {
    cwd: repoRoot, input, encoding: 'utf8', timeout: 30000,
  });
  if (!allowFail && r.status !== 0) {
    throw new Error(`tukiverkko ${args.join(' ')} exited ${r.status} (${r.signal ?? ''}${r.error ? r.error.message : ''}):\n${r.stdout}${r.stderr}`);
  }
  return r;
}

/**
 * Creates an account with the CLI. role: admin, coordinator, tutor,
 * municipal-coordinator, supporter. With password (default: a fresh one)
 * it is set from stdin; with password: null an invitation is made and its
 * link returned. Returns { email, password, id, invite (path+query or null) }.
 */
export function addUser({ bin, db }, email, role, { municipality, scopes = [], name, password } = {}) {
  const pw = password === undefined ? `pw-${unique('p')}-long` : password;
  const args = ['user', 'add', email, '--role', role, '--db', db, ...PASSWORD_COST];
  if (municipality) args.push('--municipality', municipality);
  for (const s of scopes) args.push('--scope', s);
  if (name) args.push('--name', name);
  if (pw !== null) args.push('--password-stdin');
  const r = cli(bin, args, { input: pw !== null ? `${pw}\n` : '' });
  let invite = null;
  if (pw === null) {
    const m = /(https?:\/\/\S+)(\/fi\/password\/set\?token=[A-Za-z0-9_-]+)/.exec(r.stdout);
    if (!m) throw new Error(`no invitation link in: ${r.stdout}`);
    invite = m[2];
  }
  const id = Number(sqlite(db, `SELECT id FROM account WHERE email = '${email.toLowerCase().replace(/'/g, "''")}';`).trim());
  return { email, password: pw, id, invite, stdout: r.stdout };
}

/** An API token for email (CLI). Returns the secret. */
export function createToken({ bin, db }, email, name, { write = false } = {}) {
  const args = ['token', 'create', email, name, '--db', db];
  if (write) args.push('--write');
  const out = cli(bin, args).stdout.trim();
  if (!/^tvk_[A-Za-z0-9_-]{43}$/.test(out)) throw new Error(`unexpected token output: ${out}`);
  return out;
}

/*
 * Test SQL is written for SQLite. On a PostgreSQL database the few SQLite
 * functions tests use are translated (the product's own SQL is portable and
 * never goes through this): group_concat(x[, sep]) becomes string_agg,
 * json_group_array/json_array json_agg/json_build_array,
 * last_insert_rowid() lastval() (only as a statement of its own: inside an
 * INSERT, PostgreSQL has already taken the new row's id), char(n) chr(n),
 * and a subquery in FROM gets a name. psql prints booleans as t/f; a field that
 * is exactly t or f reads as 1 or 0, as SQLite's comparisons do.
 */
export function pgSql(sql) {
  let out = sql.replace(/last_insert_rowid\(\)/g, 'lastval()').replace(/\bjson_array\(/g, 'json_build_array(')
    .replace(/\bchar\((\d+)\)/g, 'chr($1)');
  const rewrite = {
    // group_concat([DISTINCT] x[, sep]) -> string_agg([DISTINCT] CAST(x AS TEXT), sep)
    group_concat: (args) => {
      let first = args[0].trim();
      const distinct = /^DISTINCT\s+/i.test(first);
      if (distinct) first = first.replace(/^DISTINCT\s+/i, '');
      const sep = args.length > 1 ? args[1].trim() : "','";
      return `string_agg(${distinct ? 'DISTINCT ' : ''}CAST(${first} AS TEXT), ${sep})`;
    },
    // SQLite's json_group_array() of no rows is [], PostgreSQL's json_agg() NULL.
    json_group_array: (args) => `coalesce(json_agg(${args.join(',')}), '[]'::json)`,
  };
  for (;;) {
    const m = /\b(group_concat|json_group_array)\(/i.exec(out);
    if (!m) break;
    const i = m.index;
    const open = i + m[0].length;
    let depth = 1, j = open, quote = null, start = open;
    const args = [];
    for (; j < out.length && depth > 0; j++) {
      const c = out[j];
      if (quote) { if (c === quote) quote = null; continue; }
      if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') { depth--; if (depth === 0) args.push(out.slice(start, j)); }
      else if (c === ',' && depth === 1) { args.push(out.slice(start, j)); start = j + 1; }
    }
    out = `${out.slice(0, i)}${rewrite[m[1].toLowerCase()](args)}${out.slice(j)}`;
  }
  // PostgreSQL 15 wants a name for a subquery in FROM; SQLite does not.
  let from = 0;
  for (;;) {
    const i = out.slice(from).search(/\bFROM \(SELECT\b/i);
    if (i < 0) break;
    const open = from + i + 'FROM ('.length;
    let j = open, depth = 1, quote = null;
    for (; j < out.length && depth > 0; j++) {
      const c = out[j];
      if (quote) { if (c === quote) quote = null; continue; }
      if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    const rest = out.slice(j);
    if (!/^\s*(AS\s+)?(?!WHERE\b|GROUP\b|ORDER\b|LIMIT\b|JOIN\b|LEFT\b|UNION\b|ON\b)[a-z_]\w*/i.test(rest)) {
      out = `${out.slice(0, j)} AS sub${rest}`;
    }
    from = open;
  }
  return out;
}

const pgBools = (text) => text.split('\n').map((line) => line.split('|')
  .map((f) => (f === 't' ? '1' : f === 'f' ? '0' : f)).join('|')).join('\n');

/** Runs SQL with psql on a PostgreSQL database; output as sqlite3's list
 * mode.  Through a psql that stays open (tests/lib/sync-sql.mjs). */
export function psql(db, sql) {
  try {
    return sqliteSync(db, sql);
  } catch (err) {
    throw new Error(`${err.message}\nSQL: ${sql}`);
  }
}

/** Runs SQL with the sqlite3 CLI (5 s busy timeout), or psql on a
 * PostgreSQL database; returns stdout.  Each call is its own autocommit
 * transaction, on a process that stays open (tests/lib/sync-sql.mjs). */
export function sqlite(db, sql, { mode } = {}) {
  if (isPgTarget(db)) return psql(db, sql);
  try {
    return sqliteSync(db, sql, { mode });
  } catch (err) {
    throw new Error(`${err.message}\nSQL: ${sql}`);
  }
}

/** The whole database as SQL text (sqlite3 .dump, or pg_dump's data), to
 * look for a value that must not be stored anywhere. */
export function dbDump(db) {
  const r = isPgTarget(db)
    ? spawnSync('pg_dump', ['--data-only', '--no-owner', db], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync('sqlite3', [db, '.dump'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`dump failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * Holds the database's write lock from another process until the returned
 * release() is called: SQLite's BEGIN IMMEDIATE, or on PostgreSQL the
 * advisory lock every write transaction of the server takes (src/db/pg.c).
 */
export async function holdWriteLock(db) {
  const pg = isPgTarget(db);
  const p = pg ? spawn('psql', ['-X', '-q', '-A', '-t', db], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const locked = new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => { out += d; if (out.includes('locked')) resolve(); });
    p.on('exit', (code) => reject(new Error(`${pg ? 'psql' : 'sqlite3'} exited (${code}) before taking the lock`)));
  });
  p.stdin.write(pg ? "BEGIN;\nSELECT pg_advisory_xact_lock(7626240120);\nSELECT 'locked';\n"
    : ".timeout 5000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await locked;
  return async () => {
    const exited = new Promise((resolve) => p.on('exit', resolve));
    p.stdin.end(pg ? 'COMMIT;\n\\q\n' : 'COMMIT;\n.quit\n');
    await exited;
  };
}

// What a snapshot leaves out: rows that change on their own or on every
// identified request by design, not because a request was allowed.
//   session            seen_at moves; rows are created by sign-in
//   throttle           failure counters: a refused sign-in counts by design
//   api_token          last_used_at (set when a token identifies a request)
//   mail_outbox        sent_at, attempts, body, status, next_attempt_at,
//                      last_error, message (the delivery job; a delivered
//                      message keeps neither body nor message)
//   service_point_open the directory job's open intervals of the coming
//                      days, and service_point.open_from_day (derived
//                      from the hours, moved on by the job)
//   *_search           search indexes (and FTS5's own tables): derived
const SNAPSHOT_SKIP = new Set(['session', 'throttle', 'service_point_open']);
// Tables that grow to tens of thousands of rows in the demo (a year of
// support encounters and their roll-ups, src/statistics): a snapshot
// gives their count and sums instead of every row, which any insert,
// undo or roll-up change still moves, so that a snapshot stays a few
// milliseconds.
const SNAPSHOT_DIGEST = {
  encounter: 'count(*), coalesce(max(id), 0), coalesce(sum(id), 0), coalesce(sum(people), 0), '
    + 'coalesce(sum(coalesce(recorded_by, 0)), 0), coalesce(sum(hour % 1000003), 0), coalesce(sum(recorded_at % 1000003), 0)',
  encounter_topic: 'count(*), coalesce(sum(encounter_id), 0), coalesce(sum(length(topic)), 0)',
  encounter_day_count: 'count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (day % 1000)), 0)',
  encounter_month_count: 'count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (month % 1000)), 0)',
  encounter_municipality_month_count: 'count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (month % 1000)), 0)',
  encounter_municipality_day_count: 'count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (day % 1000)), 0)',
};
const snapshotSkips = (t) => SNAPSHOT_SKIP.has(t) || /_search(_|$)/.test(t);
const SNAPSHOT_COLUMNS_SKIP = {
  api_token: new Set(['last_used_at']),
  service_point: new Set(['open_from_day']),
  mail_outbox: new Set(['sent_at', 'attempts', 'body', 'status', 'next_attempt_at', 'last_error', 'message']),
};

/** An SQL string literal. */
export const q = (v) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);

/**
 * One long-lived sqlite3 process, or psql on a PostgreSQL database
 * (spawning one per query costs ~25 ms on a small box): query(sql)
 * resolves with its output. Queries run one after the other, each in its
 * own autocommit transaction, so every query sees what the server has
 * committed by then.
 *
 * With bail, the process ends at the first failing statement (psql's
 * ON_ERROR_STOP, sqlite3's -bail), so a failure is told from its exit with
 * all of stderr read, never from a race between the two pipes; the next
 * query then fails at once (tests/lib/sql-worker.mjs opens a new process).
 */
export class SqliteShell {
  constructor(db, { bail = false } = {}) {
    this.db = db;
    this.out = '';
    this.err = '';
    this.seq = 0;
    this.pending = null;
    this.queue = Promise.resolve();
    this.pg = isPgTarget(db);
    this.tool = this.pg ? 'psql' : 'sqlite3';
    const stop = bail ? (this.pg ? ['-v', 'ON_ERROR_STOP=1'] : ['-bail']) : [];
    this.proc = this.pg
      ? spawn('psql', ['-X', '-q', '-A', '-t', '-F', '|', ...stop, db], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('sqlite3', ['-batch', ...stop, db], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => { this.out += d; this.settle(); });
    this.proc.stderr.on('data', (d) => { this.err += d; });
    this.proc.stdin.on('error', () => { /* it has exited: 'close' tells */ });
    // 'close', not 'exit': by then stderr has been read to its end.
    this.exited = new Promise((r) => this.proc.on('close', (code, signal) => {
      this.dead = true;
      const p = this.pending;
      this.pending = null;
      if (p) p.reject(new Error(`${this.tool} failed (${code ?? signal}): ${this.err.trim()}`));
      r(code);
    }));
    if (!this.pg) this.proc.stdin.write('.timeout 5000\n');
  }

  settle() {
    if (!this.pending) return;
    const { marker, resolve, reject } = this.pending;
    const i = this.out.indexOf(`${marker}\n`);
    if (i < 0) return;
    const text = this.out.slice(0, i);
    this.out = this.out.slice(i + marker.length + 1);
    this.pending = null;
    // What a statement that succeeded printed there (a notice, a warning)
    // counts as a failure, as a one-off process's stderr would.
    const err = this.err;
    this.err = '';
    if (err) reject(new Error(`${this.tool}: ${err.trim()}`));
    else resolve(this.pg ? pgBools(text) : text);
  }

  /**
   * Runs sql (statements; PostgreSQL gets pgSql()'s translation); mode:
   * list (default) or quote.  Then a line only this query prints; the ";"
   * on a line of its own ends a last statement written without one and is
   * empty otherwise.
   */
  query(sql, { mode = 'list' } = {}) {
    const run = () => new Promise((resolve, reject) => {
      if (this.dead) { reject(new Error(`${this.tool} is not running: ${this.err.trim()}`)); return; }
      this.seq += 1;
      const marker = `__tv_end_${this.seq}__`;
      this.pending = { marker, resolve, reject };
      if (this.pg) this.proc.stdin.write(`${pgSql(sql)}\n;\nSELECT '${marker}';\n`);
      else this.proc.stdin.write(`.mode ${mode}\n${sql}\n;\n.mode list\nSELECT '${marker}';\n`);
    });
    const p = this.queue.then(run);
    this.queue = p.catch(() => {});
    return p;
  }

  /** The first column of the first row, or ''. */
  async value(sql) {
    return (await this.query(sql)).split('\n')[0];
  }

  async close() {
    if (!this.dead) this.proc.stdin.end();
    await this.exited;
  }
}

/**
 * The database's content as text (schema plus every row, in quote mode),
 * leaving out SNAPSHOT_SKIP; { text, hash }: snapshotOf() on a process
 * that stays open for db (tests/lib/sync-sql.mjs). Compare two snapshots
 * with diffSnapshots().
 */
export function snapshot(db) {
  if (typeof db !== 'string') throw new TypeError('snapshot(dbPath); for a SqliteShell use snapshotOf(shell)');
  return snapshotSync(db);
}

/*
 * On PostgreSQL the snapshot reads the catalog instead of sqlite_master,
 * and gives each table as its row count and the sum of its rows' xmin
 * (the tables with columns left out: an MD5 of the other columns ordered
 * by their text, as heap order is not stable): a diff names the table that
 * changed, not the row.
 */
const PG_TABLES_SQL = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name;";
const pgColumnsSql = (t) => `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${t}' ORDER BY ordinal_position;`;
// The schema as the catalog rows that DDL writes (CREATE, ALTER, DROP and
// their defaults and indexes insert, update or delete rows of these): their
// counts and xmins, as for the tables below. VACUUM and ANALYZE update
// pg_class in place, keeping xmin.
const PG_SCHEMA_SQL = ['pg_class', 'pg_attribute', 'pg_attrdef', 'pg_index']
  .map((c) => `SELECT '${c}', count(*), sum(xmin::text::bigint) FROM ${c};\n`).join('');

/** The same through a SqliteShell (a few ms instead of ~50); async. */
export async function snapshotOf(shell) {
  let sql = snapshotSqlCache.get(shell.db);
  if (!sql) {
    const { tablesSql, columnsSql } = catalog(shell.pg);
    const tables = await shell.query(tablesSql);
    const cols = {};
    for (const t of Object.keys(SNAPSHOT_COLUMNS_SKIP)) cols[t] = await shell.query(columnsSql(t));
    sql = buildSnapshotSql((x) => (x === tablesSql ? tables : cols[/'(\w+)'/.exec(x)[1]]), shell.pg);
    snapshotSqlCache.set(shell.db, sql);
  }
  if (shell.pg) {
    // Planning the statements costs more than running them: each psql
    // session prepares them once.  Without parallel workers: the union of
    // every table is costly enough for a Parallel Append, whose workers
    // are new processes each time, loading the catalog (~250 ms a
    // snapshot, against a tenth of that in this process alone).
    if (shell.snapSql !== sql) {
      const stmts = sql.split(';\n').filter((x) => x.trim());
      await shell.query('SET max_parallel_workers_per_gather = 0;');
      await shell.query(stmts.map((x, i) => `DEALLOCATE ALL;`.repeat(i === 0 ? 1 : 0) + `PREPARE tv_snap_${i} AS ${x};`).join('\n'));
      shell.snapExec = stmts.map((x, i) => `EXECUTE tv_snap_${i};`).join('\n');
      shell.snapSql = sql;
    }
    // The tables' lines come in whatever order the planner appends them.
    const text = (await shell.query(shell.snapExec)).split('\n').sort().join('\n');
    return { text, hash: createHash('sha256').update(text).digest('hex') };
  }
  const text = await shell.query(sql, { mode: 'quote' });
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

/**
 * A value that changes whenever anyone but this shell may have written to
 * the database since the last call; async.  Equal marks before and after a
 * request prove the request wrote nothing, for the price of one tiny query
 * instead of a snapshot (which scans every table).  Unequal marks prove
 * nothing: take snapshots.  SQLite: PRAGMA data_version (moves when another
 * connection commits).  PostgreSQL: the WAL insert position (every commit
 * that changed a row writes a commit record, so it moves; so may a VACUUM
 * or a page pruned by a read, which only costs the shortcut).
 */
export async function writeMark(shell) {
  return shell.value(shell.pg ? 'SELECT pg_current_wal_insert_lsn();' : 'PRAGMA data_version;');
}

/**
 * Watches what anyone but this shell writes from now until changes() is
 * called; async.  changes() answers { diff, after }: diffSnapshots() of the
 * database then and now ('' when nothing changed), and the snapshot of now
 * (null on PostgreSQL when nothing changed).
 *
 * When writeMark() has not moved, nothing was written and no table is
 * scanned.  When it has: on PostgreSQL the "before" snapshot is taken then,
 * inside a REPEATABLE READ transaction begun here, which still sees the
 * database as it was; SQLite's shell cannot ask for the mark inside a
 * transaction, so there the "before" snapshot is taken here (or `before`,
 * one the caller knows to be current, is used).
 */
export async function watchWrites(shell, { before = null } = {}) {
  if (shell.pg) {
    const mark = await shell.value('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_current_wal_insert_lsn();');
    return {
      async changes() {
        if ((await writeMark(shell)) === mark) {
          await shell.query('COMMIT;');
          return { diff: '', after: null };
        }
        const then = await snapshotOf(shell);
        await shell.query('COMMIT;');
        const after = await snapshotOf(shell);
        return { diff: diffSnapshots(then, after), after };
      },
      end: () => shell.query('COMMIT;'),
    };
  }
  const then = before ?? await snapshotOf(shell);
  const mark = await writeMark(shell);
  return {
    async changes() {
      if ((await writeMark(shell)) === mark) return { diff: '', after: then };
      const after = await snapshotOf(shell);
      return { diff: diffSnapshots(then, after), after };
    },
    end: async () => {},
  };
}

const SQLITE_TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
const sqliteColumnsSql = (t) => `SELECT name FROM pragma_table_info('${t}');`;
const catalog = (pg) => (pg ? { tablesSql: PG_TABLES_SQL, columnsSql: pgColumnsSql }
  : { tablesSql: SQLITE_TABLES_SQL, columnsSql: sqliteColumnsSql });

// The snapshot query, from the table list and the columns of the tables
// that leave some out (run(sql) answers the catalog's tablesSql and
// columnsSql(t)).
function buildSnapshotSql(run, pg = false) {
  const { tablesSql, columnsSql } = catalog(pg);
  const tables = run(tablesSql).split('\n').filter(Boolean);
  const pgTables = [];
  let sql = pg ? PG_SCHEMA_SQL : 'SELECT type, name, sql FROM sqlite_master ORDER BY type, name;\n';
  for (const t of tables) {
    if (snapshotSkips(t)) continue;
    if (pg && !SNAPSHOT_COLUMNS_SKIP[t]) {
      // Every insert and update gives a row a new xmin (the transaction
      // that wrote it) and every delete lowers the count, so the count and
      // the sum of the xmins move with any write, in one scan without
      // turning rows into text: a tenth of the digest's cost. Freezing
      // keeps xmin (PostgreSQL 9.4 and later).
      pgTables.push(`SELECT '${t}', count(*), coalesce(sum(xmin::text::bigint), 0)::text FROM "${t}"`);
      continue;
    }
    if (SNAPSHOT_DIGEST[t]) {
      sql += `SELECT '${t}', ${SNAPSHOT_DIGEST[t]} FROM "${t}";\n`;
      continue;
    }
    let cols = '*';
    if (SNAPSHOT_COLUMNS_SKIP[t]) {
      const all = run(columnsSql(t)).split('\n').filter(Boolean);
      cols = all.filter((c) => !SNAPSHOT_COLUMNS_SKIP[t].has(c)).map((c) => `"${c}"`).join(', ');
    }
    if (pg) {
      // One line per table, its row count and a digest of its rows: one
      // query for the whole database, and still says which table changed.
      pgTables.push(`SELECT '${t}', count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM (SELECT ${cols} FROM "${t}") x`);
    } else {
      sql += `SELECT '${t}', ${cols} FROM "${t}";\n`;
    }
  }
  if (pg) sql += `${pgTables.join('\nUNION ALL ')};\n`;
  return sql;
}

// The snapshot query per database (the tables are those of the schema
// when first seen; a new table shows up as a schema change).
const snapshotSqlCache = new Map();

// --- rows made directly, for throwaway objects (the CLI costs an argon2id
// hash and a process each); they are what the CLI and the server write.

/** A random secret as the server makes them: 32 bytes, base64url. */
export const newSecret = () => randomBytes(32).toString('base64url');
/** How the server stores a secret: sha256, hex. */
export const secretHash = (s) => createHash('sha256').update(s).digest('hex');
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * Inserts an account. spec: { email, role, regionId, municipality, scopes,
 * passwordHash (null: none) }. Returns its id.
 */
export async function insertAccount(shell, { email, role, regionId = null, municipality = null, scopes = [], passwordHash = null, name = '' }) {
  let sql = `INSERT INTO account (email, name, password_hash, role, region_id, municipality_code, lang, created_at) VALUES (${q(email.toLowerCase())}, ${q(name)}, ${q(passwordHash)}, ${q(role)}, ${regionId ?? 'NULL'}, ${q(municipality)}, 'fi', ${nowS()}) RETURNING id;\n`;
  const id = Number(await shell.value(sql));
  if (!id) throw new Error(`could not insert account ${email}`);
  if (scopes.length) {
    sql = scopes.map((s) => `INSERT INTO account_scope (account_id, kind, ref) VALUES (${id}, 'municipality', ${q(s)});`).join('\n');
    await shell.query(sql);
  }
  return id;
}

/** Inserts a session for account id; returns { cookie, csrf }. */
export async function insertSession(shell, id) {
  const cookie = newSecret();
  const csrf = newSecret();
  const t = nowS();
  await shell.query(`INSERT INTO session (id_hash, account_id, csrf, created_at, seen_at) VALUES (${q(secretHash(cookie))}, ${id}, ${q(csrf)}, ${t}, ${t});`);
  return { cookie, csrf };
}

/** Inserts an API token; returns { id, secret }. */
export async function insertApiToken(shell, accountId, { write = false, name = 'test token' } = {}) {
  const raw = newSecret();
  const id = Number(await shell.value(`INSERT INTO api_token (account_id, name, token_hash, scope, created_at) VALUES (${accountId}, ${q(name)}, ${q(secretHash(raw))}, ${q(write ? 'write' : 'read')}, ${nowS()}) RETURNING id;`));
  return { id, secret: `tvk_${raw}` };
}

/** Inserts an invitation or reset link token; returns the secret. */
export async function insertLinkToken(shell, accountId, purpose = 'invite', ttl = 7 * 24 * 3600) {
  const raw = newSecret();
  const t = nowS();
  await shell.query(`INSERT INTO account_token (token_hash, account_id, purpose, created_at, expires_at) VALUES (${q(secretHash(raw))}, ${accountId}, ${q(purpose)}, ${t}, ${t + ttl});`);
  return raw;
}

/** Lines that differ between two snapshots (at most 20), or '' if none. */
export function diffSnapshots(a, b) {
  for (const x of [a, b]) {
    if (!x || typeof x.hash !== 'string') throw new TypeError('diffSnapshots needs two snapshots (did you forget await?)');
  }
  if (a.hash === b.hash) return '';
  const la = new Set(a.text.split('\n'));
  const lb = new Set(b.text.split('\n'));
  const out = [];
  for (const l of la) if (!lb.has(l)) out.push(`- ${l.slice(0, 300)}`);
  for (const l of lb) if (!la.has(l)) out.push(`+ ${l.slice(0, 300)}`);
  return out.slice(0, 20).join('\n') || '(same lines, different order)';
}

/** Waits until the mail job has delivered every queued message (≤ 5 s). */
export async function mailDrained(db, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const n = Number(sqlite(db, 'SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND attempts < 10;').trim());
    if (n === 0) return;
    if (Date.now() > end) throw new Error(`${n} messages still queued after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The value of the first hidden csrf field of an HTML page, or null. */
export function csrfOf(html) {
  const m = /<input type="hidden" name="csrf" value="([A-Za-z0-9_-]+)">/.exec(html);
  return m ? m[1] : null;
}

/** Parses Set-Cookie headers into [{ name, value, attrs: {lower-case: value|true} }]. */
export function parseSetCookies(headers) {
  const list = headers['set-cookie'] ?? [];
  return (Array.isArray(list) ? list : [list]).map((line) => {
    const [first, ...rest] = line.split(';');
    const i = first.indexOf('=');
    const attrs = {};
    for (const a of rest) {
      const j = a.indexOf('=');
      const k = (j < 0 ? a : a.slice(0, j)).trim().toLowerCase();
      attrs[k] = j < 0 ? true : a.slice(j + 1).trim();
    }
    return { name: first.slice(0, i).trim(), value: first.slice(i + 1).trim(), attrs, line };
  });
}

/** Form fields as an urlencoded body. */
export function formBody(fields) {
  return new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== undefined)).toString();
}

/**
 * A visitor that keeps cookies (by name; Max-Age=0 deletes) and adds
 * headers of its own to every request. Redirects are not followed.
 */
export class Client {
  constructor(base, { headers = {}, cookies = {} } = {}) {
    this.base = base;
    this.headers = headers;
    this.cookies = { ...cookies };
    this.csrf = null;	// the form token this visitor's pages carry
  }

  /** Requests sent by every Client so far (to match access-log lines). */
  static sent = 0;

  cookieHeader() {
    return Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async req(path, { method = 'GET', headers = {}, body, form, timeout } = {}) {
    const h = { ...this.headers, ...headers };
    const cookie = this.cookieHeader();
    if (cookie && h.cookie === undefined) h.cookie = cookie;
    if (form !== undefined) {
      body = formBody(form);
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    Client.sent += 1;
    const res = await request(this.base + path, { method, headers: h, body, timeout });
    for (const c of parseSetCookies(res.headers)) {
      if (c.attrs['max-age'] === '0' || c.value === '') delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }

  get(path, opts = {}) { return this.req(path, { ...opts, method: 'GET' }); }

  /** POST a form; the csrf field is this visitor's unless given. */
  post(path, fields = {}, opts = {}) {
    const form = 'csrf' in fields ? fields : { ...fields, csrf: this.csrf ?? undefined };
    return this.req(path, { ...opts, method: 'POST', form });
  }

  /** Loads a page and keeps its csrf value as this visitor's token. */
  async loadCsrf(path = '/fi/signin') {
    const res = await this.get(path);
    const t = csrfOf(res.text);
    if (!t) throw new Error(`no csrf field on ${path} (status ${res.status})`);
    this.csrf = t;
    return t;
  }

  /** Signs in; afterwards csrf is the session's token (from /fi/account). */
  // timeout: for a sign-in that hashes at a high cost (see Client.req).
  async signIn(email, password, { lang = 'fi', timeout } = {}) {
    await this.loadCsrf(`/${lang}/signin`);
    const res = await this.post(`/${lang}/signin`, { email, password }, { timeout });
    if (res.status !== 303 || !this.cookies.tv_session) {
      throw new Error(`sign-in of ${email} answered ${res.status}: ${res.text.slice(0, 300)}`);
    }
    await this.loadCsrf(`/${lang}/account`);
    return res;
  }
}

/** A signed-in Client. */
export async function signIn(base, email, password, opts = {}) {
  const c = new Client(base, opts);
  await c.signIn(email, password);
  return c;
}
