/*
 * privacy.h - the personal data of the outbox (privacy/provider.h).
 */
#ifndef TV_MAIL_PRIVACY_H
#define TV_MAIL_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider mail_privacy_provider;

#endif
