#!/usr/bin/env python3
"""run.py - the "boundary" test suite (tests/run-all.sh boundary).

First the real tree: tools/boundary-check.py --tap, one test per rule.
Then the checker's own tests, which prove that it can fail: each folder of
fixtures/ other than base/ is laid over a copy of fixtures/base/ (a small
clean tree), the checker runs on it, and its exit status and output are
compared with the folder's `expect` file:

    # comment
    exit N              the exit status
    text                a line of the output must contain it
    !text               no line may contain it

Prints TAP-like "ok"/"not ok" lines and last "N passed, N failed".
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CHECK = os.path.join(ROOT, "tools", "boundary-check.py")
FIX = os.path.join(HERE, "fixtures")

results = []


def report(ok, name, detail=()):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    for d in detail:
        print(f"#   {d}")


def run(args):
    p = subprocess.run([sys.executable, CHECK, *args], capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def real_tree():
    rc, out = run(["--root", ROOT, "--tap"])
    seen = 0
    for line in out.splitlines():
        if line.startswith(("ok ", "not ok ")):
            seen += 1
            ok = line.startswith("ok ")
            name = line.split(" - ", 1)[1] if " - " in line else line
            report(ok, f"tree: {name}")
        elif line.startswith("#   "):
            print(line)
        elif line.startswith("boundary-check:"):
            print(f"# {line}")
    # No rule reported, or a failure exit without a failing rule (bad
    # input, a crash): one failure, so that nothing passes silently.
    if seen == 0 or (rc != 0 and all(results[-seen:])):
        report(False, f"tree: the checker ran (exit {rc})",
               out.splitlines()[-20:])


def fixture(case):
    expect = []
    with open(os.path.join(FIX, case, "expect"), encoding="utf-8") as f:
        expect = [l.rstrip("\n") for l in f
                  if l.strip() and not l.startswith("#")]
    want_rc = int(expect[0].split()[1])
    with tempfile.TemporaryDirectory(prefix="boundary-") as tmp:
        root = os.path.join(tmp, "tree")
        shutil.copytree(os.path.join(FIX, "base"), root)
        shutil.copytree(os.path.join(FIX, case), root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expect"))
        rc, out = run(["--root", root])
    lines = out.splitlines()
    problems = []
    if rc != want_rc:
        problems.append(f"exit {rc}, expected {want_rc}")
    for e in expect[1:]:
        if e.startswith("!"):
            if any(e[1:] in l for l in lines):
                problems.append(f"output has '{e[1:]}'")
        elif not any(e in l for l in lines):
            problems.append(f"output lacks '{e}'")
    if problems:
        problems += ["output:"] + lines
    report(not problems, f"fixture {case}", problems)


def main():
    real_tree()
    for case in sorted(os.listdir(FIX)):
        if case != "base" and os.path.isdir(os.path.join(FIX, case)):
            fixture(case)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
