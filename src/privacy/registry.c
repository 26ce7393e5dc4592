/*
 * registry.c - the privacy providers, like the route table: one line per
 * module that owns personal data (privacy/provider.h).  The order is the
 * order of the export document and of the statements of an erasure.
 * tools/boundary-check.py reads this table: a table with personal
 * columns that no provider listed here covers fails `make test`.
 */
#include "attendance/privacy.h"
#include "auth/privacy.h"
#include "directory/privacy.h"
#include "feedback/privacy.h"
#include "learning/privacy.h"
#include "mail/privacy.h"
#include "materials/privacy.h"
#include "network/privacy.h"
#include "registration/privacy.h"
#include "statistics/privacy.h"
#include "privacy/provider.h"

const struct privacy_provider *const privacy_providers[] = {
	&auth_privacy_provider,
	&mail_privacy_provider,
	&feedback_privacy_provider,
	&network_privacy_provider,
	/* Survey answers and guests before the registrations they are
	 * found by are anonymised. */
	&attendance_privacy_provider,
	&registration_privacy_provider,
	&materials_privacy_provider,
	&directory_privacy_provider,
	&learning_privacy_provider,
	&statistics_privacy_provider,
	NULL,
};
