/*
 * edit.h - what edit.c shares with version.c: the form, its checks and
 * the save of a material's details and attachments.
 */
#ifndef TV_MATERIALS_EDIT_H
#define TV_MATERIALS_EDIT_H

#include "materials/internal.h"
#include "view/form.h"

/* Renders the form (new when ev->m is NULL) with status.  0 or -1. */
int mat_edit_render(struct request *r, struct db *db, int status,
    struct mat_edit_view *ev);

/* When f has mistakes: the form again with them (400, or 503 when it
 * cannot be shown), and true; else false. */
bool mat_edit_mistakes(struct request *r, struct db *db, const struct form *f,
    struct mat_edit_view *ev);

/* Reads the form into ev->f, every mistake into f, after loading ev's
 * choices: 0, or -1 on a database error. */
int mat_form_read(struct form *f, struct db *db, bool is_link,
    struct mat_edit_view *ev);

/* Inserts (id 0) or updates a material and replaces its attachments of the
 * known types (caller's transaction; store.c).  The id, or -1. */
int64_t mat_save(struct db *db, int64_t id, int64_t region, int64_t owner,
    const struct mat_form *f, int64_t now);

#endif
