/*
 * privacy.h - the personal data of event registrations and their answers
 * (privacy/provider.h).
 */
#ifndef TV_REGISTRATION_PRIVACY_H
#define TV_REGISTRATION_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider registration_privacy_provider;

#endif
