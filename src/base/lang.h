/*
 * lang.h - the product's three languages, as every layer names them.
 * Their codes, names and message catalogues are view/i18n.h's; base code
 * (time.c's dates and weekdays) needs only the names of the values.
 */
#ifndef TV_BASE_LANG_H
#define TV_BASE_LANG_H

enum lang { LANG_FI, LANG_SV, LANG_EN };
#define LANG_COUNT 3

#endif
