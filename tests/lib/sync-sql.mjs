// Synchronous SQL on a test database through long-lived psql and sqlite3
// processes: sqliteSync(db, sql, { mode }) and snapshotSync(db).
//
// Tests read and write their databases with plain function calls
// (sqlite(), snapshot() in auth.mjs).  Each call used to start a process:
// on PostgreSQL that is a psql and a fresh backend, ~30 ms of CPU for psql
// and more for the backend, whose first plans read the catalog cold (a
// snapshot's statement over every table cost ~400 ms that way).  Here a
// worker thread keeps the processes open (tests/lib/sql-worker.mjs), and
// the calling thread waits for its answer with Atomics.wait.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

let bridge = null;

function start() {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./sql-worker.mjs', import.meta.url), {
    workerData: { flag, port: port2 }, transferList: [port2],
  });
  // Neither keeps a test file's process alive once its tests are done;
  // the processes the worker started end when their input closes.
  worker.unref();
  port1.unref();
  bridge = { flag, port: port1 };
}

// The longest a call waits: past sqlite3's 5 s busy timeout and any query
// a test makes, short of node's 300 s per test file.  (The worker answers
// every request, errors included; this thread, blocked here, could not
// hear of the worker itself dying, so the wait has an end.)
const WAIT_MS = 60000;

let lastId = 0;

function call(request) {
  if (!bridge) start();
  const { flag, port } = bridge;
  lastId = (lastId % 0x7fffffff) + 1;
  const id = lastId;
  port.postMessage({ ...request, id });
  // The worker posts its answer, then stores the request's id in `flag`
  // and wakes this thread.  The wake-up of an earlier answer can come
  // after that answer was read, during this wait: only the id says whose
  // answer is in.
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const seen = Atomics.load(flag, 0);
    if (seen === id) break;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`sync-sql: no answer in ${WAIT_MS} ms to ${request.op} on ${request.db}`);
    Atomics.wait(flag, 0, seen, left);
  }
  // An answer to an earlier request that gave up waiting is dropped.
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (!got) throw new Error(`sync-sql: answer ${id} stored but not posted`);
    if (got.message.id !== id) continue;
    if (got.message.error !== undefined) throw new Error(got.message.error);
    return got.message.value;
  }
}

/** Runs sql on db (a SQLite file or a postgresql:// URL); its output, as
 * psql -A -t or sqlite3 in `mode` (list by default) prints it.  Throws
 * with the tool's message on an error. */
export function sqliteSync(db, sql, { mode = 'list' } = {}) {
  return call({ op: 'query', db, sql, mode });
}

/** snapshotOf() (auth.mjs) on the worker's process for db. */
export function snapshotSync(db) {
  return call({ op: 'snapshot', db });
}
