#!/usr/bin/env python3
"""boundary-check - the module boundaries of src/, checked mechanically.

Reads migrations/*.sql (tables and their columns), src/modules.tsv (which
module owns which table and which modules it may #include), the privacy
providers (src/privacy/registry.c and the `tables` arrays of
src/<module>/privacy.c) and every src/**/*.c and *.h, and reports with
file:line

  ownership     a table of the migrations that no module owns (or two do),
                or a module that owns a table the migrations never create;
  sql-table     SQL in one module that names a table another module owns;
  sql-handler   SQL in a handler file (one that defines an HTTP handler,
                a function whose only parameter is `struct request *r`);
  include       an #include "<module>/..." the allowed graph does not have;
  personal      a table with personal columns no registered privacy
                provider lists;
  policy-handler  a handler file that decides a permission itself: it
                calls an object-level policy function (policy_manages_region,
                policy_sees_municipality, policy_works_on,
                policy_edits_municipality) or compares a role, instead of
                naming a route loader and letting the guard ask the policy.

Violations that were there when the check came are listed in
tools/boundary-allow.txt, keyed by file, kind and table or module (never
by line, so that edits elsewhere in a file do not churn the list).  The
check fails on a violation not in the list, and on a list entry that no
longer occurs: the list only shrinks.

The rules are documented in docs/architecture.md, "Modules, tables and the
allowed graph".

usage: boundary-check.py [--root DIR] [--allow FILE] [--tap]
exit status: 0 clean, 1 violations or stale entries, 2 cannot read input.
"""
import argparse
import os
import re
import sys

KINDS = ("ownership", "sql-table", "sql-handler", "include", "personal",
         "policy-handler")

# Personal columns (docs/architecture.md): what reaches a person directly.
# A name alone does not make a table personal: organisations, API tokens,
# files and regions have names, and in this schema a person's name always
# comes with an address or a key.
PERSONAL_COLUMN = re.compile(
    r"^(email|\w+_email|email_\w+|to_addr|contact|phone|\w+_phone|"
    r"address|ip|\w+_ip|token_hash|\w+_token_hash|id_hash|person_key)$")

# SQL: a string (adjacent literals joined) with one of these statement
# words, upper case as the code writes SQL; UI text never shouts.
SQL_STATEMENT = re.compile(
    r"\b(SELECT|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|"
    r"DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|"
    r"REPLACE\s+INTO)\b")
# A table is named after one of these words (DELETE FROM is FROM).
SQL_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([A-Za-z_]\w*)")
# Handler files: an HTTP handler (route table entry) has exactly this
# parameter list, with the name at the start of the line (style(9)).
HANDLER_DEF = re.compile(r"^(\w+)\(struct request \*r\)\s*$", re.M)
# A permission decided by hand: the object-level policy questions, or the
# requester's role (r->user, a struct user *u or *user) compared with ==,
# != or an ordering; policy.c alone may do that.  A role as data (the role
# an administrator is about to give an account) is not a permission.
POLICY_BY_HAND = re.compile(
    r"\b(policy_manages_region|policy_sees_municipality|policy_works_on|"
    r"policy_edits_municipality)\s*\(|"
    r"\b(?:r->user\.|user->|user\.|u->)role\s*[!=<>]=?\s*ROLE_|"
    r"\bROLE_\w+\s*[!=<>]=?\s*(?:r->user\.|user->|user\.|u->)role\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


class Input(Exception):
    pass


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise Input(f"cannot read {path}: {e.strerror}")


def strip_sql_comments(text):
    return re.sub(r"--[^\n]*", "", text)


def parse_migrations(root):
    """{table: {"columns": set, "where": "file:line"}} in creation order."""
    tables = {}
    d = os.path.join(root, "migrations")
    if not os.path.isdir(d):
        raise Input(f"no {d}")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".sql"):
            continue
        rel = f"migrations/{name}"
        text = strip_sql_comments(read(os.path.join(d, name)))
        for m in re.finditer(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
                             r"(\w+)\s*\((.*?)\)\s*;", text, re.S | re.I):
            line = text.count("\n", 0, m.start()) + 1
            cols = set()
            depth = 0
            part = ""
            for ch in m.group(2):	# split at top-level commas
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                if ch == "," and depth == 0:
                    cols.add(part.split()[0].lower() if part.split() else "")
                    part = ""
                else:
                    part += ch
            if part.split():
                cols.add(part.split()[0].lower())
            cols -= {"", "primary", "unique", "foreign", "check",
                     "constraint"}
            tables[m.group(1)] = {"columns": cols, "where": f"{rel}:{line}"}
        for m in re.finditer(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+(?:COLUMN\s+)?"
                             r"(\w+)", text, re.I):
            if m.group(1) in tables:
                tables[m.group(1)]["columns"].add(m.group(2).lower())
    return tables


def parse_modules(root):
    """modules.tsv: module TAB tables TAB includes (comma lists, - none)."""
    path = os.path.join(root, "src", "modules.tsv")
    owns, may = {}, {}
    for n, line in enumerate(read(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 3:
            raise Input(f"src/modules.tsv:{n}: expected 3 tab-separated "
                        f"fields, got {len(f)}")
        split = lambda s: [] if s.strip() == "-" else [x.strip() for x in
                                                       s.split(",") if x.strip()]
        owns[f[0]] = (split(f[1]), n)
        may[f[0]] = set(split(f[2]))
    return owns, may


def module_of(rel):
    """src/auth/x.c -> auth; src/main.c -> main."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 else "main"


def c_tokens(text):
    """(string literals joined when adjacent, first line) and the text with
    comments and strings blanked, for the handler rule."""
    out, code = [], []
    i, n, line = 0, len(text), 1
    cur, cur_line, last_end_code = None, 0, True
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            code.append("\n" * text.count("\n", i, j))
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            code.append("' '")
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            s = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    s.append(text[j:j + 2])
                    j += 2
                else:
                    s.append(text[j])
                    j += 1
            if cur is None:
                cur, cur_line = "".join(s), line
            else:
                cur += "".join(s)
            line += text.count("\n", i, j)
            code.append('""')
            i = j + 1
            continue
        # Between adjacent literals only blanks and macro names (e.g.
        # "SELECT " ACCOUNT_COLS " FROM account") keep one string going.
        if cur is not None and not c.isspace():
            m = re.match(r"[A-Z_][A-Z0-9_]*\b", text[i:])
            if m and text[i + m.end():].lstrip().startswith('"'):
                cur += " "
                code.append(m.group(0))
                i += m.end()
                continue
            out.append((cur, cur_line))
            cur = None
        if c == "\n":
            line += 1
        code.append(c)
        i += 1
    if cur is not None:
        out.append((cur, cur_line))
    return out, "".join(code)


def sql_tables(s, known):
    if not SQL_STATEMENT.search(s):
        return None
    return [t for t in SQL_TABLE.findall(s) if t in known]


def provider_tables(root):
    """Tables the registered providers list: {table: module}, and notes."""
    covered, notes = {}, []
    reg = os.path.join(root, "src", "privacy", "registry.c")
    if not os.path.exists(reg):
        return covered, ["no src/privacy/registry.c: no table is covered"]
    text = c_tokens(read(reg))[1]	# without comments
    registered = set(re.findall(r"&(\w+)_privacy_provider\b", text))
    for mod in sorted(registered):
        rel = f"src/{mod}/privacy.c"
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            notes.append(f"{rel}: registered in registry.c but missing")
            continue
        body = read(path)
        arrays = re.findall(r"\w+_tables\[\]\s*=\s*\{(.*?)\};", body, re.S)
        if not arrays:
            notes.append(f"{rel}: no `<name>_tables[]` array")
        for arr in arrays:
            for t in re.findall(r'"(\w+)"', arr):
                covered[t] = mod
    return covered, notes


def scan(root):
    """All violations as (kind, file, line, subject, message)."""
    tables = parse_migrations(root)
    owns, may = parse_modules(root)
    v = []
    owner = {}
    for mod, (ts, n) in owns.items():
        for t in ts:
            if t in owner:
                v.append(("ownership", "src/modules.tsv", n, t,
                          f"table {t} owned by both {owner[t]} and {mod}"))
            elif t not in tables:
                v.append(("ownership", "src/modules.tsv", n, t,
                          f"module {mod} owns {t}, which no migration "
                          f"creates"))
            owner.setdefault(t, mod)
    for t, info in tables.items():
        if t not in owner:
            f, line = info["where"].rsplit(":", 1)
            v.append(("ownership", f, int(line), t,
                      f"table {t} has no owning module in src/modules.tsv"))
    # Every folder of src/ is a module with a line, so that a new one
    # cannot escape the include rule by being unknown.
    for d in sorted(os.listdir(os.path.join(root, "src"))):
        if os.path.isdir(os.path.join(root, "src", d)) and d not in owns:
            v.append(("ownership", "src/modules.tsv", 1, d,
                      f"module src/{d}/ has no line in src/modules.tsv"))

    files = []
    for d, dirs, names in os.walk(os.path.join(root, "src")):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                files.append(os.path.relpath(os.path.join(d, name), root))
    for rel in files:
        mod = module_of(rel)
        text = read(os.path.join(root, rel))
        strings, code = c_tokens(text)
        handler = HANDLER_DEF.search(code) is not None
        seen = set()
        for s, line in strings:
            ts = sql_tables(s, tables)
            if ts is None:
                continue
            if handler and ("sql-handler", "") not in seen:
                seen.add(("sql-handler", ""))
                v.append(("sql-handler", rel, line, "-",
                          f"SQL in a handler file (it defines "
                          f"{HANDLER_DEF.search(code).group(1)}())"))
            for t in ts:
                o = owner.get(t)
                if o is not None and o != mod and ("t", t) not in seen:
                    seen.add(("t", t))
                    v.append(("sql-table", rel, line, t,
                              f"module {mod} names table {t} (owned by "
                              f"{o})"))
        if handler:
            m = POLICY_BY_HAND.search(code)
            if m is not None:
                line = code.count("\n", 0, m.start()) + 1
                v.append(("policy-handler", rel, line, "-",
                          f"a handler file decides a permission by hand "
                          f"({m.group(0).strip()}...): name a route loader "
                          f"and let policy_reaches() decide"))
        for m in INCLUDE.finditer(text):
            inc = m.group(1)
            if "/" not in inc:
                continue	# the module's own generated headers
            target = inc.split("/")[0]
            if target == mod or target in may.get(mod, ()):
                continue
            if not os.path.isdir(os.path.join(root, "src", target)):
                continue
            if ("i", target) in seen:
                continue
            seen.add(("i", target))
            line = text.count("\n", 0, m.start()) + 1
            v.append(("include", rel, line, target,
                      f"{mod} includes {inc}; {mod} may include "
                      f"{', '.join(sorted(may.get(mod, ()))) or 'nothing'}"))

    covered, notes = provider_tables(root)
    for t, info in tables.items():
        personal = sorted(c for c in info["columns"]
                          if PERSONAL_COLUMN.match(c))
        if personal and t not in covered:
            f, line = info["where"].rsplit(":", 1)
            v.append(("personal", f, int(line), t,
                      f"table {t} has personal columns "
                      f"({', '.join(personal)}) and no privacy provider "
                      f"lists it"))
    for t, mod in sorted(covered.items()):
        if owner.get(t) not in (None, mod):
            v.append(("personal", f"src/{mod}/privacy.c", 1, t,
                      f"the {mod} provider lists {t}, owned by "
                      f"{owner[t]}"))
    return v, notes, tables, owns


def parse_allow(path):
    allow = {}
    if path is None or not os.path.exists(path):
        return allow
    for n, line in enumerate(read(path).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split()
        if len(f) != 3 or f[1] not in KINDS:
            raise Input(f"{path}:{n}: expected 'FILE KIND SUBJECT' with "
                        f"KIND one of {', '.join(KINDS)}")
        allow[tuple(f)] = n
    return allow


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--allow", help="default: ROOT/tools/boundary-allow.txt")
    ap.add_argument("--tap", action="store_true",
                    help="one TAP test per rule")
    ap.add_argument("--list", action="store_true",
                    help="print every violation as an allowlist line")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    allow_path = a.allow or os.path.join(root, "tools", "boundary-allow.txt")
    try:
        v, notes, tables, owns = scan(root)
        allow = parse_allow(allow_path)
    except Input as e:
        print(f"boundary-check: {e}", file=sys.stderr)
        return 2
    if a.list:
        for key in sorted({(f, k, s) for k, f, _, s, _ in v}):
            print(" ".join(key))
        return 0

    found = {}
    for k, f, line, s, msg in v:
        found.setdefault((f, k, s), []).append((line, msg))
    rel_allow = os.path.relpath(allow_path, root)
    failed = {k: [] for k in KINDS}
    allowed = {k: 0 for k in KINDS}
    for key, where in found.items():
        if key in allow:
            allowed[key[1]] += 1
            continue
        for line, msg in where:
            failed[key[1]].append((key[0], line,
                                   f"{key[0]}:{line}: {key[1]}: {msg}"))
    for key, n in allow.items():
        if key not in found:
            failed[key[1]].append((rel_allow, n,
                f"{rel_allow}:{n}: {key[1]}: stale entry '{' '.join(key)}' "
                f"no longer occurs: delete the line"))
    for k in KINDS:
        failed[k] = [m for _, _, m in sorted(failed[k])]
    for n in notes:
        print(f"boundary-check: note: {n}", file=sys.stderr)

    bad = sum(len(x) for x in failed.values())
    if a.tap:
        print(f"1..{len(KINDS)}")
        for i, k in enumerate(KINDS, 1):
            print(f"{'not ok' if failed[k] else 'ok'} {i} - {k} "
                  f"({allowed[k]} allowed)")
            for m in failed[k]:
                print(f"#   {m}")
    else:
        for k in KINDS:
            for m in failed[k]:
                print(m)
    print(f"boundary-check: {len(tables)} tables, {len(owns)} modules; "
          f"{sum(allowed.values())} allowed violations ("
          + ", ".join(f"{k} {allowed[k]}" for k in KINDS)
          + f"); {bad} failures")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
