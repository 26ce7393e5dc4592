/*
 * i18n_catalog.h - the compiled message table, shared by src/view/i18n.c
 * and the i18n_catalog.c that tools/po2c generates, so the two can never
 * disagree on its layout.
 */
#ifndef TV_VIEW_I18N_CATALOG_H
#define TV_VIEW_I18N_CATALOG_H

#include <stddef.h>

#include "view/i18n.h"

struct i18n_entry {
	const char *msgid;
	const char *text[LANG_COUNT];	/* indexed by enum lang */
};

/* Rows sorted by msgid in strcmp() order. */
extern const struct i18n_entry i18n_catalog[];
extern const size_t i18n_catalog_len;

#endif
