/*
 * scale_store.c - the news posts of the scale generator (`tukiverkko demo
 * --scale N`, issue 13), so that the news list and feeds meet realistic
 * volumes.  Choices come from the row's number (base/mix.h).
 */
#include <stdio.h>

#include "base/mix.h"
#include "db/rows.h"
#include "news/news.h"

int
news_scale_fill(struct db *db, uint64_t seed, int64_t region_id,
    int64_t author, const int64_t *events, size_t n, int64_t now,
    size_t count)
{
	static const char *const codes[LANG_COUNT] = { "fi", "sv", "en" };
	static const char *const titles[LANG_COUNT] = {
		"Uutisia digituen verkostosta", "Nyheter från nätverket",
		"News from the network" };
	static const char *const leads[LANG_COUNT] = {
		"Verkoston kunnat kertovat, mitä digituessa on tapahtunut.",
		"Kommunerna berättar vad som har hänt i det digitala stödet.",
		"The municipalities tell what has happened in digital support." };
	char title[160];
	int64_t id, at;
	size_t i;
	uint64_t r;
	int l;

	for (i = 0; i < count; i++) {
		r = mix_pick(seed, i, 100);
		/* Most published in the last three years, a few scheduled
		 * ahead, a few drafts. */
		at = now - (int64_t)mix_pick(seed + 1, i, 3 * 365 * 86400);
		if (r >= 94)
			at = now + 86400 * (int64_t)(1 + r % 20);
		if (db_insert(db, "INSERT INTO news_post (region_id, author_id, "
		    "status, publish_at, event_id, created_at, updated_at) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
		    DB_ARGS(db_int(region_id), db_id_or_null(author),
		    db_text(r < 90 || r >= 94 ? "published" : "draft"),
		    db_int(at), n > 0 && r % 3 == 0 ?
		    db_int(events[mix_pick(seed + 2, i, n)]) : db_null(),
		    db_int(at < now ? at : now)), &id) != 0)
			return -1;
		for (l = 0; l < LANG_COUNT; l++) {
			if ((l == 1 && r % 2 != 0) || (l == 2 && r % 3 != 0))
				continue;
			snprintf(title, sizeof(title), "%s %zu", titles[l], i + 1);
			if (db_run(db, "INSERT INTO news_version (post_id, lang, "
			    "title, lead, body) VALUES (?1, ?2, ?3, ?4, ?5)",
			    DB_ARGS(db_int(id), db_text(codes[l]),
			    db_text(title), db_text(leads[l]),
			    db_text("Tapaamisessa jaettiin kokemuksia.\n\n"
			    "## Seuraavaksi\n\nVerkosto kokoontuu taas "
			    "ensi kuussa.")), NULL) != 0)
				return -1;
		}
	}
	return 0;
}
