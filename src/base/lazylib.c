/*
 * lazylib.c - see lazylib.h.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "base/lazylib.h"

/* 0, or -1 with l->why. */
static int
lazylib_open(struct lazylib *l)
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (h == NULL) {
		snprintf(l->why, sizeof(l->why), "%s", dlerror());
		return -1;
	}
	for (i = 0; l->names[i] != NULL; i++)
		if ((l->fns[i] = dlsym(h, l->names[i])) == NULL) {
			snprintf(l->why, sizeof(l->why), "%s has no %s",
			    l->soname, l->names[i]);
			return -1;
		}
	l->fill(l->fns);
	return 0;
}

bool
lazylib_load(struct lazylib *l, const char **why)
{
	bool ok;

	pthread_mutex_lock(&l->mu);
	if (l->state == 0)
		l->state = lazylib_open(l) == 0 ? 1 : -1;
	ok = l->state > 0;
	pthread_mutex_unlock(&l->mu);
	if (!ok)
		*why = l->why;
	return ok;
}
