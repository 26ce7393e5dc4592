// Authorisation entries for the encounter log (src/statistics; format:
// ./index.mjs).
//
// Logging (ACT_ENCOUNTERS) is for supporters (only the points in their
// scope: the shared supporter has none, so every point is refused, 400 on
// the form and 404 in the address), municipal coordinators (their
// municipality's points: point 19 of the demo is in Pornainen, 611; the
// other municipal coordinator, of Karkkila, is refused), coordinators of
// the region and administrators; tutors get 403 and anonymous GETs go to
// sign in.  The form without date and hour means now.

const get = (staff, { supporter = staff, other = staff } = {}) => ({
  anonymous: 'signin', supporter, municipal: staff, tutor: 403, coordinator: staff, admin: staff, other,
});
const change = (ok, { supporter = 400, other = 400 } = {}) => ({
  anonymous: 403, supporter, municipal: ok, tutor: 403, coordinator: ok, admin: ok, other,
});
const to = (re) => ({ status: 303, location: re });

const ENCOUNTER = {
  point: '19', topic: 'banking', support_form: 'drop-in', duration: '10-30', age: 'unknown', language: 'fi',
  outcome: 'resolved', people: '',
};

export const entries = [
  { route: 'stats.log', path: '/fi/staff/encounters', expect: get(200) },
  { route: 'stats.log', path: '/fi/staff/encounters?point=19', name: 'a point', expect: get(200, { supporter: 404, other: 404 }) },
  { route: 'stats.log', path: '/fi/staff/encounters?point=999999', name: 'unknown point', expect: get(404) },
  {
    route: 'stats.record', method: 'POST', path: '/fi/staff/encounters', form: ENCOUNTER,
    expect: change(to('/fi/staff/encounters?point=19&done=saved')),
  },
  {
    route: 'stats.record', method: 'POST', path: '/fi/staff/encounters', name: 'no topic',
    form: { ...ENCOUNTER, topic: '' }, expect: change(400),
  },
  {
    route: 'stats.undo', method: 'POST', path: '/fi/staff/encounters/undo', form: {},
    expect: change(to(/^\/fi\/staff\/encounters\?(point=19&done=undone|done=none)$/),
      { supporter: to('/fi/staff/encounters?done=none'), other: to('/fi/staff/encounters?done=none') }),
  },
];

entries.push(
  { route: 'stats.dashboard', path: '/fi/staff/statistics', expect: get(200) },
  { route: 'stats.dashboard', path: '/sv/staff/statistics?from=2026-01&to=2026-06&municipality=611', name: 'a period and municipality', expect: get(200) },
  { route: 'stats.dashboard', path: '/fi/staff/statistics?from=2026-13', name: 'a broken month', expect: get(400) },
  { route: 'stats.dashboard-csv', path: '/fi/staff/statistics.csv', expect: get(200) },
);

// The published statistics are everyone's; the record of what they hide
// is for those who manage the region (others 404).
const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
entries.push(
  { route: 'stats.public', path: '/fi/statistics', expect: all(200) },
  { route: 'stats.public', path: '/sv/statistics?year=1999', name: 'a year without figures', expect: all(404) },
  { route: 'stats.public-csv', path: '/fi/statistics.csv', expect: all(200) },
  { route: 'stats.public-municipality', path: '/en/statistics/611', expect: all(200) },
  { route: 'stats.public-municipality', path: '/fi/statistics/999', name: 'unknown municipality', expect: all(404) },
  {
    route: 'stats.record-hidden', path: '/fi/staff/statistics/disclosure',
    expect: { ...get(404), coordinator: 200, admin: 200 },
  },
);

// Importing counts: the same people as logging, for the same points.
const yesterday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() - 86400000));
const IMPORT = 'point;date;hour;topics;form;duration;age;language;outcome;people;count\n'
  + `19;${yesterday};10;banking;drop-in;10-30;unknown;fi;resolved;;2`;
entries.push(
  { route: 'stats.import-form', path: '/fi/staff/encounters/import', expect: get(200) },
  {
    route: 'stats.import', method: 'POST', path: '/fi/staff/encounters/import', form: { csv: IMPORT },
    expect: change(to('/fi/staff/encounters/import?done=2')),
  },
  {
    route: 'stats.import', method: 'POST', path: '/fi/staff/encounters/import', name: 'no lines',
    form: { csv: '' }, expect: change(400),
  },
);

// A day's paper tally: the same people, the same points.
entries.push(
  { route: 'stats.tally-form', path: '/fi/staff/encounters/tally', expect: get(200) },
  {
    route: 'stats.tally', method: 'POST', path: '/fi/staff/encounters/tally',
    form: {
      point: '19', date: yesterday, hour: '12', duration: '10-30', age: 'unknown', language: 'fi', outcome: 'resolved',
      'n-banking-drop-in': '2',
    },
    expect: change(to('/fi/staff/encounters/tally?done=2')),
  },
);

// The period report is the region's, for those who run the programme
// (ACT_PROGRAMME): coordinators and administrators.  Period 3 is the
// demo's 2021.
const report = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
entries.push(
  { route: 'stats.report', path: '/fi/staff/statistics/report', expect: report(200) },
  { route: 'stats.report', path: '/sv/staff/statistics/report?period=3', name: 'a programme period', expect: report(200) },
  { route: 'stats.report', path: '/en/staff/statistics/report?period=999999', name: 'unknown period', expect: report(404) },
  { route: 'stats.report', path: '/fi/staff/statistics/report?from=2026-02-30', name: 'a broken date', expect: report(400) },
  { route: 'stats.report-zip', path: '/fi/staff/statistics/report.zip?period=3', expect: report(200) },
);

// The same published figures as JSON: everyone's.
entries.push(
  { route: 'stats.api', path: '/api/statistics', expect: all(200) },
  { route: 'stats.api-municipality', path: '/api/statistics/611?lang=sv', expect: all(200) },
  { route: 'stats.api-municipality', path: '/api/statistics/999', name: 'unknown municipality', expect: all(404) },
);
