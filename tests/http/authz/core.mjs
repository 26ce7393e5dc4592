// Authorisation entries for the public site, the sign-in pages, the
// account and staff pages and the API (format: ./index.mjs).

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status,
  coordinator: status, admin: status, other: status,
});
// Any signed-in account: `status`; anonymous: `anon`.
const signedIn = (status, anon = 'signin') => ({ ...all(status), anonymous: anon });

const PW = 'a long enough new password';

export const entries = [
  // --- site-wide ---
  { route: 'root', path: '/', headers: { 'accept-language': 'fi' }, expect: all({ status: 302, location: '/fi/' }) },
  { route: 'healthz', path: '/healthz', expect: all(200) },
  { route: 'static', path: '/static/css/site.css', expect: all(200) },
  { route: 'static', path: '/static/css/missing.css', name: 'static: no such file', expect: all(404) },
  { route: 'lang', path: '/fi', expect: all({ status: 301, location: '/fi/' }) },
  {
    route: 'metrics', path: '/metrics',
    expect: { anonymous: 401, supporter: 403, municipal: 403, tutor: 403, coordinator: 403, admin: 200, other: 403 },
  },

  // --- public network pages ---
  { route: 'network.front', path: '/fi/', expect: all(200) },
  { route: 'network.front', path: '/sv/', expect: all(200) },
  { route: 'network.municipalities', path: '/en/municipalities', expect: all(200) },
  { route: 'network.municipality', path: '/fi/municipalities/611', expect: all(200) },
  { route: 'network.municipality', path: '/fi/municipalities/999', expect: all(404) },

  // --- accessibility feedback ---
  { route: 'feedback.page', path: '/fi/accessibility', expect: all(200) },
  { route: 'privacy.notice', path: '/fi/privacy', expect: all(200) },
  {
    route: 'feedback.submit', method: 'POST', path: '/fi/accessibility',
    form: { message: 'The contrast of the footer is too low ({unique}).', page: '/fi/', contact: '' },
    expect: all({ status: 303, location: '/fi/accessibility/thanks' }),
  },
  {
    route: 'feedback.submit', method: 'POST', path: '/fi/accessibility', name: 'feedback: empty message',
    form: { message: '', page: '', contact: '' }, expect: all(400),
  },
  { route: 'feedback.thanks', path: '/fi/accessibility/thanks', expect: all(200) },

  // --- signing in and out ---
  {
    route: 'auth.signin-form', path: '/fi/signin',
    expect: { ...all({ status: 303, location: '/fi/staff' }), anonymous: 200 },
  },
  {
    route: 'auth.signin', method: 'POST', path: '/fi/signin', name: 'sign-in with a wrong password',
    form: { email: '{unique}@example.fi', password: 'not the password' }, expect: all(400),
  },
  {
    route: 'auth.signin', method: 'POST', path: '/fi/signin', name: 'sign-in as another account', fresh: true,
    form: { email: '{victimEmail}', password: '{victimPassword}' },
    expect: all({ status: 303, location: '/fi/staff' }),
  },
  {
    route: 'auth.signout', method: 'POST', path: '/fi/signout', fresh: true,
    expect: all({ status: 303, location: '/fi/' }),
  },
  { route: 'auth.signout', method: 'GET', path: '/fi/signout', name: 'sign-out by GET', expect: all(405) },

  // --- passwords ---
  { route: 'auth.forgot-form', path: '/fi/password/forgot', expect: all(200) },
  {
    route: 'auth.forgot', method: 'POST', path: '/fi/password/forgot', name: 'reset for an unknown address',
    form: { email: '{unique}@example.fi' }, expect: all({ status: 303, location: '/fi/password/forgot/sent' }),
  },
  {
    route: 'auth.forgot', method: 'POST', path: '/fi/password/forgot', name: 'reset for a known address',
    form: { email: '{victimEmail}' }, expect: all({ status: 303, location: '/fi/password/forgot/sent' }),
  },
  { route: 'auth.forgot-sent', path: '/fi/password/forgot/sent', expect: all(200) },
  { route: 'auth.set-form', path: '/fi/password/set?token={inviteToken}', expect: all(200) },
  { route: 'auth.set-form', path: '/fi/password/set?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', name: 'set-form: unknown token', expect: all(410) },
  {
    route: 'auth.set', method: 'POST', path: '/fi/password/set',
    form: { token: '{inviteToken}', password: PW, password2: PW },
    expect: all({ status: 303, location: '/fi/signin?done=password' }),
  },
  {
    route: 'auth.set', method: 'POST', path: '/fi/password/set', name: 'set: unknown token',
    form: { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', password: PW, password2: PW }, expect: all(410),
  },
  {
    route: 'auth.set', method: 'POST', path: '/fi/password/set', name: 'set: passwords differ',
    form: { token: '{inviteToken}', password: PW, password2: `${PW}!` }, expect: all(400),
  },

  // --- the account page ---
  { route: 'account.page', path: '/fi/account', expect: signedIn(200) },
  { route: 'account.page', method: 'PUT', path: '/fi/account', name: 'account: PUT', expect: all(405) },
  {
    route: 'account.signout-all', method: 'POST', path: '/fi/account/signout-all', fresh: true,
    expect: signedIn({ status: 303, location: '/fi/signin' }, 403),
  },
  {
    route: 'account.token-create', method: 'POST', path: '/fi/account/tokens',
    form: { name: 'token {unique}', scope: 'read' }, expect: signedIn(200, 403),
  },
  {
    route: 'account.token-create', method: 'POST', path: '/fi/account/tokens', name: 'token-create: bad scope',
    form: { name: 'token {unique}', scope: 'admin' }, expect: signedIn(400, 403),
  },
  { route: 'account.token-revoke-confirm', path: '/fi/account/tokens/{ownTokenId}/revoke', expect: signedIn(200) },
  {
    route: 'account.token-revoke-confirm', path: '/fi/account/tokens/{foreignTokenId}/revoke',
    name: "token-revoke-confirm: another account's token", expect: signedIn(404),
  },
  {
    route: 'account.token-revoke', method: 'POST', path: '/fi/account/tokens/{ownTokenId}/revoke',
    expect: signedIn({ status: 303, location: '/fi/account?done=revoked' }, 403),
  },
  {
    route: 'account.token-revoke', method: 'POST', path: '/fi/account/tokens/{foreignTokenId}/revoke',
    name: "token-revoke: another account's token", expect: signedIn(404, 403),
  },
  {
    route: 'account.token-revoke', method: 'POST', path: '/fi/account/tokens/x1/revoke',
    name: 'token-revoke: not a number', expect: signedIn(404, 403),
  },

  // --- staff pages ---
  { route: 'staff.home', path: '/fi/staff', expect: signedIn(200) },
  {
    route: 'staff.municipality', path: '/fi/staff/municipalities/611', name: 'staff: Pornainen (611)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 200, tutor: 200, coordinator: 200, admin: 200, other: 404 },
  },
  {
    route: 'staff.municipality', path: '/sv/staff/municipalities/858', name: 'staff: Tuusula (858)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 200, coordinator: 200, admin: 200, other: 404 },
  },
  {
    route: 'staff.municipality', path: '/en/staff/municipalities/224', name: 'staff: Karkkila (224)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 404, coordinator: 200, admin: 200, other: 200 },
  },
  {
    route: 'staff.municipality', path: '/fi/staff/municipalities/999', name: 'staff: no such municipality',
    expect: signedIn(404),
  },

  // --- the opt-out link of reminder mail: the signed token is the key ---
  { route: 'account.unsubscribe', path: `/fi/unsubscribe/1.${'A'.repeat(43)}`, name: 'unknown link', expect: all(404) },
  { route: 'account.unsubscribe', path: '/fi/unsubscribe/short', name: 'malformed link', expect: all(404) },
  {
    route: 'account.unsubscribe-post', method: 'POST', path: `/fi/unsubscribe/1.${'A'.repeat(43)}`, name: 'unknown link',
    form: {}, expect: all(404),
  },

  // --- API ---
  { route: 'api.me', path: '/api/v1/me', expect: signedIn(200, 401) },
  { route: 'api.openapi', path: '/api/openapi.json', expect: all(200) },
];
