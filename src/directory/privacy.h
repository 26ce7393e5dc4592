/*
 * privacy.h - the personal data of the directory (privacy/provider.h): a
 * service point's contact e-mail address and phone are the place's, but
 * a volunteer may have given their own address.
 */
#ifndef TV_DIRECTORY_PRIVACY_H
#define TV_DIRECTORY_PRIVACY_H

#include "privacy/provider.h"

extern const struct privacy_provider directory_privacy_provider;

#endif
