/*
 * privacy.h - the personal data of the feedback survey and of the guests
 * of webinar reports (privacy/provider.h).
 */
#ifndef TV_ATTENDANCE_PRIVACY_H
#define TV_ATTENDANCE_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider attendance_privacy_provider;

#endif
