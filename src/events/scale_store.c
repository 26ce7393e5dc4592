/*
 * scale_store.c - the events of the scale generator (`tukiverkko demo
 * --scale N`, issue 13): enough events, agenda items and speakers to see
 * whether a page's cost follows what it shows or the size of the tables.
 * Every choice comes from the row's number through mix_pick(), so one
 * scale gives the same shapes on every run and on both backends.
 */
#include <stdio.h>

#include "base/mix.h"
#include "db/rows.h"
#include "events/events.h"

#define DAY	86400
#define YEAR	(365 * DAY)

static const char *const kinds[] = { "webinar", "on-site", "hybrid" };
static const char *const langs[] = { "fi", "fi,sv", "fi,sv,en", "sv",
	"fi,en" };
static const struct { const char *fi, *sv, *en; } topics[] = {
	{ "Digituen verkostotapaaminen", "Nätverksträff för digitalt stöd",
	    "Digital support network meeting" },
	{ "Etätuen käytännöt", "Distansstödets praxis",
	    "Remote support in practice" },
	{ "Tietoturva arjessa", "Informationssäkerhet i vardagen",
	    "Everyday information security" },
	{ "Sähköinen asiointi tutuksi", "Bekanta dig med e-tjänster",
	    "Getting to know e-services" },
	{ "Digitukijoiden koulutus", "Utbildning för digistödjare",
	    "Training for digital supporters" },
};
static const char *const item_kinds[] = { "opening", "talk", "panel",
	"closing" };

/* Agenda items in the event's first hours, with their people. */
static int
scale_agenda(struct db *db, uint64_t seed, int64_t event_id,
    int64_t starts_at, const int64_t *people, size_t npeople)
{
	int64_t item, at = starts_at;
	size_t k, p, first, many;

	for (k = 0; k < 4; k++) {
		if (db_insert(db, "INSERT INTO agenda_item (event_id, kind, "
		    "starts_at, ends_at, title_fi, title_sv, title_en, "
		    "description_fi) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		    "RETURNING id", DB_ARGS(db_int(event_id),
		    db_text(item_kinds[k]), db_int(at), db_int(at + 1800),
		    db_text(k == 0 ? "Avaus" : k == 3 ? "Päätös" : "Puheenvuoro"),
		    db_text(k == 0 ? "Öppning" : k == 3 ? "Avslutning" :
		    "Anförande"), db_text(k == 0 ? "Opening" : k == 3 ?
		    "Closing" : "Talk"), db_text("Ohjelmanumeron kuvaus.")),
		    &item) != 0)
			return -1;
		at += 1800;
		if (npeople == 0 || k == 3)
			continue;
		/* A talk has a speaker, a panel three panelists. */
		many = k == 2 ? 3 : 1;
		first = (size_t)mix_pick(seed, (uint64_t)item, npeople);
		for (p = 0; p < many && p < npeople; p++)
			if (db_run(db, "INSERT INTO agenda_speaker (item_id, "
			    "person_id, role, position) VALUES (?1, ?2, ?3, ?4)",
			    DB_ARGS(db_int(item),
			    db_int(people[(first + p) % npeople]),
			    db_text(k == 2 ? "panelist" : "speaker"),
			    db_int((int64_t)p)), NULL) != 0)
				return -1;
	}
	return 0;
}

int
events_scale_fill(struct db *db, struct arena *a, uint64_t seed,
    int64_t region_id, const int64_t *people, size_t npeople,
    const char *const *codes, size_t ncodes, int64_t now, size_t count,
    struct event_scaled **out)
{
	struct event_scaled *v;
	char fi[128], sv[128], en[128];
	int64_t starts, ends, id, erased_at;
	size_t i, t, m;
	const char *status, *audience;
	uint64_t r;

	*out = v = arena_calloc(a, count ? count : 1, sizeof(*v));
	for (i = 0; i < count; i++) {
		r = mix_pick(seed, i, 100);
		/* Three years back to one year ahead, on the hour. */
		starts = now - 3 * YEAR + (int64_t)mix_pick(seed + 1, i,
		    4 * YEAR);
		starts -= starts % 3600;
		ends = starts + (r < 80 ? 2 * 3600 : 7 * 3600);
		t = (size_t)mix_pick(seed + 2, i, sizeof(topics) /
		    sizeof(topics[0]));
		snprintf(fi, sizeof(fi), "%s %zu", topics[t].fi, i + 1);
		snprintf(sv, sizeof(sv), "%s %zu", topics[t].sv, i + 1);
		snprintf(en, sizeof(en), "%s %zu", topics[t].en, i + 1);
		status = r < 4 ? "draft" : r < 8 ? "cancelled" : "published";
		audience = r % 12 == 0 ? "network" : "public";
		v[i].starts_at = starts;
		v[i].ends_at = ends;
		/* Six in ten take registrations; those past the retention
		 * (30 days by default) are erased, as the job leaves them. */
		v[i].capacity = r < 60 ? 30 + (int64_t)mix_pick(seed + 3, i,
		    270) : -1;
		v[i].erased = ends < now - 30 * DAY;
		erased_at = v[i].erased ? ends + 30 * DAY : 0;
		if (db_insert(db, "INSERT INTO event (region_id, kind, "
		    "title_fi, title_sv, title_en, summary_fi, summary_sv, "
		    "summary_en, starts_at, ends_at, status, audience, "
		    "languages, description_fi, capacity, registration_opens, "
		    "registration_closes, created_at, updated_at, erased_at, "
		    "place, organiser) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, "
		    "?20, ?21) RETURNING id", DB_ARGS(db_int(region_id),
		    db_text(kinds[r % 3]), db_text(fi),
		    db_text(r % 3 == 0 ? sv : ""), db_text(r % 4 == 0 ? en : ""),
		    db_text("Tervetuloa mukaan keskustelemaan digituesta."),
		    db_text(r % 3 == 0 ? "Välkommen med." : ""),
		    db_text(r % 4 == 0 ? "Welcome." : ""), db_int(starts),
		    db_int(ends), db_text(status), db_text(audience),
		    db_text(langs[r % 5]),
		    db_text("Tilaisuudessa käydään läpi ajankohtaisia asioita "
		    "ja jaetaan kokemuksia kuntien kesken."),
		    v[i].capacity >= 0 ? db_int(v[i].capacity) : db_null(),
		    v[i].capacity >= 0 ? db_int(starts - 60 * DAY) : db_null(),
		    v[i].capacity >= 0 ? db_int(starts - 3600) : db_null(),
		    db_int(starts - 90 * DAY),
		    erased_at ? db_int(erased_at) : db_null(),
		    db_text(r % 3 == 1 ? "Kirjasto, kokoushuone 2" : ""),
		    db_text("Digituen verkosto")), &id) != 0)
			return -1;
		v[i].id = id;
		for (m = 0; m < ncodes && m < 1 + (r % 2); m++)
			if (db_run(db, "INSERT INTO event_municipality "
			    "(event_id, municipality_code) VALUES (?1, ?2) "
			    "ON CONFLICT DO NOTHING", DB_ARGS(db_int(id),
			    db_text(codes[(mix_pick(seed + 4, i, ncodes) + m) %
			    ncodes])), NULL) != 0)
				return -1;
		if (scale_agenda(db, seed, id, starts, people, npeople) != 0)
			return -1;
	}
	return 0;
}
