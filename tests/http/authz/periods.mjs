// Authorisation entries for programme periods and tutor assignments
// (src/programme/periods.c; format: ./index.mjs).
//
// Only network coordinators and administrators reach these routes
// (ACT_PROGRAMME); everyone else gets 403 and anonymous GETs go to the
// sign-in page.  Ids are those of the demo data: the periods 2019, 2020
// and 2021 are 1, 2 and 3.  Roles run in the order of ROLES, so where the
// coordinator's request succeeds the administrator's same request finds
// its result: a second period of the year (409), an assignment that exists
// already (409) or one removed already (404).  Assignments here name no
// tutor accounts, so no identity's reach changes under the matrix.

const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const to = (re) => ({ status: 303, location: re });

const PERIOD = {
  year: '2031', format: 'sparring', starts_on: '2031-01-01', ends_on: '2031-12-31',
  summary_fi: 'Sparrauskausi.', summary_sv: 'Sparrningsperiod.', summary_en: 'A sparring period.',
  goals_fi: '- Konkreettiset askeleet', goals_sv: '', goals_en: '',
};

export const entries = [
  { route: 'programme.periods', path: '/fi/programme/periods', expect: get(200) },
  { route: 'programme.period-new', path: '/sv/programme/periods/new', expect: get(200) },
  {
    route: 'programme.period-create', method: 'POST', path: '/fi/programme/periods',
    name: "create 2031 (the administrator's second period of the year is refused)",
    form: PERIOD, expect: change(to(/^\/fi\/programme\/periods\/\d+\?done=created$/), 409),
  },
  {
    route: 'programme.period-create', method: 'POST', path: '/fi/programme/periods', name: 'end before start',
    form: { ...PERIOD, year: '2032', ends_on: '2030-12-31' }, expect: change(400),
  },
  { route: 'programme.period', path: '/fi/programme/periods/3', expect: get(200) },
  { route: 'programme.period', path: '/en/programme/periods/999999', name: 'unknown period', expect: get(404) },
  { route: 'programme.period', path: '/en/programme/periods/3x', name: 'malformed id', expect: get(404) },
  { route: 'programme.period-edit', path: '/sv/programme/periods/3/edit', expect: get(200) },
  {
    route: 'programme.period-update', method: 'POST', path: '/fi/programme/periods/3/edit',
    form: { ...PERIOD, year: '2021', starts_on: '2021-01-01', ends_on: '2021-12-31' },
    expect: change(to('/fi/programme/periods/3?done=saved')),
  },
  {
    route: 'programme.period-update', method: 'POST', path: '/fi/programme/periods/3/edit', name: 'malformed date',
    form: { ...PERIOD, year: '2021', starts_on: '1.1.2021' }, expect: change(400),
  },
  {
    route: 'programme.assignment-add', method: 'POST', path: '/fi/programme/periods/3/assignments',
    name: 'Hyvinkää tutors Askola (the second time it exists already)',
    form: { tutor: '106', municipality: '018' },
    expect: change(to('/fi/programme/periods/3?done=assigned#assignments'), 409),
  },
  {
    route: 'programme.assignment-add', method: 'POST', path: '/fi/programme/periods/3/assignments',
    name: 'a municipality tutoring itself', form: { tutor: '018', municipality: '018' }, expect: change(400),
  },
  {
    route: 'programme.assignment-remove-confirm', path: '/fi/programme/periods/3/assignments/remove?tutor=106&municipality=018',
    name: 'Hyvinkää and Askola', expect: get(200),
  },
  {
    route: 'programme.assignment-remove-confirm', path: '/fi/programme/periods/3/assignments/remove?tutor=106&municipality=999',
    name: 'no such pairing', expect: get(404),
  },
  {
    route: 'programme.assignment-remove', method: 'POST', path: '/fi/programme/periods/3/assignments/remove',
    name: 'Hyvinkää no longer tutors Askola (the second time it is gone)',
    form: { tutor: '106', municipality: '018' },
    expect: change(to('/fi/programme/periods/3?done=removed#assignments'), 404),
  },
  {
    route: 'programme.assignment-remove', method: 'POST', path: '/fi/programme/periods/999999/assignments/remove',
    name: 'unknown period', form: { tutor: '106', municipality: '018' }, expect: change(404),
  },
  { route: 'programme.assignments', path: '/en/programme/assignments', expect: get(200) },
];
