/*
 * calendar.h - the calendar routes (.ics files and subscription feeds).
 */
#ifndef TV_EVENTS_CALENDAR_H
#define TV_EVENTS_CALENDAR_H

#include "http/request.h"

/* GET /:lang/events/:id/calendar.ics: for anyone who may see the event,
 * never with the join link. */
void calendar_event(struct request *r);

/* GET /:lang/registrations/:token/calendar.ics: with the join link while
 * the registration is confirmed. */
void calendar_registration(struct request *r);

/* GET /:lang/events.ics: published public events, upcoming and of the
 * last 30 days. */
void calendar_feed(struct request *r);

/* GET /:lang/municipalities/:code/events.ics: the same for the events one
 * municipality took part in. */
void calendar_municipality(struct request *r);

#endif
