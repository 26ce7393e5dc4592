/*
 * user.h - who is making the request: roles and scopes.
 *
 * Every request carries a struct user; an anonymous visitor is the zero
 * user (id 0, ROLE_PUBLIC).  Roles are ordered by reach, but permissions
 * are decided only in policy.c, never by comparing roles elsewhere.
 */
#ifndef TV_AUTH_USER_H
#define TV_AUTH_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_PUBLIC = 0,	/* not signed in */
	ROLE_SUPPORTER,		/* one or more service points */
	ROLE_MUNICIPAL,		/* municipal coordinator: one municipality */
	ROLE_TUTOR,		/* assigned municipalities */
	ROLE_COORDINATOR,	/* a region */
	ROLE_ADMIN,		/* the platform */
};
#define ROLE_COUNT 6

struct user {
	int64_t id;			/* 0 when anonymous */
	enum role role;
	const char *email;
	const char *name;
	int64_t region_id;		/* coordinator (and others: their region) */
	const char *municipality;	/* municipal coordinator's code */
	const char **scopes;		/* tutor: municipality codes; supporter: service points */
	size_t nscopes;
	const char *csrf;		/* the session's CSRF token, NULL if none */
	bool via_api_token;
	int64_t token_id;		/* the API token's id, when via_api_token */
	bool token_can_write;
};

/* "admin", "coordinator", "tutor", "municipal-coordinator", "supporter",
 * "public": the names stored in the database. */
const char *role_name(enum role r);

/* Parses a stored role name; -1 when unknown. */
int role_parse(const char *s, enum role *out);

/* Does an account of role r belong to a region?  Every role but the
 * platform's administrator does. */
bool role_has_region(enum role r);

/* The role's name for people, translated (a msgid). */
const char *role_label_msgid(enum role r);

#endif
