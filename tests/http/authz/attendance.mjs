// Authorisation entries for calendars, attendance, the feedback survey and
// the exports (src/events/calendar.c, attendance_pages.c,
// feedback_survey.c; format: ./index.mjs).
//
// Calendars are public (drafts and network-only events follow
// event_visible(); tests/http/calendar.test.mjs covers those).  The
// registrant's routes take the secret of a registration's link, so they
// are the same for every identity: the demo has no registrations, and an
// unknown token is 404 for all.  Attendance, check-in, the report import,
// the exports and the feedback results are for organisers (ACT_EVENTS:
// coordinators and administrators); others get 403 and anonymous GETs go
// to the sign-in page.  Event 1 is the demo's 2021 webinar.

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status,
  admin: status, other: status,
});
const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (status) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const TOKEN = 'A'.repeat(43);
const CODE = '0000000000';

export const entries = [
  { route: 'events.calendar', path: '/fi/events/2/calendar.ics', expect: all(200) },
  { route: 'events.calendar', path: '/en/events/999999/calendar.ics', name: 'unknown event', expect: all(404) },
  { route: 'events.calendar', path: '/sv/events/2x/calendar.ics', name: 'malformed id', expect: all(404) },
  { route: 'events.feed', path: '/fi/events.ics', expect: all(200) },
  { route: 'events.municipality-feed', path: '/sv/municipalities/611/events.ics', expect: all(200) },
  { route: 'events.municipality-feed', path: '/fi/municipalities/999/events.ics', name: 'unknown municipality', expect: all(404) },
  { route: 'registration.calendar', path: `/fi/registrations/${TOKEN}/calendar.ics`, name: 'unknown token', expect: all(404) },
  { route: 'registration.qr', path: `/fi/registrations/${TOKEN}/qr.svg`, name: 'unknown token', expect: all(404) },
  { route: 'registration.qr', path: '/fi/registrations/short/qr.svg', name: 'malformed token', expect: all(404) },
  { route: 'registration.feedback-form', path: `/fi/registrations/${TOKEN}/feedback`, name: 'unknown token', expect: all(404) },
  {
    route: 'registration.feedback', method: 'POST', path: `/fi/registrations/${TOKEN}/feedback`,
    name: 'unknown token', form: { rating: '5', recommend: '10', comment: 'x' }, expect: all(404),
  },
  { route: 'events.attendance', path: '/fi/events/1/attendance', expect: get(200) },
  { route: 'events.attendance', path: '/fi/events/1/attendance?q=m%C3%A4ki', name: 'name search', expect: get(200) },
  { route: 'events.attendance', path: '/en/events/999999/attendance', name: 'unknown event', expect: get(404) },
  { route: 'events.checkin-page', path: `/fi/events/1/checkin/${CODE}`, name: 'unknown code', expect: get(404) },
  {
    route: 'events.checkin', method: 'POST', path: `/fi/events/1/checkin/${CODE}`, name: 'unknown code',
    form: {}, expect: change(404),
  },
  {
    route: 'events.checkin', method: 'POST', path: '/fi/events/1/checkin/bad', name: 'malformed code',
    form: { undo: '1' }, expect: change(404),
  },
  {
    route: 'events.attendance-upload', method: 'POST', path: '/fi/events/1/attendance/import',
    name: 'no file', form: {}, expect: change(400),
  },
  {
    route: 'events.attendance-upload', method: 'POST', path: '/fi/events/999999/attendance/import',
    name: 'unknown event', form: {}, expect: change(404),
  },
  { route: 'events.attendance-mapping', path: '/fi/events/1/attendance/import/999999', name: 'unknown upload', expect: get(404) },
  {
    route: 'events.attendance-import', method: 'POST', path: '/fi/events/1/attendance/import/999999',
    name: 'unknown upload', form: { email: '0', name: 'none' }, expect: change(404),
  },
  { route: 'events.export-registrants', path: '/fi/events/1/registrants.csv', expect: get(200) },
  { route: 'events.export-attendance', path: '/en/events/1/attendance.csv', expect: get(200) },
  { route: 'events.feedback-results', path: '/sv/events/1/feedback', expect: get(200) },
  { route: 'events.feedback-results', path: '/fi/events/999999/feedback', name: 'unknown event', expect: get(404) },
];
