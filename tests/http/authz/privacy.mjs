// Authorisation entries for the privacy routes (src/privacy/pages.c):
// the download of one's own data and the erasure of an account (format:
// ./index.mjs).
//
// admin.user-erase is DESTRUCTIVE: an allowed request erases its target
// for good.  Its entries therefore only ever aim at {victimId}, the
// throwaway account made for each request, or at {selfId}, which is always
// refused (nobody may erase their own account).  Never point them at
// {adminId}, {tutorId}, {municipalId} or the other shared accounts: the
// identities the matrix signs in with would be gone after the first 303.

const all = (status) => ({
  anonymous: status, supporter: status, municipal: status, tutor: status,
  coordinator: status, admin: status, other: status,
});
const erased = { status: 303, location: '/fi/admin/users?done=erased' };

export const entries = [
  {
    route: 'account.export', method: 'GET', path: '/fi/account/export',
    expect: { ...all(200), anonymous: 'signin' },
  },
  {
    route: 'admin.user-erase-confirm', path: '/fi/admin/users/{tutorId}/erase',
    expect: { ...all(403), anonymous: 'signin', coordinator: 200, admin: 200 },
  },
  {
    route: 'admin.user-erase-confirm', path: '/fi/admin/users/{adminId}/erase', name: 'an administrator',
    expect: { ...all(403), anonymous: 'signin', coordinator: 404, admin: 200 },
  },
  {
    route: 'admin.user-erase-confirm', path: '/fi/admin/users/999999999/erase', name: 'unknown id',
    expect: { ...all(403), anonymous: 'signin', coordinator: 404, admin: 404 },
  },
  {
    // A tutor of the coordinator's region: coordinators and admins may.
    route: 'admin.user-erase', method: 'POST', path: '/fi/admin/users/{victimId}/erase',
    name: 'erase a tutor', form: {}, victim: { role: 'tutor', scopes: ['091'] },
    expect: { ...all(403), coordinator: erased, admin: erased },
  },
  {
    // An administrator: only an administrator may; to a coordinator it
    // does not exist.
    route: 'admin.user-erase', method: 'POST', path: '/fi/admin/users/{victimId}/erase',
    name: 'erase an administrator', form: {}, victim: { role: 'admin' },
    expect: { ...all(403), coordinator: 404, admin: erased },
  },
  {
    route: 'admin.user-erase', method: 'POST', path: '/fi/admin/users/{selfId}/erase',
    name: 'erase oneself', form: {},
    expect: all(403),
  },
  {
    route: 'admin.user-erase', method: 'POST', path: '/fi/admin/users/999999999/erase',
    name: 'erase an unknown account', form: {},
    expect: { ...all(403), coordinator: 404, admin: 404 },
  },
];
