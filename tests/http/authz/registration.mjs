// Authorisation entries for registration (src/events/register_pages.c,
// registrants.c, questions.c; format: ./index.mjs).
//
// The form and the registrant's pages are public: the secret link is the
// key, so an unknown or malformed link is 404 for everyone, signed in or
// not.  The registrants list and the questions editor are for organisers
// of the event's region (ACT_EVENTS): coordinators and administrators;
// others get 403, anonymous GETs go to the sign-in page and anonymous
// POSTs are refused by the CSRF check (403) before the policy, as for
// every protected form.  Changes that succeed are harmless to repeat:
// every identity sends the same submission id (bound to its own CSRF
// token, so each makes its own registration) with an address of its own
// (an address holds one active registration per event), and questions
// are added to the demo's past event 1, which takes no registrations.

const to = (re) => ({ status: 303, location: re });
const everyone = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const organiserGet = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const organiserPost = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});

const UNKNOWN = 'A'.repeat(43);
// A submission id of the form's shape, the same for every identity.
const SUBMISSION = 'authzRegistrationSubmission0000000000000001';
const VALID = {
  submission: SUBMISSION, name: 'Authz Testaaja', email: 'authz.registration.{unique}@example.org',
  group_size: '1', 'q-1': 'yes', consent: '1',
};
const QUESTION = { kind: 'yesno', label_fi: 'Tuletko paikan päälle?', label_sv: '', label_en: '', choices: '', required: '' };

export const entries = [
  // --- the form ---
  { route: 'registration.form', path: '/fi/events/2/register', expect: everyone(200) },
  { route: 'registration.form', path: '/sv/events/1/register', name: 'event without registration', expect: everyone(200) },
  { route: 'registration.form', path: '/fi/events/999999/register', name: 'unknown event', expect: everyone(404) },
  { route: 'registration.form', path: '/fi/events/x/register', name: 'malformed id', expect: everyone(404) },
  {
    route: 'registration.submit', method: 'POST', path: '/fi/events/2/register', name: 'valid: one registration for all',
    form: VALID, expect: everyone(to(/^\/fi\/registrations\/[A-Za-z0-9_-]{43}$/)),
  },
  {
    route: 'registration.submit', method: 'POST', path: '/fi/events/2/register', name: 'mistakes',
    form: { ...VALID, submission: 'authzRegistrationSubmission0000000000000002', name: '', email: 'x' }, expect: everyone(400),
  },
  {
    route: 'registration.submit', method: 'POST', path: '/fi/events/2/register', name: 'no submission id',
    form: { ...VALID, submission: '' }, expect: everyone(400),
  },
  {
    route: 'registration.submit', method: 'POST', path: '/fi/events/1/register', name: 'event without registration',
    form: { ...VALID, submission: 'authzRegistrationSubmission0000000000000003' }, expect: everyone(409),
  },
  {
    route: 'registration.submit', method: 'POST', path: '/fi/events/999999/register', name: 'unknown event',
    form: VALID, expect: everyone(404),
  },

  // --- the registrant's pages: the link is the key ---
  { route: 'registration.view', path: `/fi/registrations/${UNKNOWN}`, expect: everyone(404) },
  { route: 'registration.view', path: '/fi/registrations/short', name: 'malformed link', expect: everyone(404) },
  {
    route: 'registration.change', method: 'POST', path: `/fi/registrations/${UNKNOWN}`,
    form: { name: 'X', organisation: '', group_size: '1' }, expect: everyone(404),
  },
  { route: 'registration.cancel-form', path: `/fi/registrations/${UNKNOWN}/cancel`, expect: everyone(404) },
  { route: 'registration.cancel', method: 'POST', path: `/fi/registrations/${UNKNOWN}/cancel`, expect: everyone(404) },
  { route: 'registration.accept', method: 'POST', path: `/fi/registrations/${UNKNOWN}/accept`, expect: everyone(404) },
  { route: 'registration.decline-confirm', path: `/en/registrations/${UNKNOWN}/decline`, expect: everyone(404) },
  { route: 'registration.decline', method: 'POST', path: `/en/registrations/${UNKNOWN}/decline`, expect: everyone(404) },

  // --- organisers ---
  { route: 'registration.registrants', path: '/fi/events/2/registrants', expect: organiserGet(200) },
  { route: 'registration.registrants', path: '/fi/events/999999/registrants', name: 'unknown event', expect: organiserGet(404) },
  {
    route: 'registration.registrant-cancel-confirm', path: '/fi/events/2/registrants/999999/cancel',
    name: 'unknown registration', expect: organiserGet(404),
  },
  {
    route: 'registration.registrant-cancel', method: 'POST', path: '/fi/events/2/registrants/999999/cancel',
    name: 'unknown registration', expect: organiserPost(404),
  },
  { route: 'registration.questions', path: '/fi/events/2/questions', expect: organiserGet(200) },
  {
    route: 'registration.question-add', method: 'POST', path: '/fi/events/1/questions',
    form: QUESTION, expect: organiserPost(to('/fi/events/1/questions?done=added')),
  },
  {
    route: 'registration.question-add', method: 'POST', path: '/fi/events/1/questions', name: 'no question text',
    form: { ...QUESTION, label_fi: '' }, expect: organiserPost(400),
  },
  {
    route: 'registration.question-edit', method: 'POST', path: '/fi/events/1/questions/1', name: 'question of another event',
    form: QUESTION, expect: organiserPost(404),
  },
  {
    route: 'registration.question-edit', method: 'POST', path: '/fi/events/2/questions/1', name: 'the same text again',
    form: {
      kind: 'yesno', label_fi: 'Annatko itse digitukea asiakkaille?', label_sv: 'Ger du själv digitalt stöd till kunder?',
      label_en: 'Do you give digital support to customers yourself?', choices: '', required: '1', position: '1',
    },
    expect: organiserPost(to('/fi/events/2/questions?done=saved')),
  },
  { route: 'registration.question-delete-confirm', path: '/fi/events/2/questions/1/delete', expect: organiserGet(200) },
  {
    route: 'registration.question-delete-confirm', path: '/fi/events/2/questions/999999/delete',
    name: 'unknown question', expect: organiserGet(404),
  },
  {
    route: 'registration.question-delete', method: 'POST', path: '/fi/events/2/questions/999999/delete',
    name: 'unknown question', expect: organiserPost(404),
  },
];
