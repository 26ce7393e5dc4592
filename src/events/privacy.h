/*
 * privacy.h - the personal data of event registrations, their answers,
 * the feedback survey and the guests of webinar reports
 * (privacy/provider.h).
 */
#ifndef TV_EVENTS_PRIVACY_H
#define TV_EVENTS_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider events_privacy_provider;

#endif
