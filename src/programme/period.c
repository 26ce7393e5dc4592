/*
 * period.c - the names of a period's format and of a municipality's role
 * in it (see programme.h): stored once as text, parsed once by the row
 * functions, shown in the page's language.
 */
#include <string.h>

#include "base/str.h"
#include "programme/programme.h"

const char *const period_format_names[PERIOD_FORMAT_COUNT] = {
	"visits", "tutor-webinars", "sparring", "other"
};

static const char *const role_names[] = { "tutor", "sparred", "participant" };

const char *
period_format_name(enum period_format f)
{
	return (unsigned)f < PERIOD_FORMAT_COUNT ? period_format_names[f] :
	    "other";
}

int
period_format_parse(const char *s, enum period_format *out)
{
	int i = str_index(s, period_format_names, PERIOD_FORMAT_COUNT);

	if (i < 0)
		return -1;
	*out = (enum period_format)i;
	return 0;
}

const char *
period_format_label(enum lang l, enum period_format f)
{
	switch (f) {
	case PERIOD_VISITS:
		return i18n_text(l, "Visits between tutor municipalities");
	case PERIOD_TUTOR_WEBINARS:
		return i18n_text(l, "Webinars by tutor municipalities");
	case PERIOD_SPARRING:
		return i18n_text(l, "Digital support sparring");
	case PERIOD_OTHER:
		break;
	}
	return i18n_text(l, "Other format");
}

const char *
period_role_name(enum period_role r)
{
	return (unsigned)r < sizeof(role_names) / sizeof(role_names[0]) ?
	    role_names[r] : "participant";
}

int
period_role_parse(const char *s, enum period_role *out)
{
	int i = str_index(s, role_names, sizeof(role_names) /
	    sizeof(role_names[0]));

	if (i < 0)
		return -1;
	*out = (enum period_role)i;
	return 0;
}

const char *
period_role_label(enum lang l, enum period_role r)
{
	switch (r) {
	case PERIOD_ROLE_TUTOR:
		return i18n_text(l, "Tutor municipality");
	case PERIOD_ROLE_SPARRED:
		return i18n_text(l, "Sparred municipality");
	case PERIOD_ROLE_PARTICIPANT:
		break;
	}
	return i18n_text(l, "Participant");
}

enum period_role
period_supported_role(enum period_format f)
{
	return f == PERIOD_SPARRING ? PERIOD_ROLE_SPARRED :
	    PERIOD_ROLE_PARTICIPANT;
}
