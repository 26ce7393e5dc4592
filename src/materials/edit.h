/*
 * edit.h - what edit.c shares with version.c: the form, its checks and
 * the save of a material's details and attachments.
 */
#ifndef TV_MATERIALS_EDIT_H
#define TV_MATERIALS_EDIT_H

#include "materials/internal.h"

/* Renders the form (new when ev->m is NULL) with status.  0 or -1. */
int mat_edit_render(struct request *r, struct db *db, int status,
    struct mat_edit_view *ev);

/* Reads and checks the form into ev->f: 0 fine, 400 a mistake (ev->error,
 * ev->error_field), -1 a database error. */
int mat_form_read(struct request *r, struct db *db, bool is_new, bool is_link,
    struct mat_edit_view *ev);

/* Inserts (id 0) or updates a material and replaces its attachments of the
 * known types (caller's transaction).  The id, or -1. */
int64_t mat_save(struct db *db, int64_t id, int64_t region, int64_t owner,
    const struct mat_form *f, int64_t now);

/* Loads the material of :id that the viewer may edit.  0, or answered. */
int mat_load_editable(struct request *r, struct db *db, struct material *m);

#endif
