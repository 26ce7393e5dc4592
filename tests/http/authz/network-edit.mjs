// Authorisation entries for the write side of the network
// (src/network/edit.c; format: ./index.mjs).
//
// Organisations and people (ACT_NETWORK): only network coordinators and
// administrators; everyone else gets 403 and anonymous GETs go to the
// sign-in page.  A municipality's support description (ACT_ACCOUNT):
// its municipal coordinator, the region's coordinators and
// administrators; any other account gets 404, as for a page that does not
// exist.  Ids are those of the demo data: organisation 3 is Pornaisten
// kirjasto (Pornainen, 611), to which person 3, Sanna Kuvitelma, belongs.

const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const to = (re) => ({ status: 303, location: re });

const LIBRARY = {
  kind: 'library', name_fi: 'Pornaisten kirjasto', name_sv: 'Borgnäs bibliotek', name_en: 'Pornainen Library',
  municipality: '611', website: 'https://www.example.fi/kirjasto',
};
const SANNA = {
  name: 'Sanna Kuvitelma', title_fi: 'tietoasiantuntija', title_sv: 'informationsspecialist',
  title_en: 'information specialist', organisation: '3', email: '', public: '1',
  'role-0': 'municipal-coordinator', 'role-municipality-0': '611',
};
const SUPPORT = {
  support_fi: 'Kirjastossa saa apua **puhelimen**, tabletin ja tietokoneen käyttöön.',
  support_sv: 'På biblioteket får man hjälp med telefon, surfplatta och dator.',
  support_en: 'The library helps with phones, tablets and computers.',
};

export const entries = [
  // --- organisations ---
  { route: 'network.organisations', path: '/fi/network/organisations', expect: get(200) },
  { route: 'network.organisation-new', path: '/en/network/organisations/new', expect: get(200) },
  {
    route: 'network.organisation-create', method: 'POST', path: '/fi/network/organisations',
    form: { kind: 'association', name_fi: 'Yhdistys {unique}', municipality: '611', website: '' },
    expect: change(to(/^\/fi\/network\/organisations\/\d+\?done=created$/)),
  },
  {
    route: 'network.organisation-create', method: 'POST', path: '/fi/network/organisations', name: 'unknown kind',
    form: { kind: 'castle', name_fi: 'Linna' }, expect: change(400),
  },
  { route: 'network.organisation', path: '/fi/network/organisations/3', expect: get(200) },
  { route: 'network.organisation', path: '/fi/network/organisations/999999', name: 'unknown id', expect: get(404) },
  {
    route: 'network.organisation-update', method: 'POST', path: '/fi/network/organisations/3',
    form: LIBRARY, expect: change(to('/fi/network/organisations/3?done=saved')),
  },
  {
    route: 'network.organisation-update', method: 'POST', path: '/fi/network/organisations/3', name: 'javascript: website',
    form: { ...LIBRARY, website: 'javascript:alert(1)' }, expect: change(400),
  },
  {
    route: 'network.organisation-delete-confirm', path: '/fi/network/organisations/3/delete',
    name: 'people belong to it: said instead of the button', expect: get(200),
  },
  { route: 'network.organisation-delete-confirm', path: '/fi/network/organisations/999999/delete', name: 'unknown id', expect: get(404) },
  {
    route: 'network.organisation-delete', method: 'POST', path: '/fi/network/organisations/3/delete',
    name: 'people belong to it', expect: change(409),
  },
  {
    route: 'network.organisation-delete', method: 'POST', path: '/fi/network/organisations/999999/delete',
    name: 'unknown id', expect: change(404),
  },

  // --- people ---
  { route: 'network.people', path: '/sv/network/people', expect: get(200) },
  { route: 'network.person-new', path: '/fi/network/people/new?organisation=3', expect: get(200) },
  {
    route: 'network.person-create', method: 'POST', path: '/fi/network/people',
    form: { name: 'Henkilö {unique}', organisation: '3', 'role-0': 'speaker', 'role-municipality-0': '' },
    expect: change(to(/^\/fi\/network\/people\/\d+\?done=created$/)),
  },
  {
    route: 'network.person-create', method: 'POST', path: '/fi/network/people', name: 'no organisation',
    form: { name: 'Henkilö {unique}', organisation: '' }, expect: change(400),
  },
  { route: 'network.person', path: '/fi/network/people/3', expect: get(200) },
  { route: 'network.person', path: '/fi/network/people/x', name: 'malformed id', expect: get(404) },
  {
    route: 'network.person-update', method: 'POST', path: '/fi/network/people/3',
    form: SANNA, expect: change(to('/fi/network/people/3?done=saved')),
  },
  {
    route: 'network.person-update', method: 'POST', path: '/fi/network/people/3', name: 'no name',
    form: { ...SANNA, name: '' }, expect: change(400),
  },
  { route: 'network.person-delete-confirm', path: '/fi/network/people/1/delete', expect: get(200) },
  { route: 'network.person-delete-confirm', path: '/fi/network/people/999999/delete', name: 'unknown id', expect: get(404) },
  {
    route: 'network.person-delete', method: 'POST', path: '/fi/network/people/999999/delete',
    name: 'unknown id', expect: change(404),
  },

  // --- a municipality's description of its digital support ---
  {
    route: 'network.support-edit', path: '/fi/municipalities/611/edit', name: 'Pornainen (611)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 200, tutor: 404, coordinator: 200, admin: 200, other: 404 },
  },
  {
    route: 'network.support-edit', path: '/sv/municipalities/224/edit', name: 'Karkkila (224)',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 404, coordinator: 200, admin: 200, other: 200 },
  },
  {
    route: 'network.support-edit', path: '/fi/municipalities/999/edit', name: 'no such municipality',
    expect: { anonymous: 'signin', supporter: 404, municipal: 404, tutor: 404, coordinator: 404, admin: 404, other: 404 },
  },
  {
    route: 'network.support-save', method: 'POST', path: '/fi/municipalities/611/edit', form: SUPPORT,
    expect: {
      anonymous: 403, supporter: 404, municipal: to('/fi/municipalities/611/edit?done=saved'), tutor: 404,
      coordinator: to('/fi/municipalities/611/edit?done=saved'), admin: to('/fi/municipalities/611/edit?done=saved'), other: 404,
    },
  },
  {
    route: 'network.support-save', method: 'POST', path: '/fi/municipalities/611/edit', name: 'too long',
    form: { ...SUPPORT, support_en: 'x'.repeat(10001) },
    expect: { anonymous: 403, supporter: 404, municipal: 400, tutor: 404, coordinator: 400, admin: 400, other: 404 },
  },
];
