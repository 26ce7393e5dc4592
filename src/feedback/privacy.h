/*
 * privacy.h - the personal data of the accessibility feedback
 * (privacy/provider.h).
 */
#ifndef TV_FEEDBACK_PRIVACY_H
#define TV_FEEDBACK_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider feedback_privacy_provider;

#endif
