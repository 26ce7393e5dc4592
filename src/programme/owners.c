/*
 * owners.c - the names of the accounts that own actions or wrote their
 * history, from the auth module's cards (auth/account.h).
 */
#include "auth/account.h"
#include "programme/owners.h"

int
programme_account_names(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, const char **names)
{
	struct account_card *c = arena_calloc(a, n ? n : 1, sizeof(*c));
	size_t i;

	if (account_cards(db, a, ids, n, c) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (c[i].name[0] != '\0')
			names[i] = c[i].name;
	return 0;
}
