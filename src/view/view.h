/*
 * view.h - what a compiled template renders into.
 *
 * A page is a C function generated from templates/<module>/<name>.tmpl by
 * tools/tmplc.  It writes to v->out; every {{ expr }} goes through one of the
 * escapers in escape.h, HTML text by default.
 */
#ifndef TV_VIEW_VIEW_H
#define TV_VIEW_VIEW_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/buf.h"
#include "view/i18n.h"

struct view {
	struct buf *out;	/* the response body */
	struct arena *arena;	/* the request's arena, for formatted values */
	enum lang lang;		/* the page's language */
};

/*
 * Whether the page being rendered on this thread is no longer wanted
 * (request_current_abandoned()): tools/tmplc puts this check at the top of
 * every loop of every template, so a long list stops rendering when its
 * reader has gone or its time budget is spent.
 */
bool view_abandoned(void);

#endif
