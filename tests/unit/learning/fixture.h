/*
 * fixture.h - one issuer, achievement and award for the learning tests.
 */
#ifndef TV_TESTS_LEARNING_FIXTURE_H
#define TV_TESTS_LEARNING_FIXTURE_H

#include "learning/badge.h"

#define FIX_SITE "https://tuki.example.fi"
#define FIX_DID "did:web:tuki.example.fi"
#define FIX_EMAIL "maija.meikalainen@example.fi"
#define FIX_SALT "6f1b0c2a9d3e4f5a6b7c8d9e0f1a2b3c"
#define FIX_AWARDED 1764892800		/* 2025-12-05T00:00:00Z */

extern const struct badge_issuer fix_issuer;
extern const struct badge_achievement fix_achievement;
extern const struct badge_award fix_award;

#endif
