/*
 * lazylib.c - see lazylib.h.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "base/lazylib.h"

int
lazylib_open(const char *soname, const char *const *names, void **fns,
    char *why, size_t whylen)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (h == NULL) {
		snprintf(why, whylen, "%s", dlerror());
		return -1;
	}
	for (i = 0; names[i] != NULL; i++)
		if ((fns[i] = dlsym(h, names[i])) == NULL) {
			snprintf(why, whylen, "%s has no %s", soname,
			    names[i]);
			return -1;
		}
	return 0;
}
