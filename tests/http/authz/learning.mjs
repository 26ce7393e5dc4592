// Authorisation entries for the badges (src/learning; format: ./index.mjs).
//
// The machine-readable documents are public: everyone gets the same
// answer.  An award is named by a random UUID, different in every demo
// database, so the entries for one award use a UUID that names none (404
// for everyone); tests/http/badges.test.mjs reads the demo's own.
// Achievement 1 is the demo's "Digituen perusteet".

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const NONE = '00000000-0000-4000-8000-000000000000';

export const entries = [
  { route: 'badges.did', path: '/.well-known/did.json', expect: all(200) },
  { route: 'badges.issuer', path: '/badges/issuer', expect: all(200) },
  { route: 'badges.revocations', path: '/badges/revocations', expect: all(200) },
  { route: 'badges.status', path: '/badges/status/1', expect: all(200) },
  { route: 'badges.status', path: '/badges/status/99', name: 'unknown list', expect: all(404) },
  { route: 'badges.image', path: '/badges/images/1', expect: all(200) },
  { route: 'badges.image', path: '/badges/images/999999', name: 'unknown id', expect: all(404) },
  { route: 'badges.achievement', path: '/badges/achievements/1/sv', expect: all(200) },
  { route: 'badges.achievement', path: '/badges/achievements/1/de', name: 'unknown language', expect: all(404) },
  { route: 'badges.class', path: '/badges/classes/1/en', expect: all(200) },
  { route: 'badges.class', path: '/badges/classes/x/en', name: 'malformed id', expect: all(404) },
  { route: 'badges.credential', path: `/badges/credentials/${NONE}`, expect: all(404) },
  { route: 'badges.credential-jwt', path: `/badges/credentials/${NONE}/jwt`, expect: all(404) },
  { route: 'badges.credential-png', path: `/badges/credentials/${NONE}/badge.png`, expect: all(404) },
  { route: 'badges.credential-svg', path: `/badges/credentials/${NONE}/badge.svg`, expect: all(404) },
  { route: 'badges.assertion', path: `/badges/assertions/${NONE}`, expect: all(404) },
  { route: 'badges.assertion', path: '/badges/assertions/1', name: 'a row id is not a UUID', expect: all(404) },
  { route: 'badges.assertion-png', path: `/badges/assertions/${NONE}/badge.png`, expect: all(404) },
  { route: 'badges.assertion-svg', path: `/badges/assertions/${NONE}/badge.svg`, expect: all(404) },
];
