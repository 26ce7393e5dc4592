/*
 * privacy.h - the personal data of material requests and the download
 * links sent for them (privacy/provider.h).
 */
#ifndef TV_MATERIALS_PRIVACY_H
#define TV_MATERIALS_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider materials_privacy_provider;

#endif
