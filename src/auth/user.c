/*
 * user.c - role names.
 */
#include <string.h>

#include "auth/user.h"
#include "base/str.h"
#include "view/i18n.h"

static const char *const role_names[ROLE_COUNT] = {
	"public", "supporter", "municipal-coordinator", "tutor", "coordinator",
	"admin",
};

static const char *const role_msgids[ROLE_COUNT] = {
	N_("Visitor"), N_("Digital supporter"), N_("Municipal coordinator"),
	N_("Municipal tutor"), N_("Network coordinator"), N_("Administrator"),
};

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "public";
}

int
role_parse(const char *s, enum role *out)
{
	/* "public" (ROLE_PUBLIC) is no stored role. */
	int i = str_index(s, role_names + 1, ROLE_COUNT - 1);

	if (i < 0)
		return -1;
	*out = (enum role)(i + 1);
	return 0;
}

const char *
role_label_msgid(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_msgids[r] : role_msgids[0];
}

bool
role_has_region(enum role r)
{
	return r != ROLE_ADMIN;
}
