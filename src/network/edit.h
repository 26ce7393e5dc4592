/*
 * edit.h - the write side of the network: organisations, people and their
 * roles (network coordinators), and each municipality's public description
 * of its digital support (its municipal coordinator and the coordinators).
 *
 * Organisations and people need ACT_NETWORK; their route loaders
 * (network_org_loader, network_person_loader) reach an object only for
 * those who manage its region (an organisation's own, a person's through
 * their organisation), and one outside the viewer's reach is answered 404
 * like an unknown id.  The support description needs ACT_ACCOUNT and its
 * loader the SCOPE_EDITED rule, 404 otherwise.
 *
 * Every change is one transaction with its audit record and ends in a 303;
 * the public pages are cached, but every commit makes the cache stale, so
 * a change shows at once.  Deleting an organisation that people belong to,
 * or anything other records still refer to, is refused with a message.
 */
#ifndef TV_NETWORK_EDIT_H
#define TV_NETWORK_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"
#include "network/network.h"
#include "view/form.h"
#include "view/view.h"

#define EDIT_NAME_MAX 200		/* characters of a name or a title */
#define EDIT_WEBSITE_MAX 500		/* bytes of a website address */
#define EDIT_SUPPORT_MAX 10000		/* characters of a support description */
#define EDIT_ROLE_ROWS 12		/* most role rows in the person form */

/* What an organisation is, as stored in organisation.kind (edit_kinds[]
 * in this order). */
enum org_kind {
	ORG_MUNICIPAL_UNIT,
	ORG_LIBRARY,
	ORG_ASSOCIATION,
	ORG_PARISH,
	ORG_ADULT_EDUCATION,
	ORG_COMPANY,
	ORG_REGIONAL_COUNCIL,
	ORG_AGENCY,
	ORG_OTHER,
};
#define ORG_KIND_COUNT 9

/* One organisation with every language version of its name. */
struct edit_org {
	int64_t id;
	int64_t region_id;
	enum org_kind kind;
	const char *name[LANG_COUNT];
	const char *name_shown;		/* picked for the page's language */
	enum lang name_lang;
	const char *municipality;	/* code, or NULL for the whole region */
	const char *municipality_name;	/* NULL for the whole region */
	const char *website;
	int64_t npeople;		/* people who belong to it */
};

/* A role of a person, where it applies. */
struct edit_role {
	enum person_role role;
	const char *municipality;	/* code, or NULL: the whole region */
	const char *municipality_name;
};

/* A role row of the person form as sent (or as stored). */
struct edit_role_row {
	const char *role;		/* a person_role_names value, "" none */
	const char *municipality;	/* code, or NULL: the whole region */
};

struct edit_person {
	int64_t id;
	int64_t region_id;		/* through the organisation; 0 unknown */
	const char *name;
	const char *title[LANG_COUNT];
	const char *title_shown;
	enum lang title_lang;
	int64_t organisation_id;	/* 0 none */
	const char *org_name[LANG_COUNT];	/* its stored names */
	const char *organisation;	/* its name in the page's language */
	const char *email;
	bool is_public;
	struct edit_role *roles;
	size_t nroles;
};

/* What the organisation form sent, or the stored values. */
struct edit_org_form {
	const char *kind;
	const char *name[LANG_COUNT];
	const char *municipality;	/* "" for the whole region */
	const char *website;
};

/* What the person form sent, or the stored values. */
struct edit_person_form {
	const char *name;
	const char *title[LANG_COUNT];
	const char *organisation;	/* id as text, "" none */
	const char *email;
	bool is_public;
	struct edit_role_row rows[EDIT_ROLE_ROWS];	/* role "" = an empty row */
	size_t nrows;			/* rows shown */
};

/* --- views for templates/network/edit.tmpl --- */

struct edit_orgs_view {
	const struct edit_org *orgs;
	size_t norgs;
	bool many_regions;
	const char *notice;		/* msgid */
};

struct edit_org_view {
	const char *csrf;
	const struct edit_org *org;	/* NULL: a new organisation */
	struct edit_org_form f;
	const struct municipality *munis;	/* the region's */
	size_t nmunis;
	const struct edit_person *people;	/* who belong to it */
	size_t npeople;
	struct form_errors errors;
	const char *notice;		/* msgid */
};

struct edit_people_view {
	const struct edit_person *people;
	size_t npeople;
	const char *notice;		/* msgid */
};

struct edit_person_view {
	const char *csrf;
	const struct edit_person *person;	/* NULL: a new person */
	struct edit_person_form f;
	const struct edit_org *orgs;	/* organisations to choose from */
	size_t norgs;
	const struct municipality *munis;	/* for the roles */
	size_t nmunis;
	struct form_errors errors;
	const char *notice;		/* msgid */
};

struct edit_support_view {
	const char *csrf;
	const struct municipality *m;
	const char *support[LANG_COUNT];	/* Markdown */
	struct form_errors errors;
	const char *notice;		/* msgid */
};

/* The name of an organisation kind in l ("Library"). */
const char *edit_kind_label(enum lang l, enum org_kind kind);

/* A stored kind; an unknown one reads as ORG_OTHER. */
enum org_kind edit_kind_parse(const char *s);

/* The name of a person's role in l ("Project manager"). */
const char *edit_role_label(enum lang l, enum person_role role);

/* The stored names of the kinds, for the select. */
extern const char *const edit_kinds[ORG_KIND_COUNT];
extern const size_t edit_nkinds;

/* --- handlers (routes in src/app/routes.c) --- */

void network_orgs_page(struct request *r);	/* GET  /:lang/network/organisations */
void network_org_new(struct request *r);	/* GET  .../organisations/new */
void network_org_create(struct request *r);	/* POST /:lang/network/organisations */
void network_org_page(struct request *r);	/* GET  .../organisations/:id */
void network_org_update(struct request *r);	/* POST .../organisations/:id */
void network_org_delete(struct request *r);	/* POST .../organisations/:id/delete */
void network_org_delete_confirm(struct request *r);	/* its GET: asks first */
void network_people_page(struct request *r);	/* GET  /:lang/network/people */
void network_person_new(struct request *r);	/* GET  .../people/new */
void network_person_create(struct request *r);	/* POST /:lang/network/people */
void network_person_page(struct request *r);	/* GET  .../people/:id */
void network_person_update(struct request *r);	/* POST .../people/:id */
void network_person_delete(struct request *r);	/* POST .../people/:id/delete */
void network_person_delete_confirm(struct request *r);	/* its GET: asks first */
void network_support_edit(struct request *r);	/* GET  /:lang/municipalities/:code/edit */
void network_support_save(struct request *r);	/* POST /:lang/municipalities/:code/edit */

#endif
