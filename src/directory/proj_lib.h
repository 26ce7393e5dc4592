/*
 * proj_lib.h - the PROJ functions the PTV import uses, from libproj
 * opened on first use (base/lazylib.h): the server never maps it.
 */
#ifndef TV_DIRECTORY_PROJ_LIB_H
#define TV_DIRECTORY_PROJ_LIB_H

#include <proj.h>

/* Typed as proj.h declares them, so a change there fails the build. */
struct proj_lib {
	__typeof__(proj_context_create) *context_create;
	__typeof__(proj_context_destroy) *context_destroy;
	__typeof__(proj_create_crs_to_crs) *create_crs_to_crs;
	__typeof__(proj_normalize_for_visualization) *normalize_for_visualization;
	__typeof__(proj_trans) *trans;
	__typeof__(proj_destroy) *destroy;
};

/* The functions, libproj opened at the first call: NULL with *why when it
 * cannot be (the library or a function missing). */
const struct proj_lib *proj_lib(const char **why);

#endif
