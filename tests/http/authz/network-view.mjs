// Authorisation entries for the network view of the programme and its
// exports (src/programme/report.c; format: ./index.mjs).
//
// The view (ACT_PROGRAMME) is for coordinators and administrators; a
// period of a region the viewer does not manage, like an unknown one,
// answers 404.  The exports and the API (ACT_ACCOUNT) hold the rows of
// the municipalities the viewer works on; the demo's 2021 sparring period
// (id 3) has workspaces for Pornainen (611, the municipal coordinator and
// the tutor), Tuusula (858, the tutor) and Karkkila (224, `other`), so
// everyone but the supporter has something there; a supporter has
// nothing and gets 404.

const viewOnly = (coordinator, admin = coordinator) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const signedIn = (status, supporter = status) => ({
  anonymous: 'signin', supporter, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});

const exports = [];
for (const kind of ['actions', 'sessions', 'assessments']) {
  const route = `programme.export-${kind}`;
  const base = `/fi/programme/export/${kind}.csv`;
  exports.push(
    { route, path: `${base}?period=3`, expect: signedIn(200, 404) },
    { route, path: `${base}?period=3&sep=semicolon`, name: `${kind}: for Excel`, expect: signedIn(200, 404) },
    { route, path: base, name: `${kind}: the newest period with something`, expect: signedIn(200, 404) },
    { route, path: `${base}?period=999999`, name: `${kind}: unknown period`, expect: signedIn(404) },
    { route, path: `${base}?period=3&sep=tab`, name: `${kind}: unknown separator`, expect: signedIn(400) },
  );
}

export const entries = [
  { route: 'programme.view', path: '/fi/programme/view', expect: viewOnly(200) },
  { route: 'programme.view', path: '/sv/programme/view?period=3', name: 'the 2021 period', expect: viewOnly(200) },
  { route: 'programme.view', path: '/fi/programme/view?period=999999', name: 'unknown period', expect: viewOnly(404) },
  { route: 'programme.view', path: '/fi/programme/view?period=abc', name: 'malformed period', expect: viewOnly(404) },
  ...exports,
  {
    route: 'api.period-actions', path: '/api/v1/periods/3/actions',
    expect: { anonymous: 401, supporter: 404, municipal: 200, tutor: 200, coordinator: 200, admin: 200, other: 200 },
  },
  {
    route: 'api.period-actions', path: '/api/v1/periods/999999/actions', name: 'unknown period',
    expect: { anonymous: 401, supporter: 404, municipal: 404, tutor: 404, coordinator: 404, admin: 404, other: 404 },
  },
];
