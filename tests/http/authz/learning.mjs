// Authorisation entries for the badges (src/learning; format: ./index.mjs).
//
// The machine-readable documents are public: everyone gets the same
// answer.  An award is named by a random UUID, different in every demo
// database, so the entries for one award use a UUID that names none (404
// for everyone); tests/http/badges.test.mjs reads the demo's own.
// Achievement 1 is the demo's "Digituen perusteet"; its award 1 is valid
// and award 4 revoked.  Making achievements, awarding and revoking
// (ACT_BADGES) is for network coordinators (their region) and
// administrators; every signed-in account has its own badges page.

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const NONE = '00000000-0000-4000-8000-000000000000';
const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const account = (status) => ({
  anonymous: 'signin', supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const to = (re) => ({ status: 303, location: re });

const ACH = {
  name_fi: 'Merkki {unique}', description_fi: 'Kuvaus.', criteria_fi: 'Kriteerit.',
  name_sv: '', description_sv: '', criteria_sv: '', name_en: '', description_en: '', criteria_en: '',
  kind: 'Badge', tags_fi: 'testi', tags_sv: '', tags_en: '', image: 'generate',
  align_name_1: '', align_url_1: '', align_framework_1: '', align_code_1: '',
  align_name_2: '', align_url_2: '', align_framework_2: '', align_code_2: '',
  align_name_3: '', align_url_3: '', align_framework_3: '', align_code_3: '',
};
const AWARD = { name: 'Testi Saaja', email: 'saaja.{unique}@example.fi', lang: 'fi', narrative: '', evidence: '' };

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

  // --- pages for people ---
  { route: 'badges.verify', path: `/fi/badges/${NONE}`, expect: all(404) },
  { route: 'badges.verify', path: '/fi/badges/1', name: 'a row id is not a UUID', expect: all(404) },
  { route: 'badges.earner', path: '/sv/badges/earners/AAAAAAAAAAAAAAAAAAAAAA', expect: all(404) },
  { route: 'badges.mine', path: '/fi/account/badges', expect: account(200) },
  {
    route: 'badges.consent', method: 'POST', path: '/fi/account/badges', form: { consent: 'give' },
    expect: { ...account(to('/fi/account/badges?done=given')), anonymous: 403 },
  },
  {
    route: 'badges.consent', method: 'POST', path: '/en/account/badges', name: 'no choice', form: {},
    expect: { ...account(400), anonymous: 403 },
  },
  { route: 'badges.withdraw-confirm', path: '/sv/account/badges/withdraw', expect: account(200) },
  {
    route: 'badges.withdraw', method: 'POST', path: '/fi/account/badges/withdraw',
    expect: { ...account(to('/fi/account/badges?done=withdrawn')), anonymous: 403 },
  },

  // --- staff ---
  { route: 'badges.manage', path: '/fi/staff/badges', expect: get(200) },
  { route: 'badges.new', path: '/sv/staff/badges/new', expect: get(200) },
  {
    route: 'badges.create', method: 'POST', path: '/fi/staff/badges', form: ACH,
    expect: change(to(/^\/fi\/staff\/badges\/\d+\?done=created$/)),
  },
  {
    route: 'badges.create', method: 'POST', path: '/fi/staff/badges', name: 'no language version',
    form: { ...ACH, name_fi: '', description_fi: '', criteria_fi: '' }, expect: change(400),
  },
  { route: 'badges.edit', path: '/fi/staff/badges/1', expect: get(200) },
  { route: 'badges.edit', path: '/fi/staff/badges/999999', name: 'unknown id', expect: get(404) },
  {
    // Awards are written in all three languages: they stay.
    route: 'badges.update', method: 'POST', path: '/fi/staff/badges/1',
    form: {
      ...ACH, name_fi: 'Digituen perusteet', image: 'keep',
      name_sv: 'Grunderna i digitalt stöd', description_sv: 'Beskrivning.', criteria_sv: 'Kriterier.',
      name_en: 'Digital support basics', description_en: 'Description.', criteria_en: 'Criteria.',
    },
    expect: change(to('/fi/staff/badges/1?done=saved')),
  },
  {
    route: 'badges.update', method: 'POST', path: '/fi/staff/badges/1', name: 'a language awards use removed',
    form: { ...ACH, name_fi: 'Digituen perusteet', image: 'keep' }, expect: change(400),
  },
  {
    route: 'badges.update', method: 'POST', path: '/fi/staff/badges/999999', name: 'unknown id', form: ACH,
    expect: change(404),
  },
  { route: 'badges.award-form', path: '/en/staff/badges/1/award', expect: get(200) },
  { route: 'badges.award-form', path: '/en/staff/badges/999999/award', name: 'unknown id', expect: get(404) },
  {
    route: 'badges.award', method: 'POST', path: '/fi/staff/badges/1/award', form: AWARD,
    expect: change(to(/^\/fi\/badges\/[0-9a-f-]{36}\?done=awarded$/)),
  },
  {
    route: 'badges.award', method: 'POST', path: '/fi/staff/badges/1/award', name: 'no address',
    form: { ...AWARD, email: '' }, expect: change(400),
  },
  { route: 'badges.revoke-form', path: '/fi/staff/badges/awards/1/revoke', expect: get(200) },
  { route: 'badges.revoke-form', path: '/fi/staff/badges/awards/999999/revoke', name: 'unknown id', expect: get(404) },
  {
    route: 'badges.revoke', method: 'POST', path: '/fi/staff/badges/awards/4/revoke', name: 'revoked already',
    form: { reason: 'Uudelleen.' }, expect: change(409),
  },
  {
    // The coordinator revokes it; for the administrator it is revoked by then.
    route: 'badges.revoke', method: 'POST', path: '/fi/staff/badges/awards/1/revoke', form: { reason: 'Testi.' },
    expect: change(to(/^\/fi\/badges\/[0-9a-f-]{36}\?done=revoked$/), 409),
  },
];
