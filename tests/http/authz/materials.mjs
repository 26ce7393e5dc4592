// Authorisation entries for the materials library (src/materials; format:
// ./index.mjs).  Ids are those of the demo materials (src/materials/demo.c):
// 1 public PDF, 2 public PNG, 3 on request, 4 registrants only, 5 staff
// only.  The demo materials belong to the demo coordinator, so of the
// identities here the region's coordinator and administrators may edit
// them; other accounts that may add materials get 404 for them.
//
// File requests ask for a range that does not start at the first byte:
// such a request is not a download and writes nothing, so the matrix's
// rule that a GET never writes holds (downloads and their log are tested
// in tests/http/materials.test.mjs).

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const staff = (anonymous, status) => ({ ...all(status), anonymous });
const adder = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const adderPost = (status) => ({ ...adder(status), anonymous: 403 });
const owner = (status, others) => ({
  anonymous: 'signin', supporter: 403, municipal: others, tutor: others, coordinator: status, admin: status, other: others,
});
const ownerPost = (status, others) => ({ ...owner(status, others), anonymous: 403 });
const RANGE = { range: 'bytes=1-9' };
const NO_TOKEN = 'A'.repeat(43);
const to = (re) => ({ status: 303, location: re });

const MATERIAL_1 = {
  title: 'Kuntien digituki – webinaarin diat',
  description: 'Webinaarin 6.10.2021 yhteiset diat: sparrauksen tavoitteet, kuntien kokemukset ja tutorien havainnot verkostotyöstä.',
  lang: 'fi', author: 'Uudenmaan digituki-hanke', licence: 'CC BY 4.0', topic: 'digital-support', access: 'public',
  library: '1', event: '1',
};

export const entries = [
  { route: 'materials.library', path: '/fi/materials', expect: all(200) },
  { route: 'materials.library', path: '/sv/materials?q=sisainen&type=pdf&sort=title', name: 'search', expect: all(200) },
  { route: 'materials.page', path: '/fi/materials/1', expect: all(200) },
  { route: 'materials.page', path: '/fi/materials/5', name: 'staff only', expect: staff(404, 200) },
  { route: 'materials.page', path: '/fi/materials/999999', name: 'unknown id', expect: all(404) },
  { route: 'materials.file', path: '/fi/materials/1/file', headers: RANGE, expect: all(206) },
  { route: 'materials.file', path: '/fi/materials/3/file', headers: RANGE, name: 'on request', expect: staff(403, 206) },
  { route: 'materials.file', path: '/fi/materials/4/file', headers: RANGE, name: 'registrants', expect: staff(403, 206) },
  { route: 'materials.file', path: '/fi/materials/5/file', headers: RANGE, name: 'staff only', expect: staff(404, 206) },
  { route: 'materials.version-file', path: '/fi/materials/1/versions/1/file', headers: RANGE, expect: all(206) },
  { route: 'materials.version-file', path: '/fi/materials/4/versions/1/file', headers: RANGE, name: 'registrants', expect: staff(403, 206) },
  { route: 'materials.version-file', path: '/fi/materials/1/versions/9/file', name: 'no such version', expect: all(404) },
  { route: 'materials.preview', path: '/fi/materials/2/preview', expect: all(200) },
  { route: 'materials.preview', path: '/fi/materials/3/preview', name: 'on request', expect: staff(403, 200) },
  { route: 'materials.request-form', path: '/fi/materials/3/request', expect: all(200) },
  { route: 'materials.request-form', path: '/fi/materials/1/request', name: 'public material', expect: all(404) },
  {
    route: 'materials.request', method: 'POST', path: '/fi/materials/3/request',
    form: { name: 'Testi Henkilö', organisation: 'Kirjasto', email: '{unique}@example.org', purpose: 'Opastukseen' },
    expect: all(to('/fi/materials/3/request/sent')),
  },
  {
    route: 'materials.request', method: 'POST', path: '/fi/materials/3/request', name: 'bad address',
    form: { name: 'Testi', email: 'not-an-address', purpose: 'x' }, expect: all(400),
  },
  { route: 'materials.request-sent', path: '/fi/materials/3/request/sent', expect: all(200) },
  { route: 'materials.access', path: `/fi/materials/access/${NO_TOKEN}`, expect: all(404) },
  { route: 'materials.access-file', path: `/fi/materials/access/${NO_TOKEN}/file`, expect: all(404) },
  { route: 'materials.registrant', path: `/fi/registrations/${NO_TOKEN}/materials`, expect: all(404) },
  { route: 'materials.registrant-file', path: `/fi/registrations/${NO_TOKEN}/materials/4/file`, expect: all(404) },

  { route: 'materials.new', path: '/fi/materials/new', expect: adder(200) },
  {
    route: 'materials.create', method: 'POST', path: '/fi/materials',
    form: { kind: 'link', url: 'https://video.example.fi/{unique}', title: 'Tallenne {unique}', lang: 'fi', access: 'public', library: '1' },
    expect: adderPost(to(/^\/fi\/materials\/\d+\?done=created$/)),
  },
  {
    route: 'materials.create', method: 'POST', path: '/fi/materials', name: 'unknown access',
    form: { kind: 'link', url: 'https://video.example.fi/x', title: 'X', lang: 'fi', access: 'everyone' },
    expect: adderPost(400),
  },
  { route: 'materials.queue', path: '/fi/materials/requests', expect: adder(200) },
  { route: 'materials.approve', method: 'POST', path: '/fi/materials/requests/999999/approve', expect: adderPost(404) },
  { route: 'materials.decline', method: 'POST', path: '/fi/materials/requests/999999/decline', expect: adderPost(404) },
  { route: 'materials.edit', path: '/fi/materials/1/edit', expect: owner(200, 404) },
  { route: 'materials.edit', path: '/fi/materials/5/edit', name: 'staff only', expect: owner(200, 404) },
  {
    route: 'materials.update', method: 'POST', path: '/fi/materials/1/edit', form: MATERIAL_1,
    expect: ownerPost(to('/fi/materials/1?done=saved'), 404),
  },
  {
    route: 'materials.update', method: 'POST', path: '/fi/materials/1/edit', name: 'no title',
    form: { ...MATERIAL_1, title: '' }, expect: ownerPost(400, 404),
  },
  {
    route: 'materials.version-add', method: 'POST', path: '/fi/materials/1/versions', name: 'no file',
    form: { note: 'x' }, expect: ownerPost(400, 404),
  },
];
