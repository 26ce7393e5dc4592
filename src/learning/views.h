/*
 * views.h - what the learning templates (templates/learning/) are given.
 */
#ifndef TV_LEARNING_VIEWS_H
#define TV_LEARNING_VIEWS_H

#include "learning/learning.h"
#include "view/form.h"
#include "view/view.h"

/* --- staff --- */

struct learn_manage_view {
	const struct achievement *items;
	size_t n;
	const char *keys_href;		/* the issuer keys, or NULL */
};

/* The achievement form as written (or as stored). */
struct learn_ach_form {
	const char *name[LANG_COUNT];
	const char *description[LANG_COUNT];
	const char *criteria[LANG_COUNT];
	const char *kind;		/* the stored name */
	const char *tags[LANG_COUNT];	/* comma-separated */
	struct learn_alignment al[LEARN_ALIGN_MAX];
	const char *image;		/* "keep", "upload" or "generate" */
};

struct learn_edit_view {
	const char *csrf, *action;
	const struct achievement *ac;	/* NULL: a new one */
	struct learn_ach_form f;
	struct form_errors errors;
	const char *notice;		/* msgid */
	const char *image_href;
	const struct award *awards;	/* newest first */
	size_t nawards;
	const char *older_href;		/* the next page of awards, or NULL */
};

struct learn_award_view {
	const char *csrf, *action;
	const struct achievement *ac;
	const char *name, *email, *lang, *narrative, *evidence;
	struct form_errors errors;
};

struct learn_revoke_view {
	const char *csrf, *action;
	const struct award_full *f;
	const char *ach_name;
	const char *reason;
	const char *issued;
	struct form_errors errors;
};

/* The issuer's keys (ACT_ISSUER_KEYS). */
struct learn_keys_view {
	const char *csrf, *action;
	const struct learn_pubkey *keys;	/* oldest first */
	const char **kids;
	size_t n;
	const char *notice;		/* msgid */
};

/* --- public --- */

/* One badge on a page: the award, its texts in the page's language (or
 * the one it has), and its addresses. */
struct learn_badge_item {
	const struct award_full *f;
	const char *name, *description, *criteria;
	enum lang name_lang;
	const char *issued, *issued_iso;
	const char *revoked;		/* the date, or NULL */
	const char *verify_href, *image_href;
};

struct learn_verify_view {
	struct learn_badge_item b;
	const char *issuer_name, *issuer_url;
	const char *notice;		/* msgid */
	/* The machine-readable forms. */
	const char *credential, *jwt, *png3, *svg3;
	const char *assertion, *png2, *svg2, *badge_class, *achievement;
	const char *status_list, *did;
	bool has_png;			/* the image is a PNG: a baked PNG too */
	const char *revoke_href;	/* for its managers, or NULL */
};

struct learn_badges_view {
	const struct learn_badge_item *items;
	size_t n;
	const char *earner;		/* the earner page's heading name */
	/* the account page */
	const char *csrf, *action;
	const char *public_href;	/* the consented page, or NULL */
	const char *notice;		/* msgid */
};

/* Fills an item from an award in language l. */
void learn_badge_item_fill(struct request *r, const struct award_full *f,
    struct learn_badge_item *it);

/*
 * Reads the achievement form (form.c) into ev->f as written and, when
 * it has no mistake, into *out (with the image: *image and *nimage, NULL
 * to keep the stored one).  Every mistake is recorded in f.
 */
void learn_form_read(struct form *f, struct learn_edit_view *ev,
    struct achievement *out, const unsigned char **image, size_t *nimage);

/* The label of an achievement type, in l. */
const char *learn_kind_label(enum lang l, enum badge_achievement_type t);

#endif
