/*
 * privacy.h - the personal data of statistics (privacy/provider.h): an
 * encounter names nobody it helped, but keeps who logged it for as long
 * as "undo last" needs (statistics.h).
 */
#ifndef TV_STATISTICS_PRIVACY_H
#define TV_STATISTICS_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider statistics_privacy_provider;

#endif
