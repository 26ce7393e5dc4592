/*
 * edit_store.h - the network's own tables for its staff pages:
 * organisations, people and their roles, and the municipalities' support
 * descriptions.  Private to src/network; other modules read the network
 * through network.h.
 *
 * Lookups answer 0 found, DB_MISSING (db/rows.h) or -1.  Lists take the
 * region filter of policy_region_filter() (0 every region, -1 none).
 */
#ifndef TV_NETWORK_EDIT_STORE_H
#define TV_NETWORK_EDIT_STORE_H

#include "network/edit.h"

/* The organisations of the filtered regions, in id order.  0 or -1. */
int org_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, struct edit_org **out, size_t *n);

int org_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_org *out);

/* Inserts (id 0, in `region`) or updates an organisation (caller's
 * transaction): 0 with *out the id, or -1. */
int org_store_save(struct db *db, int64_t id, int64_t region,
    const struct edit_org_form *f, int64_t *out);

/* 0 deleted, DB_CONSTRAINT when other rows refer to it, -1 error. */
int org_store_delete(struct db *db, int64_t id);

/* The people of the filtered regions (org 0) or of one organisation, in
 * id order, with their roles.  0 or -1. */
int person_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, int64_t org, struct edit_person **out, size_t *n);

int person_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_person *out);

/* Inserts (id 0) or updates a person and replaces their roles with the
 * form's (caller's transaction): 0 with *out the id, or -1. */
int person_store_save(struct db *db, int64_t id, int64_t org,
    const char *email, const struct edit_person_form *f, int64_t *out);

/* 0 deleted (roles cascade), DB_CONSTRAINT when referred to, -1. */
int person_store_delete(struct db *db, int64_t id);

/* The three language versions of a municipality's support description. */
int support_store_get(struct db *db, struct arena *a, const char *code,
    const char *out[LANG_COUNT]);

int support_store_save(struct db *db, const char *code,
    const char *const support[LANG_COUNT]);

#endif
