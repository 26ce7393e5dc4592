/*
 * refs.c - the forms of support and the topics an encounter may name:
 * data/support-forms.csv and data/support-topics.csv, compiled into the
 * binary (src/statistics/meson.build) and parsed once, on first use, by
 * encounter_refs_parse().  The directory's reference tables come from the
 * same files (migration 0018), so both modules name the same keys.
 */
#include <pthread.h>
#include <string.h>

#include "base/embed.h"
#include "base/log.h"
#include "statistics/statistics.h"

EMBED_DECLARE(stats_ref_files);

static struct arena refs_arena;
static struct encounter_refs refs_forms, refs_topics;
static bool refs_ok;
static pthread_once_t refs_once = PTHREAD_ONCE_INIT;

static void
refs_load(void)
{
	char err[160];
	size_t i;
	int got = 0;

	arena_init(&refs_arena);
	for (i = 0; i < stats_ref_files_len; i++) {
		const struct embedded_file *f = &stats_ref_files[i];
		int forms = strcmp(f->path, "support-forms.csv") == 0;

		if (!forms && strcmp(f->path, "support-topics.csv") != 0)
			continue;
		if (encounter_refs_parse(&refs_arena, (const char *)f->data,
		    f->len, forms, forms ? &refs_forms : &refs_topics, err,
		    sizeof(err)) != 0) {
			log_error("statistics: %s: %s", f->path, err);
			return;
		}
		got++;
	}
	refs_ok = got == 2;
}

const struct encounter_refs *
stats_forms(void)
{
	pthread_once(&refs_once, refs_load);
	return refs_ok ? &refs_forms : NULL;
}

const struct encounter_refs *
stats_topics(void)
{
	pthread_once(&refs_once, refs_load);
	return refs_ok ? &refs_topics : NULL;
}
