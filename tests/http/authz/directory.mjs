// Authorisation entries for the directory of service points (src/directory;
// format: ./index.mjs).
//
// The search and a point's page are public.  Maintaining points
// (ACT_DIRECTORY) is for supporters (only the points in their scope: the
// shared supporter has none, so every point is 404 to them and they may
// not add one), municipal coordinators (their municipality's points:
// point 19 of the demo is in Pornainen, 611), coordinators of the region
// and administrators; tutors get 403 and anonymous GETs go to sign in.
// A municipality's widget colours are set by those who edit the
// municipality (SCOPE_EDITED): not supporters, nor the other
// municipality's coordinator.

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const get = (staff, { supporter = staff, other = staff } = {}) => ({
  anonymous: 'signin', supporter, municipal: staff, tutor: 403, coordinator: staff, admin: staff, other,
});
const change = (ok, { supporter = 403, other = ok } = {}) => ({
  anonymous: 403, supporter, municipal: ok, tutor: 403, coordinator: ok, admin: ok, other,
});
const to = (re) => ({ status: 303, location: re });

const POINT = {
  name_fi: 'Testipiste {unique}', name_sv: '', name_en: '', summary_fi: '', summary_sv: '', summary_en: '',
  description_fi: '', description_sv: '', description_en: '', costs_fi: '', costs_sv: '', costs_en: '',
  booking_fi: '', booking_sv: '', booking_en: '', organisation: '', status: 'active', municipality: '611',
  street: '', postcode: '', post_office: '', lat: '', lon: '', phone: '', email: '', web: '', languages: 'fi',
  exceptions: '', week_1: '10-12', week_2: '', week_3: '', week_4: '', week_5: '', week_6: '', week_7: '',
  appt_1: '', appt_2: '', appt_3: '', appt_4: '', appt_5: '', appt_6: '', appt_7: '',
};

// An HSDS id of another installation (ours are made from base_url, so a
// test cannot write one here: tests/http/directory-hsds.test.mjs reads
// them from the lists).
const FOREIGN = 'ac148810-d857-441c-9679-408f346de14b';

export const entries = [
  // --- open data (HSDS 3.0): public, the same for everyone ---
  { route: 'directory.hsds', path: '/api/hsds', expect: all(200) },
  { route: 'directory.hsds-services', path: '/api/hsds/services?per_page=5', expect: all(200) },
  { route: 'directory.hsds-services', path: '/api/hsds/services?page=0', name: 'page 0', expect: all(400) },
  { route: 'directory.hsds-service', path: `/api/hsds/services/${FOREIGN}`, name: 'foreign id', expect: all(404) },
  { route: 'directory.hsds-sals', path: '/api/hsds/service_at_locations?lang=sv', expect: all(200) },
  { route: 'directory.hsds-sal', path: `/api/hsds/service_at_locations/${FOREIGN}`, name: 'foreign id', expect: all(404) },
  // --- CSV export and import: coordinators and administrators ---
  {
    route: 'directory.export', path: '/fi/staff/directory/points.csv',
    expect: { anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: 200, admin: 200, other: 403 },
  },
  {
    route: 'directory.import-form', path: '/fi/staff/directory/import',
    expect: { anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: 200, admin: 200, other: 403 },
  },
  {
    route: 'directory.import', method: 'POST', path: '/fi/staff/directory/import', form: {}, name: 'no file',
    expect: { anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator: 400, admin: 400, other: 403 },
  },
  // --- public ---
  // --- the embeddable widget: public; its colours set by who edits the municipality ---
  { route: 'directory.widget', path: '/fi/directory/widget?municipality=611', expect: all(200) },
  { route: 'directory.widget', path: '/fi/directory/widget?municipality=999', name: 'unknown municipality', expect: all(400) },
  { route: 'directory.widget-style', path: '/directory/widget-style/611?v=00000000', expect: all(200) },
  { route: 'directory.widget-style', path: '/directory/widget-style/999', name: 'unknown municipality', expect: all(404) },
  { route: 'directory.widget-edit', path: '/fi/staff/directory/widget/611', expect: get(200, { supporter: 404, other: 404 }) },
  {
    route: 'directory.widget-save', method: 'POST', path: '/fi/staff/directory/widget/611',
    form: { accent: '#0000bf', accent_text: '#ffffff' },
    expect: change(to(/^\/fi\/staff\/directory\/widget\/611\?done=saved$/), { supporter: 404, other: 404 }),
  },
  {
    route: 'directory.widget-save', method: 'POST', path: '/fi/staff/directory/widget/611', name: 'too little contrast',
    form: { accent: '#ffff00', accent_text: '#ffffff' }, expect: change(400, { supporter: 404, other: 404 }),
  },
  { route: 'directory.search', path: '/fi/directory', expect: all(200) },
  { route: 'directory.search', path: '/sv/directory?q=bank&open=now&sort=name', name: 'text and filters', expect: all(200) },
  { route: 'directory.search', path: '/fi/directory?topic=nope', name: 'unknown topic', expect: all(400) },
  { route: 'directory.search', path: '/en/directory?page=999', name: 'a page past the last', expect: all(404) },
  { route: 'directory.page', path: '/fi/directory/19', expect: all(200) },
  { route: 'directory.page', path: '/fi/directory/999999', name: 'unknown id', expect: all(404) },
  { route: 'directory.page', path: '/fi/directory/x1', name: 'malformed id', expect: all(404) },

  // --- maintaining ---
  { route: 'directory.manage', path: '/fi/staff/directory', expect: get(200) },
  { route: 'directory.new', path: '/fi/staff/directory/new', expect: get(200, { supporter: 403 }) },
  {
    route: 'directory.create', method: 'POST', path: '/fi/staff/directory', form: POINT,
    expect: change(to(/^\/fi\/staff\/directory\/\d+\?done=created$/), { other: 400 }),
  },
  {
    route: 'directory.create', method: 'POST', path: '/fi/staff/directory', name: 'no name',
    form: { ...POINT, name_fi: '' }, expect: change(400),
  },
  { route: 'directory.edit', path: '/fi/staff/directory/19', expect: get(200, { supporter: 404, other: 404 }) },
  { route: 'directory.edit', path: '/fi/staff/directory/999999', name: 'unknown id', expect: get(404) },
  {
    route: 'directory.update', method: 'POST', path: '/fi/staff/directory/19',
    form: { ...POINT, name_fi: 'Pornaisten digituki {unique}' },
    expect: change(to(/^\/fi\/staff\/directory\/19\?done=saved$/), { supporter: 404, other: 404 }),
  },
];
