/*
 * voikko_lib.h - the Voikko functions the Finnish analyser uses, from
 * libvoikko opened on first use (base/lazylib.h): a server maps it (and
 * libxml2, ICU and libarchive with it) when a thread first analyses a
 * word, not at its start.
 */
#ifndef TV_DIRECTORY_VOIKKO_LIB_H
#define TV_DIRECTORY_VOIKKO_LIB_H

#include <libvoikko/voikko.h>

/* Typed as voikko.h declares them, so a change there fails the build. */
struct voikko_lib {
	__typeof__(voikkoInit) *init;
	__typeof__(voikkoTerminate) *terminate;
	__typeof__(voikkoAnalyzeWordCstr) *analyze_word;
	__typeof__(voikko_mor_analysis_value_cstr) *value;
	__typeof__(voikko_free_mor_analysis_value_cstr) *free_value;
	__typeof__(voikko_free_mor_analysis) *free_analysis;
};

/* The functions, libvoikko opened at the first call: NULL with *why when
 * it cannot be. */
const struct voikko_lib *voikko_lib(const char **why);

#endif
