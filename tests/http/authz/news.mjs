// Authorisation entries for news posts (src/news; format: ./index.mjs).
//
// The news list, a post and the feeds are public: everyone gets the same
// answer.  Writing (ACT_NEWS) is for network coordinators (their region)
// and administrators; everyone else gets 403 and anonymous GETs go to the
// sign-in page.  Post 1 is the demo post about the 6 Oct 2021 webinar,
// published on 7 Oct 2021 10.00 Helsinki time; the entries that change it
// run in order (unpublish, publish again, and last of all delete it).

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const to = (re) => ({ status: 303, location: re });

const POST = {
  title_fi: 'Kuntien digituen sparraus päättyi yhteiseen webinaariin',
  lead_fi: 'Webinaarissa kunnat ja tutorit kertoivat, mitä yhteinen työ sai aikaan.',
  body_fi: 'Sparraus **huipentui** webinaariin.',
  title_sv: 'Kommunernas sparrning avslutades med ett webbinarium',
  lead_sv: '', body_sv: '',
  title_en: 'The sparring ended with a joint webinar', lead_en: '', body_en: '',
  event: '1', publish: 'at', publish_date: '2021-10-07', publish_time: '10:00',
};

export const entries = [
  // --- public ---
  { route: 'news.list', path: '/fi/news', expect: all(200) },
  { route: 'news.list', path: '/en/news?page=1', name: 'page 1', expect: all(200) },
  { route: 'news.list', path: '/en/news?after=0', name: 'bad page link', expect: all(404) },
  { route: 'news.list', path: '/sv/news?after=1.1', name: 'a page past the last', expect: all(404) },
  { route: 'news.page', path: '/sv/news/1', expect: all(200) },
  { route: 'news.page', path: '/fi/news/999999', name: 'unknown id', expect: all(404) },
  { route: 'news.page', path: '/fi/news/x1', name: 'malformed id', expect: all(404) },
  { route: 'news.feed-rss', path: '/fi/news/feed.rss', expect: all(200) },
  { route: 'news.feed-atom', path: '/en/news/feed.atom', expect: all(200) },

  // --- editing ---
  { route: 'news.manage', path: '/fi/staff/news', expect: get(200) },
  { route: 'news.new', path: '/sv/staff/news/new', expect: get(200) },
  {
    route: 'news.create', method: 'POST', path: '/fi/staff/news',
    form: { ...POST, title_fi: 'Uutinen {unique}', publish: 'draft', publish_date: '', publish_time: '' },
    expect: change(to(/^\/fi\/staff\/news\/\d+\?done=created$/)),
  },
  {
    route: 'news.create', method: 'POST', path: '/fi/staff/news', name: 'no language version',
    form: { ...POST, title_fi: '', lead_fi: '', body_fi: '', title_sv: '', title_en: '' }, expect: change(400),
  },
  {
    route: 'news.create', method: 'POST', path: '/fi/staff/news', name: 'malformed date',
    form: { ...POST, publish_date: '2021-02-29' }, expect: change(400),
  },
  { route: 'news.edit', path: '/fi/staff/news/1', expect: get(200) },
  { route: 'news.edit', path: '/fi/staff/news/999999', name: 'unknown id', expect: get(404) },
  { route: 'news.preview', path: '/en/staff/news/1/preview', expect: get(200) },
  { route: 'news.preview', path: '/en/staff/news/999999/preview', name: 'unknown id', expect: get(404) },
  {
    route: 'news.update', method: 'POST', path: '/fi/staff/news/1',
    form: POST, expect: change(to('/fi/staff/news/1?done=saved')),
  },
  {
    route: 'news.update', method: 'POST', path: '/fi/staff/news/1', name: 'unknown event',
    form: { ...POST, event: '999999' }, expect: change(400),
  },
  {
    route: 'news.update', method: 'POST', path: '/fi/staff/news/999999', name: 'unknown id',
    form: POST, expect: change(404),
  },
  { route: 'news.unpublish-confirm', path: '/fi/staff/news/1/unpublish', expect: get(200) },
  { route: 'news.unpublish-confirm', path: '/fi/staff/news/999999/unpublish', name: 'unknown id', expect: get(404) },
  { route: 'news.delete-confirm', path: '/fi/staff/news/1/delete', expect: get(200) },
  { route: 'news.delete-confirm', path: '/fi/staff/news/999999/delete', name: 'unknown id', expect: get(404) },
  {
    route: 'news.unpublish', method: 'POST', path: '/fi/staff/news/999999/unpublish', name: 'unknown id',
    expect: change(404),
  },
  {
    // The coordinator unpublishes; for the administrator it is a draft by then.
    route: 'news.unpublish', method: 'POST', path: '/fi/staff/news/1/unpublish',
    expect: change(to('/fi/staff/news/1?done=unpublished'), 409),
  },
  {
    route: 'news.update', method: 'POST', path: '/fi/staff/news/1', name: 'published again',
    form: POST, expect: change(to('/fi/staff/news/1?done=saved')),
  },
  { route: 'news.page', path: '/fi/news/1', name: 'published again', expect: all(200) },
  {
    route: 'news.delete', method: 'POST', path: '/fi/staff/news/999999/delete', name: 'unknown id',
    expect: change(404),
  },
  {
    // The coordinator deletes it; the administrator then finds nothing.
    route: 'news.delete', method: 'POST', path: '/fi/staff/news/1/delete',
    expect: change(to('/fi/staff/news?done=deleted'), 404),
  },
];
