/*
 * lazylib.h - a shared library opened when it is first needed, not when
 * the program starts.
 *
 * Why: before main() the dynamic loader maps and relocates every library
 * the program names, and each of them its own.  Two of ours bring large
 * trees that serving does not need at the start: PROJ (libtiff, a second
 * libcurl, libstdc++; only `import ptv` converts coordinates) and Voikko
 * (libxml2, ICU, libarchive; the Finnish analyser is made on a thread's
 * first use, the search index's build a tick after the start).  Leaving
 * them out of the start took a fifth off the loader's time (tests of an
 * empty program linked with and without them).  The soname is the one the
 * build compiled against (meson.build), so the library is the same one a
 * link would have named.
 */
#ifndef TV_BASE_LAZYLIB_H
#define TV_BASE_LAZYLIB_H

#include <stddef.h>

/*
 * Opens soname and looks up the NULL-terminated names into fns (as many
 * slots as names): 0, or -1 with why (at most whylen bytes) saying what
 * was missing.  Never closed: the addresses stay valid for the life of
 * the process.  Not locked: callers run it once (pthread_once()).
 */
int lazylib_open(const char *soname, const char *const *names, void **fns,
    char *why, size_t whylen);

#endif
