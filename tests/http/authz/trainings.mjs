// Authorisation entries for the trainings (src/learning/training*.c;
// format: ./index.mjs).
//
// Training 1 is the demo's "Digituen perusteet" (fi/sv/en, 10 questions,
// self-paced or in its session). Every staff account (ACT_TRAININGS) sees
// the trainings, enrols and takes the tests; making and changing them,
// enrolling someone else and marking completion (ACT_BADGES) is for the
// region's coordinators and administrators. In order: each identity
// enrols itself, starts the test, and has its bad answers refused. The
// badge issuer's keys (ACT_ISSUER_KEYS) are the administrators'.

const staff = (status) => ({
  anonymous: 'signin', supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const staffPost = (status) => ({
  anonymous: 403, supporter: status, municipal: status, tutor: status, coordinator: status, admin: status, other: status,
});
const get = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: status, admin: status, other: 403,
});
const change = (coordinator, admin = coordinator) => ({
  anonymous: 403, supporter: 403, municipal: 403, tutor: 403, coordinator, admin, other: 403,
});
const to = (re) => ({ status: 303, location: re });

const TRAINING = {
  name_fi: 'Digituen perusteet', description_fi: 'Koulutus uusille digitukijoille.',
  name_sv: 'Grunderna i digitalt stöd', description_sv: 'En utbildning för nya digitala stödpersoner.',
  name_en: 'Digital support basics', description_en: 'A training for new digital supporters.',
  self_paced: '1', pass_percent: '80', max_attempts: '3', cooldown: '60', achievement: '1',
};
const QUESTION = {
  q_text_fi: 'Kysymys {unique}?', q_text_sv: 'Fråga {unique}?', q_text_en: 'Question {unique}?',
  q_explanation_fi: 'Selitys.', q_explanation_sv: 'Förklaring.', q_explanation_en: 'Explanation.',
  q_kind: 'single',
  o1_fi: 'Kyllä', o1_sv: 'Ja', o1_en: 'Yes', o1_correct: '1',
  o2_fi: 'Ei', o2_sv: 'Nej', o2_en: 'No',
};

const admin = (status) => ({
  anonymous: 'signin', supporter: 403, municipal: 403, tutor: 403, coordinator: 403, admin: status, other: 403,
});

export const entries = [
  { route: 'badges.keys', path: '/fi/staff/badges/keys', expect: admin(200) },
  {
    route: 'badges.keys-rotate', method: 'POST', path: '/fi/staff/badges/keys',
    expect: { ...admin(to('/fi/staff/badges/keys?done=rotated')), anonymous: 403 },
  },
  { route: 'trainings.list', path: '/fi/staff/trainings', expect: staff(200) },
  { route: 'trainings.new', path: '/sv/staff/trainings/new', expect: get(200) },
  {
    route: 'trainings.create', method: 'POST', path: '/fi/staff/trainings', form: { ...TRAINING, name_fi: 'Koulutus {unique}' },
    expect: change(to(/^\/fi\/staff\/trainings\/\d+\/edit\?done=created$/)),
  },
  {
    route: 'trainings.create', method: 'POST', path: '/fi/staff/trainings', name: 'no name',
    form: { ...TRAINING, name_fi: '', name_sv: '', name_en: '' }, expect: change(400),
  },
  { route: 'trainings.show', path: '/fi/staff/trainings/1', expect: staff(200) },
  { route: 'trainings.show', path: '/fi/staff/trainings/999999', name: 'unknown id', expect: staff(404) },
  { route: 'trainings.edit', path: '/en/staff/trainings/1/edit', expect: get(200) },
  { route: 'trainings.edit', path: '/en/staff/trainings/999999/edit', name: 'unknown id', expect: get(404) },
  {
    route: 'trainings.update', method: 'POST', path: '/fi/staff/trainings/1/edit', form: TRAINING,
    expect: change(to('/fi/staff/trainings/1/edit?done=saved')),
  },
  {
    route: 'trainings.question', method: 'POST', path: '/fi/staff/trainings/1/questions', form: QUESTION,
    expect: change(to('/fi/staff/trainings/1/edit?done=question')),
  },
  {
    route: 'trainings.question', method: 'POST', path: '/fi/staff/trainings/1/questions', name: 'no Swedish text',
    form: { ...QUESTION, q_text_sv: '' }, expect: change(400),
  },
  // Question 11 is the one the coordinator added just above.
  { route: 'trainings.question-edit-form', path: '/sv/staff/trainings/1/questions/11', expect: get(200) },
  {
    route: 'trainings.question-edit-form', path: '/fi/staff/trainings/2/questions/11', name: 'another training',
    expect: get(404),
  },
  {
    route: 'trainings.question-edit', method: 'POST', path: '/fi/staff/trainings/1/questions/11', form: QUESTION,
    expect: change(to('/fi/staff/trainings/1/edit?done=question-saved')),
  },
  {
    route: 'trainings.question-edit', method: 'POST', path: '/fi/staff/trainings/1/questions/11', name: 'one option',
    form: { ...QUESTION, o2_fi: '', o2_sv: '', o2_en: '' }, expect: change(400),
  },
  { route: 'trainings.question-delete-confirm', path: '/fi/staff/trainings/1/questions/1/delete', expect: get(200) },
  {
    route: 'trainings.question-delete-confirm', path: '/fi/staff/trainings/2/questions/1/delete', name: 'another training',
    expect: get(404),
  },
  {
    // The coordinator removes it; for the administrator it is gone by then.
    route: 'trainings.question-delete', method: 'POST', path: '/fi/staff/trainings/1/questions/10/delete',
    expect: change(to('/fi/staff/trainings/1/edit?done=removed'), 404),
  },
  {
    route: 'trainings.session', method: 'POST', path: '/fi/staff/trainings/1/sessions', name: 'unknown event',
    form: { event: '999999' }, expect: change(400),
  },
  {
    route: 'trainings.material', method: 'POST', path: '/fi/staff/trainings/1/materials', name: 'no such material',
    form: { material: '999999' }, expect: change(400),
  },
  {
    route: 'trainings.enrol-other', method: 'POST', path: '/fi/staff/trainings/1/enrolments', name: 'no such account',
    form: { enrol_email: 'nobody.{unique}@example.fi', enrol_session: '' }, expect: change(400),
  },
  {
    route: 'trainings.complete', method: 'POST', path: '/fi/staff/trainings/1/complete', name: 'no such enrolment',
    form: { enrolment: '999999' }, expect: change(400),
  },
  {
    route: 'trainings.enrol', method: 'POST', path: '/fi/staff/trainings/1/enrol', form: { session: '' },
    expect: staffPost(to('/fi/staff/trainings/1?done=enrolled')),
  },
  { route: 'trainings.test', path: '/sv/staff/trainings/1/test', expect: staff(200) },
  {
    route: 'trainings.test-start', method: 'POST', path: '/fi/staff/trainings/1/test',
    expect: staffPost(to('/fi/staff/trainings/1/test')),
  },
  {
    route: 'trainings.test-answer', method: 'POST', path: '/fi/staff/trainings/1/test/answers', name: 'an unknown question',
    form: { q999999: '1' }, expect: staffPost(400),
  },
  {
    route: 'trainings.result', path: '/fi/staff/trainings/1/test/result', name: 'nothing answered yet',
    expect: staff(to('/fi/staff/trainings/1/test')),
  },
  { route: 'trainings.withdraw-confirm', path: '/en/staff/trainings/1/withdraw', expect: staff(200) },
  {
    route: 'trainings.withdraw', method: 'POST', path: '/fi/staff/trainings/1/withdraw',
    expect: staffPost(to('/fi/staff/trainings/1?done=withdrawn')),
  },
  {
    route: 'trainings.withdraw', method: 'POST', path: '/fi/staff/trainings/1/withdraw', name: 'not enrolled',
    expect: staffPost(409),
  },
];
