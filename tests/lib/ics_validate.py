#!/usr/bin/python3
"""Reads an iCalendar file on stdin, parses it with python3-vobject (as
Debian packages it) and prints what the tests check, as JSON:

  {"ok": true, "method": ..., "events": [{"uid", "summary", "description",
   "location", "url", "status", "sequence", "dtstart", "dtend" (ISO 8601
   with offset), "tzid"}]}

On a parse error: {"ok": false, "error": "..."} and exit status 1.  Run
with /usr/bin/python3 (the pyenv python first on PATH lacks vobject)."""
import json
import sys

import vobject


def val(comp, name):
    c = getattr(comp, name, None)
    return None if c is None else c.value


def main():
    data = sys.stdin.buffer.read().decode('utf-8')
    try:
        cals = list(vobject.readComponents(data, validate=True))
    except Exception as e:  # vobject raises several kinds
        print(json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e)}))
        return 1
    if len(cals) != 1 or cals[0].name != 'VCALENDAR':
        print(json.dumps({"ok": False, "error": "expected one VCALENDAR, got %d" % len(cals)}))
        return 1
    cal = cals[0]
    events = []
    for ev in cal.vevent_list if hasattr(cal, 'vevent_list') else []:
        start = ev.dtstart.value
        end = ev.dtend.value
        events.append({
            "uid": val(ev, 'uid'),
            "summary": val(ev, 'summary'),
            "description": val(ev, 'description'),
            "location": val(ev, 'location'),
            "url": val(ev, 'url'),
            "status": val(ev, 'status'),
            "sequence": val(ev, 'sequence'),
            "dtstart": start.isoformat(),
            "dtend": end.isoformat(),
            "tzid": ev.dtstart.params.get('TZID', [None])[0],
            "dtstamp": ev.dtstamp.value.isoformat(),
        })
    print(json.dumps({
        "ok": True,
        "method": val(cal, 'method'),
        "version": val(cal, 'version'),
        "timezones": [tz.tzid.value for tz in getattr(cal, 'vtimezone_list', [])],
        "events": events,
    }, ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main())
