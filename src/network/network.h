/*
 * network.h - regions, municipalities, organisations, people: the read
 * side of the network module.  (Programme periods are the programme's:
 * programme/programme.h.)
 *
 * Functions fill plain structs in the caller's arena with every text already
 * picked in the wanted language (falling back fi -> sv -> en) and the
 * language actually used recorded next to it, so templates can mark text
 * in another language with lang="..." (WCAG 3.1.2).
 */
#ifndef TV_NETWORK_NETWORK_H
#define TV_NETWORK_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "auth/policy.h"
#include "auth/user.h"
#include "db/db.h"
#include "http/request.h"
#include "view/i18n.h"

struct region_info {
	int64_t id;
	const char *code;
	const char *name;
	const char *network;	/* the network's name, e.g. "Uudenmaan digitukiverkosto" */
	const char *intro;
	enum lang intro_lang;
};

/* municipality.language_status: Finnish- or Swedish-speaking, or bilingual
 * with the majority's language first. */
enum muni_language { MUNI_FI, MUNI_SV, MUNI_FI_SV, MUNI_SV_FI };
/* The stored values, indexed by the enum. */
extern const char *const muni_language_names[];
/* A stored value as the enum: 0, or -1 when it is none of them. */
int muni_language_parse(const char *s, enum muni_language *out);

struct municipality {
	const char *code;
	const char *name;	/* in the page's language */
	const char *other_name;	/* the name in the other national language, or NULL */
	enum lang other_lang;
	enum muni_language language_status;
	const char *support;	/* public description of its digital support */
	enum lang support_lang;
	const char *region;
	int64_t region_id;
};

struct organisation {
	int64_t id;
	const char *name;
	enum lang name_lang;
	const char *kind;
	const char *website;
};

/* person_role.role */
enum person_role { PERSON_PROJECT_MANAGER, PERSON_PROJECT_PLANNER,
	PERSON_TUTOR, PERSON_MUNICIPAL_COORDINATOR, PERSON_SUPPORTER,
	PERSON_SPEAKER, PERSON_ROLE_COUNT };
/* The stored values, indexed by the enum (the person form's choices). */
extern const char *const person_role_names[PERSON_ROLE_COUNT];
/* A stored value as the enum, parsed once in the row function; an
 * unknown one (the table's CHECK allows none) reads as PERSON_SPEAKER. */
enum person_role person_role_parse(const char *s);

struct person {
	const char *name;
	const char *title;
	enum lang title_lang;
	const char *organisation;
	enum person_role role;
};

/*
 * The objects the network's routes name (http/router.h): an organisation
 * or a person by :id for those who manage its region (network/edit.h has
 * their structs), and a municipality (struct municipality) by :code for
 * everyone (its public page), for those who may edit its support page, or
 * for those who see its staff page.
 */
struct route_loader;
extern const struct route_loader network_org_loader;
extern const struct route_loader network_municipality_loader;
extern const struct route_loader network_person_loader;
extern const struct route_loader network_support_loader;
extern const struct route_loader network_staff_municipality_loader;

/* Where a municipality lives, for policy_reaches(). */
struct object_scope network_municipality_scope(const struct municipality *m);

/* The region the site serves (the first one).  0, 1 if none, -1 on error. */
int network_region(struct db *db, struct arena *a, enum lang l,
    struct region_info *out);

/* Region `id`: 0, DB_MISSING (db/rows.h), -1. */
int network_region_by_id(struct db *db, struct arena *a, enum lang l,
    int64_t id, struct region_info *out);

/* All municipalities of a region in alphabetical order of their names in
 * l.  0 or -1. */
int network_municipalities(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct municipality **out, size_t *n);

/*
 * The region a new object made by u goes into (policy_home_region() with
 * the site's region for administrators): 0 with *out set (0 when u may
 * not create region objects, or the site has no region yet), -1 on error.
 */
int network_home_region(struct db *db, const struct user *u, int64_t *out);

/*
 * The home region of r's user for a new object (network_home_region()):
 * the region, or 0 with the answer given (503 when it cannot be read, 404
 * when the user has none).
 */
int64_t network_request_home_region(struct request *r);

/* The municipalities of some regions, read once per region, to look
 * codes up in.  Start zeroed. */
struct municipality_set {
	struct municipality *m;		/* alphabetical within each region */
	size_t n, cap;
	int64_t *regions;		/* the regions read */
	size_t nregions, regcap;
};

/* Adds a region's municipalities to s (once).  0 or -1. */
int network_set_add_region(struct db *db, struct arena *a, enum lang l,
    struct municipality_set *s, int64_t region);

/* The municipality `code` of region `region` in s, or NULL. */
const struct municipality *network_set_find(const struct municipality_set *s,
    const char *code, int64_t region);

/* A region's id by its code ("uusimaa"): the id, 0 if none, -1 on error. */
int64_t network_region_id(struct db *db, const char *code);

/* One municipality by code: 0 found, 1 not found, -1 on error. */
int network_municipality(struct db *db, struct arena *a, enum lang l,
    const char *code, struct municipality *out);

/* Organisations in a municipality's local network.  0 or -1. */
int network_organisations(struct db *db, struct arena *a, enum lang l,
    const char *code, struct organisation **out, size_t *n);

/* People of a municipality who agreed to be shown publicly.  0 or -1. */
int network_people(struct db *db, struct arena *a, enum lang l,
    const char *code, struct person **out, size_t *n);

/* A person as other modules show them (src/network/people_store.c). */
struct person_card {
	int64_t id;			/* 0: no such person */
	const char *name;		/* "" when withheld (consent_only) */
	const char *title;		/* likewise */
	enum lang title_lang;
	const char *organisation;	/* "" when none; always shown */
	enum lang organisation_lang;
	bool is_public;			/* agreed to be shown publicly */
};

/*
 * The people ids[0..n) as out[0..n) (id 0 where there is none).  With
 * consent_only, the name and title of a person who has not agreed to be
 * shown publicly stay "" - for public pages.  0 or -1.
 */
int network_person_cards(struct db *db, struct arena *a, enum lang l,
    const int64_t *ids, size_t n, bool consent_only, struct person_card *out);

/* The people of region_id's organisations (and those without one), by
 * name, with their names.  0 or -1. */
int network_region_people(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct person_card **out, size_t *n);

/* 0 when the person belongs to no organisation or to one of region_id,
 * DB_MISSING when not (or there is no such person), -1 on error. */
int network_person_in_region(struct db *db, int64_t person_id,
    int64_t region_id);

/* The first person named `name` (the demo's agenda names its speakers):
 * the id, 0 if none, -1 on error. */
int64_t network_person_id(struct db *db, const char *name);

/* Every person's id in order (the scale generator's speakers), or NULL. */
int64_t *network_person_ids(struct db *db, struct arena *a, size_t *n);

/* The name of a municipality's language status in l ("bilingual, Finnish
 * majority"). */
const char *network_language_status_label(enum lang l,
    enum muni_language status);

/*
 * Imports municipalities from CSV (header: code,name_fi,name_sv,
 * language_status[,centre_lat,centre_lon]) into region region_code,
 * creating the region if needed; existing codes are updated.  All rows or
 * none: on the first bad row nothing is written and *err (arena) says which
 * line and why.  Returns the number of rows imported or -1.
 */
int network_import_municipalities(struct db *db, struct arena *a,
    const char *csv, size_t len, const char *region_code, const char **err);

/* The same inside the caller's transaction (for the demo loader). */
int network_import_rows(struct db *db, struct arena *a, const char *csv,
    size_t len, const char *region_code, const char **err);

#endif
