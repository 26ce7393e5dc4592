// Authorisation entries for the sparring workspaces (src/programme/
// workspace.c) and the reminder opt-out of the account page (format:
// ./index.mjs).
//
// Every signed-in account reaches the routes (ACT_ACCOUNT); within them
// policy_works_on() decides: Pornainen's (611) workspace is open to its
// municipal coordinator, its tutor (the shared tutor has 611 and 858), the
// region's coordinator and administrators; the supporter and Karkkila's
// coordinator (`other`) get 404, exactly as for a workspace that does not
// exist.  Anonymous GETs go to the sign-in page, anonymous POSTs are
// refused by the CSRF check (403).  The demo data has workspaces for
// 611, 858 and 224 in 2021, with sessions and actions; a POST aims at an
// existing row only where the change is harmless to repeat.

const to = (re) => ({ status: 303, location: re });
// 611: municipal, tutor, coordinator, admin; not supporter or 224's.
const pornainen = (ok, no = 404) => ({
  anonymous: 'signin', supporter: no, municipal: ok, tutor: ok, coordinator: ok, admin: ok, other: no,
});
const pornainenPost = (ok, no = 404) => ({ ...pornainen(ok, no), anonymous: 403 });
const signedIn = (status, anon = 'signin') => ({
  anonymous: anon, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const W = '/fi/workspaces/2021/611';
const back = (anchor) => to(new RegExp(`^/fi/workspaces/2021/611\\?done=\\w+#${anchor}$`));

// The ids of demo rows are stable: sessions and actions are inserted in
// demo/programme.sql order (Pornainen's first).
export const entries = [
  // --- the workspace page ---
  { route: 'workspace.page', path: W, expect: pornainen(200) },
  { route: 'workspace.page', path: '/sv/workspaces/2021/611?done=action', name: 'in Swedish, with a notice', expect: pornainen(200) },
  {
    route: 'workspace.page', path: '/en/workspaces/2021/858', name: 'Tuusula (858)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 200, coordinator: 200, admin: 200, other: 404 },
  },
  {
    route: 'workspace.page', path: '/fi/workspaces/2021/224', name: 'Karkkila (224)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 404, coordinator: 200, admin: 200, other: 200 },
  },
  { route: 'workspace.page', path: '/fi/workspaces/2021/091', name: 'no workspace (Helsinki)', expect: signedIn(404) },
  { route: 'workspace.page', path: '/fi/workspaces/2020/611', name: 'no such period', expect: signedIn(404) },
  { route: 'workspace.page', path: '/fi/workspaces/21/611', name: 'malformed period', expect: signedIn(404) },
  { route: 'workspace.page', path: '/fi/workspaces/2021/61x', name: 'malformed code', expect: signedIn(404) },
  { route: 'workspace.page', method: 'POST', path: W, name: 'POST to the page', expect: signedIn(405, 405) },

  // --- the self-assessment ---
  {
    route: 'workspace.assessment', method: 'POST', path: `${W}/assessment`,
    form: { phase: 'end', 'score-coordination': '3', 'note-coordination': 'authz {unique}' },
    expect: pornainenPost(back('assessment')),
  },
  {
    route: 'workspace.assessment', method: 'POST', path: `${W}/assessment`, name: 'score out of range',
    form: { phase: 'start', 'score-coordination': '6' }, expect: pornainenPost(400),
  },
  {
    route: 'workspace.assessment', method: 'POST', path: '/fi/workspaces/2021/224/assessment', name: "Karkkila's",
    form: { phase: 'start', 'score-network': '2' },
    expect: {
      anonymous: 403, supporter: 404, municipal: 404, tutor: 404, coordinator: to(/^\/fi\/workspaces\/2021\/224\?done=assessment#assessment$/),
      admin: to(/^\/fi\/workspaces\/2021\/224\?done=assessment#assessment$/), other: to(/^\/fi\/workspaces\/2021\/224\?done=assessment#assessment$/),
    },
  },

  // --- goals and outcome ---
  {
    route: 'workspace.texts', method: 'POST', path: `${W}/texts`,
    form: { outcome: 'Tulokset {unique}' }, expect: pornainenPost(back('outcome')),
  },
  {
    route: 'workspace.texts', method: 'POST', path: `${W}/texts`, name: 'empty form',
    form: {}, expect: pornainenPost(400),
  },

  // --- sessions ---
  {
    route: 'workspace.session-create', method: 'POST', path: `${W}/sessions`,
    form: { date: '2021-10-20', time: '13:00', mode: 'remote', place: 'Teams', participants: 'A\nB', agenda: '- {unique}', notes: '' },
    expect: pornainenPost(to(/^\/fi\/workspaces\/2021\/611\?done=session#session-\d+$/)),
  },
  {
    route: 'workspace.session-create', method: 'POST', path: `${W}/sessions`, name: 'bad date',
    form: { date: '2021-02-30', time: '13:00', mode: 'remote' }, expect: pornainenPost(400),
  },
  {
    route: 'workspace.session-update', method: 'POST', path: `${W}/sessions/1`,
    form: { date: '2021-08-24', time: '10:00', mode: 'on-site', place: 'Pornaisten kirjasto', participants: 'Petri Suunta', agenda: '1. Tavoitteet', notes: 'Päivitetty {unique}' },
    expect: pornainenPost(back('session-1')),
  },
  {
    route: 'workspace.session-update', method: 'POST', path: `${W}/sessions/6`, name: "another workspace's session",
    form: { date: '2021-08-24', time: '10:00', mode: 'on-site' }, expect: pornainenPost(404),
  },
  {
    route: 'workspace.session-update', method: 'POST', path: `${W}/sessions/999999`, name: 'unknown session, bad input',
    form: { date: 'tomorrow', time: '10:00', mode: 'on-site' }, expect: pornainenPost(404),
  },

  // --- actions ---
  {
    route: 'workspace.action-create', method: 'POST', path: `${W}/actions`,
    form: { title: 'Toimenpide {unique}', owner: '', owner_name: 'Kalle Kokeilu', due_on: '2021-11-30', session: '2' },
    expect: pornainenPost(to(/^\/fi\/workspaces\/2021\/611\?done=action#action-\d+$/)),
  },
  {
    route: 'workspace.action-create', method: 'POST', path: `${W}/actions`, name: 'owner outside the workspace',
    form: { title: 'Toimenpide {unique}', owner: '{supporterId}', due_on: '' }, expect: pornainenPost(400),
  },
  {
    route: 'workspace.action-update', method: 'POST', path: `${W}/actions/2`, name: 'a note on an action',
    form: { status: 'in-progress', progress: '', note: 'Huomio {unique}' },
    expect: pornainenPost(back('action-2')),
  },
  {
    route: 'workspace.action-update', method: 'POST', path: `${W}/actions/2`, name: 'done at 40 %',
    form: { status: 'done', progress: '40', note: '' }, expect: pornainenPost(400),
  },
  {
    route: 'workspace.action-update', method: 'POST', path: `${W}/actions/7`, name: "another workspace's action",
    form: { status: 'done', progress: '', note: '' }, expect: pornainenPost(404),
  },

  // --- the reminder opt-out on the account page ---
  {
    route: 'account.notify', method: 'POST', path: '/fi/account/notify',
    form: { notify: 'on' }, expect: signedIn(to('/fi/account?done=notify#reminders'), 403),
  },
  {
    route: 'account.notify', method: 'POST', path: '/fi/account/notify', name: 'no choice',
    form: { notify: 'maybe' }, expect: signedIn(400, 403),
  },
];
