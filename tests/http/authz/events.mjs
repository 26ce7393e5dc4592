// Authorisation entries for the events module's own pages (src/events/
// pages.c, edit.c, agenda.c; format: ./index.mjs).
//
// The list, the archive and the page of a published public event are for
// everyone.  Organising (ACT_EVENTS) is for the region's coordinators and
// administrators: others get 403, anonymous GETs go to the sign-in page,
// anonymous POSTs are refused by the CSRF check (403).  The entries act on
// the demo's past webinar (event 1, 6.10.2021 9.00-11.30, agenda items
// 1-7, item 4 the break) with changes that are harmless to repeat or that
// are refused (publishing a published event, cancelling a past one), so
// the upcoming event 2, which the registration entries use, is left as
// it is.  Roles run in the order of ROLES: where the coordinator's change
// succeeds, the administrator's finds its result (a person on the item
// already: 400; removed already: 404).

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

// Event 1 as the demo has it, in the form's fields.
const EVENT1 = {
  kind: 'webinar', title_fi: 'Kuntien digituki', title_sv: 'Kommunernas digitala stöd',
  title_en: 'Digital support in municipalities', summary_fi: '', summary_sv: '', summary_en: '',
  description_fi: 'Sparrauksen päätöswebinaari.', description_sv: '', description_en: '',
  start_date: '2021-10-06', start_time: '09:00', end_date: '2021-10-06', end_time: '11:30',
  place: '', platform: 'Teams', join_url: '', organiser: 'Uudenmaan liitto, Uudenmaan digituki-hanke',
  audience: 'public', languages: 'fi', municipalities: '611', capacity: '', opens_date: '', opens_time: '',
  closes_date: '', closes_time: '', group_max: '1', offer_hours: '24', reminder_hours: '24',
  consent_fi: '', consent_sv: '', consent_en: '',
};
const NEW = {
  ...EVENT1, title_fi: 'Authz-testin tapahtuma {unique}', start_date: '2031-05-07', end_date: '2031-05-07',
  capacity: '20',
};
const BREAK = {
  kind: 'break', date: '2021-10-06', start: '10:10', end: '10:20', track: '1',
  title_fi: 'Tauko', title_sv: 'Paus', title_en: 'Break', description_fi: '', description_sv: '', description_en: '',
};

export const entries = [
  // --- public pages ---
  { route: 'events.list', path: '/fi/events', expect: everyone(200) },
  { route: 'events.list', path: '/en/events?municipality=091&type=webinar&language=fi', name: 'filtered', expect: everyone(200) },
  { route: 'events.list', path: '/sv/events?type=party', name: 'unknown type', expect: everyone(400) },
  { route: 'events.archive', path: '/fi/events/archive', expect: everyone(200) },
  { route: 'events.archive', path: '/fi/events/archive?after=0.0', name: 'bad page link', expect: everyone(400) },
  { route: 'events.page', path: '/fi/events/1', expect: everyone(200) },
  { route: 'events.page', path: '/en/events/999999', name: 'unknown event', expect: everyone(404) },
  { route: 'events.page', path: '/en/events/1x', name: 'malformed id', expect: everyone(404) },

  // --- the event form and its status ---
  { route: 'events.new', path: '/fi/events/new', expect: organiserGet(200) },
  {
    route: 'events.create', method: 'POST', path: '/fi/events', form: NEW,
    expect: organiserPost(to(/^\/fi\/events\/\d+\/agenda\?done=created$/)),
  },
  {
    route: 'events.create', method: 'POST', path: '/fi/events', name: 'end before start',
    form: { ...NEW, end_time: '08:00' }, expect: organiserPost(400),
  },
  { route: 'events.edit', path: '/fi/events/1/edit', expect: organiserGet(200) },
  { route: 'events.edit', path: '/fi/events/999999/edit', name: 'unknown event', expect: organiserGet(404) },
  {
    route: 'events.update', method: 'POST', path: '/fi/events/1/edit', form: EVENT1,
    expect: organiserPost(to('/fi/events/1/edit?done=saved')),
  },
  {
    route: 'events.update', method: 'POST', path: '/fi/events/1/edit', name: 'malformed date',
    form: { ...EVENT1, start_date: '6.10.2021' }, expect: organiserPost(400),
  },
  {
    route: 'events.publish', method: 'POST', path: '/fi/events/1/publish', name: 'published already',
    expect: organiserPost(409),
  },
  {
    route: 'events.publish', method: 'POST', path: '/fi/events/999999/publish', name: 'unknown event',
    expect: organiserPost(404),
  },
  // Destructive actions are asked on a page of their own (the GET of the
  // POST's address); it changes nothing.
  { route: 'events.cancel-confirm', path: '/fi/events/2/cancel', expect: organiserGet(200) },
  { route: 'events.cancel-confirm', path: '/fi/events/1/cancel', name: 'a past event: said instead of the button', expect: organiserGet(200) },
  { route: 'events.cancel-confirm', path: '/fi/events/999999/cancel', name: 'unknown event', expect: organiserGet(404) },
  {
    route: 'events.cancel', method: 'POST', path: '/fi/events/2/cancel', name: 'without the confirmation',
    expect: organiserPost(400),
  },
  {
    route: 'events.cancel', method: 'POST', path: '/fi/events/1/cancel', name: 'a past event',
    form: { confirm: '1' }, expect: organiserPost(409),
  },

  // --- the agenda ---
  { route: 'events.agenda', path: '/fi/events/1/agenda', expect: organiserGet(200) },
  { route: 'events.agenda', path: '/fi/events/999999/agenda', name: 'unknown event', expect: organiserGet(404) },
  {
    route: 'events.agenda-add', method: 'POST', path: '/fi/events/1/agenda',
    name: 'a parallel item on track 3 (the second time it overlaps the first)',
    form: { ...BREAK, kind: 'workshop', track: '3', title_fi: 'Rinnakkainen työpaja', start: '10:00', end: '10:30' },
    expect: organiserPost(to(/^\/fi\/events\/1\/agenda\?done=added#item-\d+$/), 400),
  },
  {
    route: 'events.agenda-add', method: 'POST', path: '/fi/events/1/agenda', name: 'overlapping the break',
    form: { ...BREAK, start: '10:15', end: '10:25' }, expect: organiserPost(400),
  },
  {
    route: 'events.agenda-update', method: 'POST', path: '/fi/events/1/agenda/4', name: 'the break as it is',
    form: BREAK, expect: organiserPost(to('/fi/events/1/agenda?done=saved#item-4')),
  },
  {
    route: 'events.agenda-update', method: 'POST', path: '/fi/events/1/agenda/4', name: 'outside the event',
    form: { ...BREAK, start: '11:25', end: '11:45' }, expect: organiserPost(400),
  },
  {
    route: 'events.agenda-update', method: 'POST', path: '/fi/events/2/agenda/4', name: "another event's item",
    form: BREAK, expect: organiserPost(404),
  },
  {
    route: 'events.agenda-move', method: 'POST', path: '/fi/events/1/agenda/1/move', name: 'the first item earlier',
    form: { direction: 'earlier' }, expect: organiserPost(409),
  },
  {
    route: 'events.agenda-move', method: 'POST', path: '/fi/events/1/agenda/1/move', name: 'no direction',
    form: { direction: 'up' }, expect: organiserPost(400),
  },
  { route: 'events.agenda-delete-confirm', path: '/fi/events/1/agenda/4/delete', expect: organiserGet(200) },
  { route: 'events.agenda-delete-confirm', path: '/fi/events/1/agenda/999999/delete', name: 'unknown item', expect: organiserGet(404) },
  {
    route: 'events.agenda-delete', method: 'POST', path: '/fi/events/1/agenda/999999/delete', name: 'unknown item',
    expect: organiserPost(404),
  },
  {
    route: 'events.person-add', method: 'POST', path: '/fi/events/1/agenda/4/people',
    name: 'a speaker on the break (the second time: on it already)',
    form: { person: '1', role: 'speaker', position: '' },
    expect: organiserPost(to('/fi/events/1/agenda?done=person-added#item-4'), 400),
  },
  {
    route: 'events.person-remove-confirm', path: '/fi/events/1/agenda/4/people/remove?person=1',
    name: 'the speaker just added', expect: organiserGet(200),
  },
  {
    route: 'events.person-remove-confirm', path: '/fi/events/1/agenda/4/people/remove?person=999999',
    name: 'not on the item', expect: organiserGet(404),
  },
  {
    route: 'events.person-remove', method: 'POST', path: '/fi/events/1/agenda/4/people/remove',
    name: 'the same speaker off the break (the second time: gone)',
    form: { person: '1' }, expect: organiserPost(to('/fi/events/1/agenda?done=person-removed#item-4'), 404),
  },
];
