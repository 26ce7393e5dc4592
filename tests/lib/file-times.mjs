// A node --test reporter: the time each test file's top-level tests took,
// slowest first, as "SECONDS FILE" lines (the file that defines the tests:
// authz.test.mjs's shards count as one).  tests/run-all.sh writes it beside
// each node suite's log; its lists of the files to start first come from
// these numbers.
import path from 'node:path';

export default async function* fileTimes(source) {
  const secs = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    secs.set(file, (secs.get(file) ?? 0) + (details?.duration_ms ?? 0) / 1000);
  }
  const rows = [...secs].sort((a, b) => b[1] - a[1]);
  for (const [file, s] of rows) yield `${s.toFixed(1).padStart(7)} ${path.basename(file)}\n`;
}
