/*
 * privacy.h - the personal data of the network's people records
 * (privacy/provider.h).
 */
#ifndef TV_NETWORK_PRIVACY_H
#define TV_NETWORK_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider network_privacy_provider;

#endif
