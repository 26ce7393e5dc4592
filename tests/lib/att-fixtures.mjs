// Registrations made directly in the database for the attendance,
// calendar and feedback tests, with the same link token the server
// derives (registration/registration.c: base64url HMAC-SHA256 under the
// registration_key of the meta table, of "<event id>:<submission>"), so
// the links in the server's own e-mails open the same pages.
//
//   const reg = addRegistration(db, { eventId: 2, name, email });
//   reg.id, reg.token, reg.submission

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { sqlite, q } from './auth.mjs';

/** The server's registration key (hex), created as the server would. */
export function registrationKey(db) {
  let hex = sqlite(db, "SELECT value FROM meta WHERE key = 'registration_key';").trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    hex = randomBytes(32).toString('hex');
    sqlite(db, `INSERT INTO meta (key, value) VALUES ('registration_key', '${hex}') ON CONFLICT (key) DO NOTHING;`);
    hex = sqlite(db, "SELECT value FROM meta WHERE key = 'registration_key';").trim();
  }
  return hex;
}

export function tokenFor(db, eventId, submission) {
  return createHmac('sha256', Buffer.from(registrationKey(db), 'hex'))
    .update(`${eventId}:${submission}`).digest('base64url');
}

export const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

/** The event's seat counter (event_seat_count) counted again, as the
 * registration module does in the transaction of each of its writes: a
 * registration written here must not leave it behind. */
export function recountSeats(db, eventId) {
  sqlite(db, `INSERT INTO event_seat_count (event_id, taken, waiting)
    SELECT ${Number(eventId)}, COALESCE(SUM(CASE WHEN status IN ('confirmed', 'offered') THEN group_size ELSE 0 END), 0),
      COALESCE(SUM(CASE WHEN status = 'waiting' THEN group_size ELSE 0 END), 0)
    FROM registration WHERE event_id = ${Number(eventId)}
    ON CONFLICT (event_id) DO UPDATE SET taken = excluded.taken, waiting = excluded.waiting;`);
}

/** Inserts a registration (and counts the event's seats again); returns
 * { id, token, submission }. */
export function addRegistration(db, {
  eventId, name, email, organisation = '', status = 'confirmed', groupSize = 1, lang = 'fi',
  createdAt = Math.floor(Date.now() / 1000) - 3600,
}) {
  const submission = randomBytes(32).toString('base64url');
  const token = tokenFor(db, eventId, submission);
  const waitingSeq = status === 'waiting' ? `(SELECT COALESCE(MAX(waiting_seq), 0) + 1 FROM registration WHERE event_id = ${eventId})` : 'NULL';
  const id = Number(sqlite(db, `INSERT INTO registration (event_id, submission, token_hash, name, email, organisation,
      group_size, lang, status, waiting_seq, created_at, updated_at)
    VALUES (${eventId}, ${q(submission)}, ${q(sha256hex(token))}, ${q(name)}, ${q(email)}, ${q(organisation)},
      ${groupSize}, ${q(lang)}, ${q(status)}, ${waitingSeq}, ${createdAt}, ${createdAt})
    RETURNING id;`).trim());
  recountSeats(db, eventId);
  return { id, token, submission };
}

/** The check-in code of a registration, as its QR image names it. */
export async function checkinCode(base, token) {
  const res = await (await import('./server.mjs')).request(`${base}/en/registrations/${token}/qr.svg`);
  const m = /<title id="qr-t">Check-in code ([0-9A-Z]{10})<\/title>/.exec(res.text);
  if (!m) throw new Error(`no check-in code in the QR image (status ${res.status})`);
  return m[1];
}
