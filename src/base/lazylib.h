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

#include <pthread.h>
#include <stdbool.h>

/* One library: what to look up in it, and the caller's typed table made
 * from the addresses. */
struct lazylib {
	const char *soname;
	const char *const *names;	/* the symbols, NULL-terminated */
	void **fns;			/* as many slots as names */
	void (*fill)(void *const *fns);	/* makes the typed table, once */
	pthread_mutex_t mu;
	int state;			/* 0 not tried, 1 open, -1 failed */
	char why[256];
};

#define LAZYLIB_INIT(soname, names, fns, fill) \
	{ (soname), (names), (fns), (fill), PTHREAD_MUTEX_INITIALIZER, 0, "" }

/*
 * Opens l's library and looks up its names the first time, then runs
 * l->fill: true, or false with *why saying what was missing (every call
 * after a failure says the same).  Never closed: the addresses stay valid
 * for the life of the process.
 */
bool lazylib_load(struct lazylib *l, const char **why);

#endif
