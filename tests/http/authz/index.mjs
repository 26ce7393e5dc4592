// Loader of the authorisation matrix (tests/http/authz.test.mjs): imports
// every .mjs file of this folder except this one; each exports
//
//   export const entries = [ { route, method, path, form?, headers?, expect, ... }, ... ];
//
// An entry is one request, sent once per identity:
//   route     the route name as `tukiverkko routes` prints it; the access
//             log must show this route for the request (405s show "none")
//   method    GET (default), POST, ...
//   path      with placeholders (below); a query string is allowed
//   form      fields for a POST (the identity's csrf is added unless the
//             entry has csrf: false); values may hold placeholders
//   headers   extra request headers
//   expect    { anonymous, supporter, municipal, tutor, coordinator, admin,
//               other } -- `other` is the municipal coordinator of another
//             municipality (224); when omitted it is municipal's value.
//             A value is a status (200), 'signin' (303 to
//             /<lang>/signin?next=<path>), or { status, location } where
//             location is a string (exact) or a RegExp.
//   token     (api routes only) expectations for the identity's API token
//             sent as Bearer, by role; default: the same as `expect` for
//             GET/HEAD, and for other methods `expect` with the write token
//             and 403 with the read token
//   fresh     true: the request is made by a new account of the role,
//             signed in just before (for requests that end the session or
//             change the account itself)
//   victim    { role, municipality, scopes, password } of the throwaway
//             account behind {victimId} (default { role: 'supporter' });
//             password: null makes an invited account without a password.
//             Like the CLI, only coordinators, tutors and municipal
//             coordinators get the region (uusimaa).
//   name      optional label for the test
//
// Placeholders, resolved per request:
//   {adminId} {coordinatorId} {tutorId} {municipalId} {supporterId}
//   {otherId}           ids of the shared accounts of each role
//   {selfId}            id of the identity making the request (0 anonymous)
//   {victimId} {victimEmail} {victimPassword}
//                       a throwaway account created just before this request
//   {ownTokenId}        a new API token of the requesting account
//   {foreignTokenId}    a new API token of a throwaway account
//   {inviteToken}       the token of a new invitation (throwaway account)
//   {unique}            a fresh unique string
// A refused request (4xx, or 303 to the sign-in page) and every GET must
// leave the database as it was (see tests/lib/auth.mjs snapshot()).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROLES = ['anonymous', 'supporter', 'municipal', 'tutor', 'coordinator', 'admin', 'other'];

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every entry of every entry file, each with its `file`. */
export async function loadEntries() {
  const files = readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'index.mjs').sort();
  const all = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(here, f)).href);
    if (!Array.isArray(mod.entries)) {
      throw new Error(`tests/http/authz/${f} must export const entries = [...]`);
    }
    for (const e of mod.entries) all.push({ ...e, file: f });
  }
  return { files, entries: all };
}
