// Validation of iCalendar output for the HTTP tests: the raw rules of
// RFC 5545 checked byte by byte (CRLF line ends, no physical line over 75
// octets, no UTF-8 sequence split by folding), then the file parsed by two
// independent implementations, ical.js and python3-vobject
// (tests/lib/ics_validate.py with Debian's /usr/bin/python3), whose views
// of every event must agree.
//
//   import { validateIcs } from '../lib/ics-validate.mjs';
//   const cal = validateIcs(res.body);   // throws with the reason
//   cal.events[0].summary, .description, .location, .url, .status,
//   .sequence, .uid, .start (Date, UTC), .end, .tzid
//   cal.method, cal.unfolded (the text with folding undone)

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Checks the bytes: CRLF everywhere, lines of at most 75 octets, each
 * physical line valid UTF-8 on its own (folding never splits a character). */
export function checkLines(buf) {
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf, 'utf8');
  const dec = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      if (i === 0 || bytes[i - 1] !== 0x0d) throw new Error(`line ${n + 1}: LF without CR`);
      const line = bytes.subarray(start, i - 1);
      if (line.length > 75) throw new Error(`line ${n + 1} is ${line.length} octets (max 75): ${line.toString()}`);
      try { dec.decode(line); } catch { throw new Error(`line ${n + 1} splits a UTF-8 sequence: ${line.toString('hex')}`); }
      if (line.includes(0x0d)) throw new Error(`line ${n + 1}: bare CR`);
      start = i + 1;
      n++;
    }
  }
  if (start !== bytes.length) throw new Error('the last line does not end in CRLF');
  return n;
}

/** Parses with vobject (Python); returns its JSON view. */
export function parseVobject(buf) {
  const r = spawnSync('/usr/bin/python3', [path.join(here, 'ics_validate.py')], { input: buf, encoding: 'utf8', timeout: 30000 });
  let out;
  try { out = JSON.parse(r.stdout); } catch { throw new Error(`vobject: no JSON (status ${r.status}): ${r.stdout}${r.stderr}`); }
  if (!out.ok) throw new Error(`vobject refused the file: ${out.error}`);
  return out;
}

/** Parses with ical.js; returns { method, timezones, events }. */
export function parseIcalJs(text) {
  const comp = new ICAL.Component(ICAL.parse(text));
  if (comp.name !== 'vcalendar') throw new Error(`ical.js: top component is ${comp.name}`);
  const timezones = comp.getAllSubcomponents('vtimezone');
  for (const tz of timezones) ICAL.TimezoneService.register(tz);
  const events = comp.getAllSubcomponents('vevent').map((ve) => {
    const ev = new ICAL.Event(ve);
    const start = ve.getFirstProperty('dtstart');
    return {
      uid: ev.uid,
      summary: ev.summary,
      description: ev.description,
      location: ev.location,
      url: ve.getFirstPropertyValue('url'),
      status: ve.getFirstPropertyValue('status'),
      sequence: ev.sequence,
      start: ev.startDate.toJSDate(),
      end: ev.endDate.toJSDate(),
      tzid: start.getParameter('tzid'),
      tzKnown: ev.startDate.zone && ev.startDate.zone.tzid === start.getParameter('tzid'),
    };
  });
  return {
    method: comp.getFirstPropertyValue('method'),
    version: comp.getFirstPropertyValue('version'),
    prodid: comp.getFirstPropertyValue('prodid'),
    timezones: timezones.map((t) => t.getFirstPropertyValue('tzid')),
    events,
  };
}

/** Every check; returns the ical.js view with `unfolded` text. Throws on
 * any disagreement between the parsers. */
export function validateIcs(body) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  checkLines(buf);
  const text = buf.toString('utf8');
  const a = parseIcalJs(text);
  const b = parseVobject(buf);
  if (a.version !== '2.0' || b.version !== '2.0') throw new Error('VERSION is not 2.0');
  if (!a.prodid) throw new Error('no PRODID');
  if (a.events.length !== b.events.length) throw new Error(`ical.js sees ${a.events.length} events, vobject ${b.events.length}`);
  a.events.forEach((e, i) => {
    const v = b.events[i];
    for (const k of ['uid', 'summary', 'description', 'location', 'url', 'status']) {
      const x = e[k] ?? null;
      const y = v[k] ?? null;
      if (x !== y) throw new Error(`event ${i} ${k}: ical.js ${JSON.stringify(x)} vs vobject ${JSON.stringify(y)}`);
    }
    if (Number(e.sequence) !== Number(v.sequence)) throw new Error(`event ${i} SEQUENCE differs`);
    // vobject applies the VTIMEZONE and writes the offset: the same instant.
    if (new Date(v.dtstart).getTime() !== e.start.getTime()) {
      throw new Error(`event ${i} start: ical.js ${e.start.toISOString()} vs vobject ${v.dtstart}`);
    }
    if (new Date(v.dtend).getTime() !== e.end.getTime()) throw new Error(`event ${i} end differs`);
    if (!v.dtstamp) throw new Error(`event ${i} has no DTSTAMP`);
  });
  return { ...a, vobject: b, unfolded: text.replace(/\r\n[ \t]/g, '') };
}

/**
 * The iTIP restrictions (RFC 5546 3.2) that libical's
 * icalrestriction_check() applies to a calendar with a METHOD, for the
 * two methods the server sends: PUBLISH (DTSTAMP, DTSTART, ORGANIZER,
 * SUMMARY, UID exactly once; no ATTENDEE) and CANCEL (DTSTAMP, ORGANIZER,
 * SEQUENCE, UID exactly once; STATUS, if any, CANCELLED).  A calendar
 * without METHOD is plain data and has no such restriction.  Throws with
 * the reason; returns the method (or null).
 */
export function checkItip(body) {
  const text = (Buffer.isBuffer(body) ? body.toString('utf8') : body).replace(/\r\n[ \t]/g, '');
  const comp = new ICAL.Component(ICAL.parse(text));
  const method = comp.getFirstPropertyValue('method');
  if (!method) return null;
  const rules = {
    PUBLISH: { once: ['dtstamp', 'dtstart', 'organizer', 'summary', 'uid'], never: ['attendee'] },
    CANCEL: { once: ['dtstamp', 'organizer', 'sequence', 'uid'], never: [] },
  }[method];
  if (!rules) throw new Error(`unexpected METHOD:${method}`);
  if (comp.getAllProperties('method').length !== 1) throw new Error('METHOD more than once');
  for (const ve of comp.getAllSubcomponents('vevent')) {
    for (const p of rules.once) {
      const n = ve.getAllProperties(p).length;
      if (n !== 1) throw new Error(`METHOD:${method}: ${p.toUpperCase()} ${n} times, must be once`);
    }
    for (const p of rules.never) {
      if (ve.getAllProperties(p).length) throw new Error(`METHOD:${method}: ${p.toUpperCase()} not allowed`);
    }
    if (!/^mailto:/i.test(ve.getFirstPropertyValue('organizer'))) throw new Error('ORGANIZER is not a mailto: address');
    const status = ve.getFirstPropertyValue('status');
    if (method === 'CANCEL' && status && status !== 'CANCELLED') throw new Error(`METHOD:CANCEL with STATUS:${status}`);
  }
  return method;
}
