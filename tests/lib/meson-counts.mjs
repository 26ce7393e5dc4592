// Counts test cases from meson's testlog.json: each cmocka program counts
// its own cases ("[       OK ] name", "[  FAILED  ] name", "[  SKIPPED ]
// name"); any other test counts once by meson's verdict.  A program that
// meson failed but that reported no failed case (a crash, a sanitizer
// abort) counts one failure more, so nothing is lost in the sum.
//
//   node tests/lib/meson-counts.mjs BUILDDIR   ->  "PASS FAIL SKIP"
import { readFileSync } from 'node:fs';
import path from 'node:path';

const file = path.join(process.argv[2], 'meson-logs', 'testlog.json');
let pass = 0, fail = 0, skip = 0;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const t = JSON.parse(line);
  const out = `${t.stdout ?? ''}\n${t.stderr ?? ''}`;
  const ok = (out.match(/^\[       OK \] \S/gm) ?? []).length;
  const bad = (out.match(/^\[  FAILED  \] (?!\d+ test)\S/gm) ?? []).length;
  const sk = (out.match(/^\[  SKIPPED \] (?!\d+ test)\S/gm) ?? []).length;
  const failedByMeson = ['FAIL', 'TIMEOUT', 'UNEXPECTEDPASS', 'ERROR'].includes(t.result);
  if (ok + bad + sk === 0) {
    if (t.result === 'SKIP') skip++;
    else if (failedByMeson) fail++;
    else pass++;
    continue;
  }
  pass += ok;
  fail += bad + (failedByMeson && bad === 0 ? 1 : 0);
  skip += sk;
}
console.log(`${pass} ${fail} ${skip}`);
