// Authorisation entries for the administration pages (src/admin/pages.c):
// accounts, the audit log and the accessibility feedback (format:
// ./index.mjs).
//
// Only coordinators and administrators reach these routes (ACT_USERS,
// ACT_AUDIT, ACT_FEEDBACK); everyone else gets 403, and anonymous GETs go
// to the sign-in page.  Within the routes an account the viewer may not
// manage (for a coordinator: administrators, coordinators -- themselves
// included -- and other regions' accounts) answers 404 like an unknown id;
// giving a role the viewer may not give answers 403.
//
// Changes aim only at {victimId}, a throwaway account per request: a role
// change or deactivation of a shared identity would end its session and
// break the rest of the matrix.  (CLI-made supporters have no region, so
// victims that a coordinator must reach are tutors of 091, in Uusimaa.)

const staffOnly = (coordinator, admin = coordinator) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator, admin,
});
// The same for state-changing requests: anonymous visitors get 403.
const staffPost = (coordinator, admin = coordinator) => ({
  ...staffOnly(coordinator, admin), anonymous: 403,
});
const to = (re) => ({ status: 303, location: re });
const TUTOR = { role: 'tutor', scopes: ['091'] };

export const entries = [
  // --- the account list and invitations ---
  { route: 'admin.users', path: '/fi/admin/users', expect: staffOnly(200) },
  { route: 'admin.users', path: '/sv/admin/users?role=tutor&q=a', name: 'filtered', expect: staffOnly(200) },
  { route: 'admin.users', path: '/fi/admin/users?role=wizard', name: 'unknown role filter', expect: staffOnly(400) },
  {
    route: 'admin.invite', method: 'POST', path: '/fi/admin/users', name: 'invite a tutor',
    form: { email: '{unique}@example.fi', name: 'Invited {unique}', lang: 'fi', role: 'tutor', scope: '091' },
    expect: staffPost(to(/^\/fi\/admin\/users\?done=invited&id=\d+$/)),
  },
  {
    route: 'admin.invite', method: 'POST', path: '/fi/admin/users', name: 'invite an administrator',
    form: { email: '{unique}@example.fi', name: 'Invited {unique}', lang: 'fi', role: 'admin' },
    expect: staffPost(403, to(/^\/fi\/admin\/users\?done=invited&id=\d+$/)),
  },
  {
    route: 'admin.invite', method: 'POST', path: '/fi/admin/users', name: 'invite with a bad address',
    form: { email: 'not an address', name: 'X', lang: 'fi', role: 'tutor', scope: '091' },
    expect: staffPost(400),
  },

  // --- one account ---
  { route: 'admin.user', path: '/fi/admin/users/{tutorId}', expect: staffOnly(200) },
  { route: 'admin.user', path: '/fi/admin/users/{municipalId}', name: 'municipal coordinator', expect: staffOnly(200) },
  { route: 'admin.user', path: '/fi/admin/users/{adminId}', name: 'an administrator', expect: staffOnly(404, 200) },
  { route: 'admin.user', path: '/fi/admin/users/{coordinatorId}', name: 'a coordinator', expect: staffOnly(404, 200) },
  { route: 'admin.user', path: '/fi/admin/users/999999999', name: 'unknown id', expect: staffOnly(404) },
  { route: 'admin.user', path: '/fi/admin/users/12abc', name: 'malformed id', expect: staffOnly(404) },
  {
    route: 'admin.user-update', method: 'POST', path: '/fi/admin/users/{victimId}', name: 'tutor to municipal coordinator',
    victim: TUTOR, form: { role: 'municipal-coordinator', municipality: '611' },
    expect: staffPost(to(/^\/fi\/admin\/users\/\d+\?done=saved$/)),
  },
  {
    route: 'admin.user-update', method: 'POST', path: '/fi/admin/users/{victimId}', name: 'tutor to coordinator',
    victim: TUTOR, form: { role: 'coordinator' },
    expect: staffPost(403, to(/^\/fi\/admin\/users\/\d+\?done=saved$/)),
  },
  {
    route: 'admin.user-update', method: 'POST', path: '/fi/admin/users/{victimId}', name: 'change an administrator',
    victim: { role: 'admin' }, form: { role: 'admin' },
    expect: staffPost(404, to(/^\/fi\/admin\/users\/\d+\?done=saved$/)),
  },
  {
    route: 'admin.user-update', method: 'POST', path: '/fi/admin/users/{victimId}', name: 'unknown role',
    victim: TUTOR, form: { role: 'wizard' }, expect: staffPost(400),
  },
  {
    route: 'admin.user-update', method: 'POST', path: '/fi/admin/users/999999999', name: 'unknown account',
    form: { role: 'supporter' }, expect: staffPost(404),
  },
  { route: 'admin.user-deactivate-confirm', path: '/fi/admin/users/{tutorId}/deactivate', expect: staffOnly(200) },
  { route: 'admin.user-deactivate-confirm', path: '/fi/admin/users/{adminId}/deactivate', name: 'an administrator', expect: staffOnly(404, 200) },
  { route: 'admin.user-deactivate-confirm', path: '/fi/admin/users/{selfId}/deactivate', name: 'oneself: said instead of the button', expect: staffOnly(404, 200) },
  { route: 'admin.user-deactivate-confirm', path: '/fi/admin/users/999999999/deactivate', name: 'unknown id', expect: staffOnly(404) },
  {
    route: 'admin.user-deactivate', method: 'POST', path: '/fi/admin/users/{victimId}/deactivate', name: 'a tutor',
    victim: TUTOR, form: {}, expect: staffPost(to(/^\/fi\/admin\/users\/\d+\?done=deactivated$/)),
  },
  {
    route: 'admin.user-deactivate', method: 'POST', path: '/fi/admin/users/{victimId}/deactivate', name: 'an administrator',
    victim: { role: 'admin' }, form: {}, expect: staffPost(404, to(/^\/fi\/admin\/users\/\d+\?done=deactivated$/)),
  },
  {
    // Nobody deactivates themself; to a coordinator their own account is
    // not one they manage.
    route: 'admin.user-deactivate', method: 'POST', path: '/fi/admin/users/{selfId}/deactivate', name: 'oneself',
    form: {}, expect: staffPost(404, 409),
  },
  {
    route: 'admin.user-activate', method: 'POST', path: '/fi/admin/users/{victimId}/activate', name: 'an active tutor',
    victim: TUTOR, form: {}, expect: staffPost(to(/^\/fi\/admin\/users\/\d+\?done=activated$/)),
  },
  {
    route: 'admin.user-activate', method: 'POST', path: '/fi/admin/users/{adminId}/activate', name: 'an administrator',
    form: {}, expect: staffPost(404, to(/^\/fi\/admin\/users\/\d+\?done=activated$/)),
  },
  {
    route: 'admin.user-reinvite', method: 'POST', path: '/fi/admin/users/{victimId}/reinvite', name: 'invited, no password',
    victim: { ...TUTOR, password: null }, form: {}, expect: staffPost(to(/^\/fi\/admin\/users\/\d+\?done=reinvited$/)),
  },
  {
    route: 'admin.user-reinvite', method: 'POST', path: '/fi/admin/users/{victimId}/reinvite', name: 'has a password',
    victim: TUTOR, form: {}, expect: staffPost(409),
  },

  // --- the audit log and the feedback ---
  { route: 'admin.audit', path: '/fi/admin/audit', expect: staffOnly(200) },
  {
    route: 'admin.audit', path: '/en/admin/audit?action=account.signin&from=2020-01-01&to=2099-12-31&after=4102444800.1',
    name: 'filtered', expect: staffOnly(200),
  },
  { route: 'admin.audit', path: '/fi/admin/audit?from=2023-02-30', name: 'bad date', expect: staffOnly(400) },
  { route: 'admin.feedback', path: '/fi/admin/feedback', expect: staffOnly(200) },
  { route: 'admin.feedback', path: '/fi/admin/feedback?page=0', name: 'bad page', expect: staffOnly(400) },
];
