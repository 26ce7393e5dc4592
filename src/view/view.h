/*
 * view.h - what a compiled template renders into.
 *
 * A page is a C function generated from templates/<module>/<name>.tmpl by
 * tools/tmplc.  It writes to v->out; every {{ expr }} goes through one of the
 * escapers in escape.h, HTML text by default.
 */
#ifndef TV_VIEW_VIEW_H
#define TV_VIEW_VIEW_H

#include "base/arena.h"
#include "base/buf.h"
#include "view/i18n.h"

struct view {
	struct buf *out;	/* the response body */
	struct arena *arena;	/* the request's arena, for formatted values */
	enum lang lang;		/* the page's language */
};

#endif
