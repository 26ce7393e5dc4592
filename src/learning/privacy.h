/*
 * privacy.h - the personal data of the badges (privacy/provider.h): the
 * earner's name and e-mail address on their awards, and their consent to
 * a public page of their badges.
 */
#ifndef TV_LEARNING_PRIVACY_H
#define TV_LEARNING_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider learning_privacy_provider;

#endif
