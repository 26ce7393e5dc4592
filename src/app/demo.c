/*
 * demo.c - the demo network: the municipalities from the reference CSV and
 * the programme, organisations, people and webinar of the seed article
 * (demo/network.sql, embedded at build time); the dimensions of the
 * sparring self-assessment from the reference CSV, demo accounts to sign
 * in with, and the 2021 sparring workspaces (demo/programme.sql); the
 * webinar's agenda and an upcoming webinar open for registration.
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/account.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/directory.h"
#include "learning/learning.h"
#include "events/store.h"
#include "materials/materials.h"
#include "network/network.h"
#include "news/news.h"
#include "registration/registration.h"
#include "statistics/statistics.h"

/* The demo's year of support encounters (statistics/demo.c). */
#define DEMO_ENCOUNTERS 12000

EMBED_DECLARE(demo_sql);
EMBED_DECLARE(demo_live);

/* Reads a whole file into the arena; NULL if it cannot. */
static char *
demo_read(struct arena *a, const char *path, size_t *len)
{
	struct stat st;
	char *p;
	ssize_t n;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || st.st_size > 16 * 1024 * 1024) {
		close(fd);
		return NULL;
	}
	p = arena_alloc(a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, p + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	p[off] = '\0';
	*len = off;
	return p;
}

/*
 * The dimensions of the sparring self-assessment from
 * data_dir/sparring-dimensions.csv (key,label_fi,label_sv,label_en,
 * question_fi,question_sv,question_en; the older form without the Finnish
 * and Swedish questions is read too), in the file's order, inside the
 * caller's transaction.  A dimension already there is updated.  The count,
 * or -1 with *err set (in msg).
 */
static int
demo_dimensions(struct db *db, struct arena *a, const char *data_dir,
    char *msg, size_t msgsize, const char **err)
{
	static const char *const header[] = { "key", "label_fi", "label_sv",
	    "label_en", "question_fi", "question_sv", "question_en" };
	static const char *const old_header[] = { "key", "label_fi",
	    "label_sv", "label_en", "question_en" };
	const char *const *want;
	struct csv_record rec;
	struct csv c;
	const char *path, *q_fi, *q_sv, *q_en;
	char *data;
	size_t len, i, nf = 0;
	int rc, n = 0;

	path = arena_printf(a, "%s/sparring-dimensions.csv", data_dir);
	if ((data = demo_read(a, path, &len)) == NULL) {
		snprintf(msg, msgsize, "cannot read %s (set --data to the folder "
		    "of the reference data)", path);
		*err = msg;
		return -1;
	}
	csv_init(&c, a, data, len, ',');
	rc = csv_next(&c, &rec);
	if (rc == 1) {
		nf = rec.nfields;
		want = nf == 7 ? header : old_header;
		for (i = 0; i < nf && (nf == 7 || nf == 5); i++)
			if (strcmp(rec.fields[i], want[i]) != 0)
				rc = -1;
		if (nf != 7 && nf != 5)
			rc = -1;
	}
	if (rc != 1) {
		snprintf(msg, msgsize, "%s: line 1: the header must be "
		    "key,label_fi,label_sv,label_en,question_fi,question_sv,"
		    "question_en", path);
		*err = msg;
		return -1;
	}
	while ((rc = csv_next(&c, &rec)) == 1) {
		if (rec.nfields != nf || rec.fields[0][0] == '\0' ||
		    rec.fields[1][0] == '\0') {
			snprintf(msg, msgsize, "%s: line %zu: expected %zu fields "
			    "with a key and a Finnish label", path, rec.line, nf);
			*err = msg;
			return -1;
		}
		q_fi = nf == 7 ? rec.fields[4] : "";
		q_sv = nf == 7 ? rec.fields[5] : "";
		q_en = rec.fields[nf - 1];
		rc = db_run(db, "INSERT INTO dimension (key, position, label_fi, "
		    "label_sv, label_en, question_fi, question_sv, question_en) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO "
		    "UPDATE SET position = excluded.position, label_fi = "
		    "excluded.label_fi, label_sv = excluded.label_sv, label_en = "
		    "excluded.label_en, question_fi = excluded.question_fi, "
		    "question_sv = excluded.question_sv, question_en = "
		    "excluded.question_en", DB_ARGS(db_text(rec.fields[0]),
		    db_int(++n), db_text(rec.fields[1]), db_text(rec.fields[2]),
		    db_text(rec.fields[3]), db_text(q_fi), db_text(q_sv),
		    db_text(q_en)), NULL);
		if (rc != 0) {
			snprintf(msg, msgsize, "%s: line %zu: %s", path, rec.line,
			    db_errmsg(db));
			*err = msg;
			return -1;
		}
	}
	if (rc < 0) {
		snprintf(msg, msgsize, "%s: line %zu: not valid CSV", path,
		    c.line);
		*err = msg;
		return -1;
	}
	return n;
}

/* The accounts of the demo, one per role a visitor would try. */
struct demo_account {
	const char *email;
	const char *name;
	enum role role;
	const char *municipality;	/* municipal coordinator */
	const char *scope;		/* tutor */
	char password[17];
	char hash[PASSWORD_HASH_MAX];
	bool made;
};

static struct demo_account demo_accounts[] = {
	{ "coordinator@example.fi", "Aino Esimerkki", ROLE_COORDINATOR, NULL,
	    NULL, "", "", false },
	{ "tutor.helsinki@example.fi", "Petri Suunta", ROLE_TUTOR, NULL, "611",
	    "", "", false },
	{ "pornainen@example.fi", "Sanna Kuvitelma", ROLE_MUNICIPAL, "611",
	    NULL, "", "", false },
	{ "admin@example.fi", "Demo Admin", ROLE_ADMIN, NULL, NULL, "", "",
	    false },
};
#define DEMO_ACCOUNTS (sizeof(demo_accounts) / sizeof(demo_accounts[0]))

/*
 * A random password for each demo account (12 bytes from libsodium, 16
 * characters of base64url) and its hash.  Done before the transaction:
 * argon2id takes a second, and the write lock should not wait for it.
 * 0 or -1.
 */
static int
demo_passwords(void)
{
	unsigned char raw[12];
	size_t i;

	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		if (password_hash(demo_accounts[i].password,
		    demo_accounts[i].hash) != 0)
			return -1;
		demo_accounts[i].made = false;
	}
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

/* Creates the demo accounts in the caller's transaction; an address that
 * is taken already is left as it is.  0 or -1. */
static int
demo_make_accounts(struct db *db, int64_t now)
{
	struct account_grant g;
	int64_t region = network_region_id(db, "uusimaa"), id;
	size_t i;

	if (region <= 0)
		return -1;
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];

		memset(&g, 0, sizeof(g));
		g.role = d->role;
		g.region_id = d->role == ROLE_ADMIN ? 0 : region;
		g.municipality = d->municipality;
		g.scopes = d->scope ? &d->scope : NULL;
		g.nscopes = d->scope ? 1 : 0;
		id = account_create(db, d->email, d->name, &g, "fi", now);
		if (id < 0)
			return -1;
		if (id == 0)
			continue;
		if (account_set_password(db, id, d->hash) != 0)
			return -1;
		d->made = true;
	}
	return 0;
}

/* --- events: the seed's webinar and an upcoming one --- */

/* One agenda item of a demo event: minutes from the event's start. */
struct demo_item {
	const char *kind;
	int from, to;
	const char *fi, *sv, *en;
	const char *people[4];	/* names of demo people ... */
	const char *roles[4];	/* ... and their parts */
};

/* The agenda of the 6 October 2021 webinar, as the seed tells it. */
static const struct demo_item demo_webinar_2021[] = {
	{ "opening", 0, 15, "Avaus: tutortoiminta 2019–2021",
	    "Inledning: tutorverksamheten 2019–2021",
	    "Opening: tutor activity 2019–2021",
	    { "Aino Esimerkki" }, { "speaker" } },
	{ "talk", 15, 60, "Kokemuksia sparrauksesta: Pornainen, Tuusula ja Karkkila",
	    "Erfarenheter av sparrningen: Borgnäs, Tusby och Högfors",
	    "Experiences of the sparring: Pornainen, Tuusula and Karkkila",
	    { "Sanna Kuvitelma", "Mikko Testinen", "Leena Lainaaja" },
	    { "speaker", "speaker", "speaker" } },
	{ "talk", 60, 70, "Porvoon digituen järjestelyt",
	    "Det digitala stödet i Borgå", "Digital support in Porvoo",
	    { "Johanna Hyvä" }, { "speaker" } },
	{ "break", 70, 80, "Tauko", "Paus", "Break", { NULL }, { NULL } },
	{ "panel", 80, 120, "Kuntatutorien paneeli: verkostotyö digituessa",
	    "Kommuntutorernas panel: nätverksarbete i det digitala stödet",
	    "Panel of municipal tutors: network work in digital support",
	    { "Ville Malli", "Petri Suunta", "Riikka Verkko", "Antti Palvelu" },
	    { "moderator", "panelist", "panelist", "panelist" } },
	{ "talk", 120, 140, "DVV:n tuki kunnille: koulutus ja digituen osaamismerkki",
	    "Myndighetens stöd till kommunerna: utbildning och kompetensmärket för digitalt stöd",
	    "The agency's support for municipalities: training and the Digital Support competence badge",
	    { "Maria Virasto" }, { "speaker" } },
	{ "closing", 140, 150, "Kiitokset ja materiaalit",
	    "Tack och material", "Thanks and materials",
	    { "Aino Esimerkki" }, { "speaker" } },
};

/* The agenda of the upcoming webinar. */
static const struct demo_item demo_webinar_next[] = {
	{ "opening", 0, 10, "Avaus", "Inledning", "Opening",
	    { "Aino Esimerkki" }, { "speaker" } },
	{ "talk", 10, 40, "Digituen osaamismerkki kunnan työntekijöille",
	    "Kompetensmärket för digitalt stöd för kommunens personal",
	    "The Digital Support competence badge for municipal staff",
	    { "Maria Virasto" }, { "speaker" } },
	{ "discussion", 40, 80, "Keskustelu: miten merkki otetaan käyttöön kunnassa?",
	    "Diskussion: hur tar kommunen märket i bruk?",
	    "Discussion: how does a municipality take the badge into use?",
	    { "Ville Malli", "Riikka Verkko", "Sanna Kuvitelma" },
	    { "moderator", "panelist", "panelist" } },
	{ "closing", 80, 90, "Yhteenveto", "Sammanfattning", "Summing up",
	    { "Aino Esimerkki" }, { "speaker" } },
};

/* The items and people of one event, in the caller's transaction. */
static int
demo_agenda(struct db *db, int64_t event_id, int64_t start,
    const struct demo_item *items, size_t n)
{
	struct agenda_fields f;
	size_t i, j;
	int64_t item, person;

	for (i = 0; i < n; i++) {
		memset(&f, 0, sizeof(f));
		f.kind = items[i].kind;
		f.starts_at = start + items[i].from * 60;
		f.ends_at = start + items[i].to * 60;
		f.title[LANG_FI] = items[i].fi;
		f.title[LANG_SV] = items[i].sv;
		f.title[LANG_EN] = items[i].en;
		f.description[0] = f.description[1] = f.description[2] = "";
		if ((item = agenda_item_insert(db, event_id, &f)) < 0)
			return -1;
		for (j = 0; j < 4 && items[i].people[j]; j++) {
			if (db_int64(db, "SELECT id FROM person WHERE name = ?1 "
			    "ORDER BY id LIMIT 1", DB_ARGS(db_text(items[i].people[j])),
			    &person) != 0 || person == 0 ||
			    agenda_person_add(db, item, person,
			    agenda_part_parse(items[i].roles[j]),
			    (int64_t)j + 1) != 0)
				return -1;
		}
	}
	return 0;
}

/*
 * 9.00 Helsinki time on the first Wednesday at least four weeks after
 * now: the upcoming webinar is always ahead of whoever loads the demo.
 */
static int64_t
demo_next_webinar(struct arena *a, int64_t now)
{
	time_t t = (time_t)(now + 28 * 86400);
	struct tm tm;
	int64_t at;

	localtime_r(&t, &tm);
	t += (time_t)(((3 - tm.tm_wday + 7) % 7) * 86400);
	localtime_r(&t, &tm);
	if (time_parse_local(arena_printf(a, "%04d-%02d-%02d 09:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), &at) != 0)
		return -1;
	return at;
}

/*
 * Event 1 (the seed's webinar of demo/network.sql) gets its description,
 * platform, organiser and agenda; event 2 is an upcoming webinar open for
 * registration, with two questions.  In the caller's transaction; nothing
 * is done when event 1 has its agenda already.  0 or -1.
 */
static int
demo_events(struct db *db, struct arena *a, int64_t now)
{
	/* The Regional Council's names, as it writes them itself: Swedish
	 * and English pages show their own (migration 0017). */
	static const char organiser[] = "Uudenmaan liitto, Uudenmaan "
	    "digituki-hanke";
	static const char organiser_sv[] = "Nylands förbund, projektet "
	    "Digitalt stöd i Nyland";
	static const char organiser_en[] = "Helsinki-Uusimaa Regional "
	    "Council, Uusimaa digital support project";
	/* The consent says when the data goes: event_retention_days after
	 * the event, as the retention job erases it (#12 item 12). */
	unsigned days = config_get()->event_retention_days;
	int64_t region, next, id;

	if (db_int64(db, "SELECT COUNT(*) FROM agenda_item WHERE event_id = 1",
	    DB_NOARGS, &id) != 0)
		return -1;
	if (id != 0)
		return 0;
	if (db_int64(db, "SELECT region_id FROM event WHERE id = 1", DB_NOARGS,
	    &region) < 0 || region <= 0)
		return -1;

	if (db_run(db, "UPDATE event SET status = 'published', "
	    "audience = 'public', languages = 'fi', platform = 'Teams', "
	    "organiser = ?1, created_at = 1630000000, updated_at = 1630000000, "
	    "description_fi = ?2, description_sv = ?3, description_en = ?4, "
	    "organiser_sv = ?5, organiser_en = ?6 WHERE id = 1",
	    DB_ARGS(db_text(organiser),
	    db_text("Kuntien digituen sparraus huipentui webinaariin, "
	    "jossa sparraukseen osallistuneet kunnat kertoivat kokemuksistaan "
	    "ja kuntatutorit arvioivat, miten kokonaisuus onnistui.\n\n"
	    "Webinaarissa esitetyt materiaalit saa jälkikäteen hanketiimiltä."),
	    db_text("Kommunernas sparrning i digitalt stöd avslutades "
	    "med ett webbinarium där kommunerna berättade om sina erfarenheter "
	    "och kommuntutorerna bedömde hur helheten lyckades.\n\n"
	    "Materialet från webbinariet fås i efterhand av projektteamet."),
	    db_text("The municipal digital support sparring culminated "
	    "in a webinar where the municipalities told of their experiences "
	    "and the municipal tutors assessed how the whole succeeded.\n\n"
	    "The materials shown in the webinar are available afterwards from "
	    "the project team."), db_text(organiser_sv),
	    db_text(organiser_en)), NULL) != 0 ||
	    demo_agenda(db, 1, 1633500000, demo_webinar_2021,
	    sizeof(demo_webinar_2021) / sizeof(demo_webinar_2021[0])) != 0)
		return -1;

	if ((next = demo_next_webinar(a, now)) <= now)
		return -1;
	/* The first event after the seed's, so id 2 on a new database (the
	 * registration pages and tests know it by that id). */
	if (db_insert(db, "INSERT INTO event (region_id, kind, title_fi, "
	    "title_sv, title_en, summary_fi, summary_sv, summary_en, "
	    "description_fi, description_sv, description_en, starts_at, "
	    "ends_at, status, audience, languages, platform, join_url, "
	    "organiser, sequence, created_at, updated_at, capacity, "
	    "registration_opens, registration_closes, group_max, consent_fi, "
	    "consent_sv, consent_en, offer_hours, reminder_hours, "
	    "organiser_sv, organiser_en) VALUES ("
	    "?1, 'webinar', 'Digituen osaamismerkki kunnissa', "
	    "'Kompetensmärket för digitalt stöd i kommunerna', "
	    "'The Digital Support competence badge in municipalities', "
	    "'Miten kunnan työntekijät suorittavat digituen osaamismerkin, ja "
	    "miten kunta tukee heitä siinä?', "
	    "'Hur avlägger kommunens personal kompetensmärket för digitalt "
	    "stöd, och hur stöder kommunen dem?', "
	    "'How do municipal staff earn the Digital Support competence "
	    "badge, and how does the municipality support them?', ?2, ?3, ?4, "
	    "?5, ?6, 'published', 'public', 'fi,sv', 'Teams', "
	    "'https://teams.example.org/l/meetup-join/tukiverkko-demo', ?7, 0, "
	    "?8, ?8, 300, ?8, ?5, 3, ?9, ?10, ?11, 24, 24, ?12, ?13) "
	    "RETURNING id",
	    DB_ARGS(db_int(region),
	    db_text("Webinaarissa esitellään digituen osaamismerkki "
	    "ja keskustellaan siitä, miten kunnat voivat ottaa sen käyttöön "
	    "oman henkilöstönsä osaamisen tukena.\n\n"
	    "- Osallistumislinkki lähetetään ilmoittautuneille.\n"
	    "- Voit ilmoittaa mukaasi enintään kaksi työkaveria."),
	    db_text("I webbinariet presenteras kompetensmärket för "
	    "digitalt stöd och vi diskuterar hur kommunerna kan ta det i bruk "
	    "för att stödja sin personals kompetens.\n\n"
	    "- Länken för att delta skickas till de anmälda.\n"
	    "- Du kan anmäla högst två kolleger med dig."),
	    db_text("The webinar presents the Digital Support "
	    "competence badge and discusses how municipalities can take it "
	    "into use to support the competence of their own staff.\n\n"
	    "- The link to join is sent to those registered.\n"
	    "- You may register up to two colleagues with you."),
	    db_int(next), db_int(next + 90 * 60), db_text(organiser),
	    db_int(now), db_text(arena_printf(a, "Ilmoittautumalla hyväksyt, "
	    "että nimesi, sähköpostiosoitteesi ja organisaatiosi tallennetaan "
	    "tapahtuman järjestämistä varten. Tiedot poistetaan %u päivän "
	    "kuluttua tapahtumasta.", days)),
	    db_text(arena_printf(a, "Genom att anmäla dig godkänner du att "
	    "ditt namn, din e-postadress och din organisation sparas för att "
	    "ordna evenemanget. Uppgifterna raderas %u dagar efter "
	    "evenemanget.", days)),
	    db_text(arena_printf(a, "By registering you agree that your name, "
	    "e-mail address and organisation are stored to organise the event. "
	    "The data is deleted %u days after the event.", days)),
	    db_text(organiser_sv), db_text(organiser_en)), &id) != 0 ||
	    demo_agenda(db, id, next, demo_webinar_next,
	    sizeof(demo_webinar_next) / sizeof(demo_webinar_next[0])) != 0 ||
	    db_run(db, "INSERT INTO event_municipality (event_id, "
	    "municipality_code) SELECT ?1, code FROM municipality WHERE code IN "
	    "('091', '092', '049', '106')", DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	return db_run(db, "INSERT INTO event_question (event_id, position, "
	    "kind, label_fi, label_sv, label_en, choices, required) VALUES "
	    "(?1, 1, 'yesno', 'Annatko itse digitukea asiakkaille?', "
	    "'Ger du själv digitalt stöd till kunder?', "
	    "'Do you give digital support to customers yourself?', '', 1), "
	    "(?1, 2, 'choice', 'Missä työskentelet?', 'Var arbetar du?', "
	    "'Where do you work?', "
	    "'Kunta|Kommun|Municipality\nKirjasto|Bibliotek|Library\n"
	    "Järjestö|Organisation|Association\nMuu|Annat|Other', 0)",
	    DB_ARGS(db_int(id)), NULL) == 0 ? 0 : -1;
}

/* Demo data is there when the region has its network name. */
static int
demo_present(struct db *db)
{
	int64_t one;
	int rc;

	rc = db_int64(db, "SELECT 1 FROM region WHERE code = 'uusimaa' AND "
	    "network_fi <> ''", DB_NOARGS, &one);
	return rc == 0 ? 1 : rc == DB_MISSING ? 0 : -1;
}

/* --- the demo's present: demo/live.sql --- */

/* The Helsinki date `days` from the day of `now`, as YYYY-MM-DD into out. */
static int
demo_day(struct arena *a, int64_t now, long days, char out[11])
{
	time_t t = (time_t)now;
	struct tm tm;
	int64_t noon;

	localtime_r(&t, &tm);
	/* From noon, so that a day of 23 or 25 hours lands on the right date. */
	if (time_parse_local(arena_printf(a, "%04d-%02d-%02d 12:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), &noon) != 0)
		return -1;
	t = (time_t)(noon + (int64_t)days * 86400);
	localtime_r(&t, &tm);
	return strftime(out, 11, "%Y-%m-%d", &tm) == 10 ? 0 : -1;
}

/*
 * demo/live.sql with its placeholders replaced (see the head of that
 * file): ${Y}, ${W}, ${D+N}, ${T+N HH:MM}, ${NOW}.  NULL with *err on a
 * malformed placeholder, which is a mistake in the file.
 */
static char *
demo_expand(struct arena *a, const char *sql, int64_t now, const char **err)
{
	struct buf out;
	const char *p = sql, *end;
	char day[11], *rest, *copy;
	long n;
	int64_t at;

	buf_init(&out);
	while ((end = strstr(p, "${")) != NULL) {
		buf_append(&out, p, (size_t)(end - p));
		p = end + 2;
		if ((end = strchr(p, '}')) == NULL)
			goto bad;
		if (end - p == 1 && p[0] == 'Y') {
			if (demo_day(a, now, 0, day) != 0)
				goto bad;
			buf_append(&out, day, 4);
		} else if (end - p == 1 && p[0] == 'W') {
			time_t t = (time_t)now;
			struct tm tm;
			char week[16];

			localtime_r(&t, &tm);
			strftime(week, sizeof(week), "%G-W%V", &tm);
			buf_puts(&out, week);
		} else if (end - p == 3 && strncmp(p, "NOW", 3) == 0) {
			buf_printf(&out, "%lld", (long long)now);
		} else if ((p[0] == 'D' || p[0] == 'T') &&
		    (p[1] == '+' || p[1] == '-')) {
			n = strtol(p + 1, &rest, 10);
			if (demo_day(a, now, n, day) != 0)
				goto bad;
			if (p[0] == 'D' && rest == end)
				buf_append(&out, day, 10);
			else if (p[0] == 'T' && *rest == ' ' && end - rest == 6) {
				if (time_parse_local(arena_printf(a, "%s %.5s",
				    day, rest + 1), &at) != 0)
					goto bad;
				buf_printf(&out, "%lld", (long long)at);
			} else
				goto bad;
		} else
			goto bad;
		p = end + 1;
	}
	buf_puts(&out, p);
	copy = arena_strdup(a, buf_cstr(&out));
	buf_cleanup(&out);
	return copy;
bad:
	buf_cleanup(&out);
	*err = "demo/live.sql: a malformed ${placeholder}";
	return NULL;
}

/* Runs demo/live.sql for `now`, in the caller's transaction.  0 or -1. */
static int
demo_live_load(struct db *db, struct arena *a, int64_t now, char *msg,
    size_t msgsize, const char **err)
{
	size_t i;
	char *sql;

	for (i = 0; i < demo_live_len; i++) {
		if ((sql = demo_expand(a, (const char *)demo_live[i].data, now,
		    err)) == NULL)
			return -1;
		if (db_exec(db, sql) != 0) {
			snprintf(msg, msgsize, "demo/%s: %s", demo_live[i].path,
			    db_errmsg(db));
			*err = msg;
			return -1;
		}
	}
	return 0;
}

int
app_demo_load(struct db *db, const char *data_dir, const char **err)
{
	static char msg[512];
	struct arena a;
	char *path, *csv;
	size_t len, i;
	int rc = -1;

	*err = NULL;
	if ((rc = demo_present(db)) != 0) {
		if (rc < 0)
			*err = "cannot read the database";
		return rc;
	}
	rc = -1;
	arena_init(&a);
	path = arena_printf(&a, "%s/uusimaa-municipalities.csv", data_dir);
	if ((csv = demo_read(&a, path, &len)) == NULL) {
		snprintf(msg, sizeof(msg), "cannot read %s (set --data to the "
		    "folder of the reference data)", path);
		*err = msg;
		goto out;
	}
	if (demo_passwords() != 0) {
		*err = "out of memory for the demo accounts' passwords";
		goto out;
	}
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		goto out;
	}
	if (network_import_rows(db, &a, csv, len, "uusimaa", err) < 0) {
		snprintf(msg, sizeof(msg), "%s: %s", path, *err);
		*err = msg;
		db_rollback(db);
		goto out;
	}
	if (demo_dimensions(db, &a, data_dir, msg, sizeof(msg), err) < 0) {
		db_rollback(db);
		goto out;
	}
	if (demo_make_accounts(db, time_now()) != 0) {
		*err = "cannot create the demo accounts";
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < demo_sql_len; i++) {
		if (db_exec(db, (const char *)demo_sql[i].data) != 0) {
			snprintf(msg, sizeof(msg), "demo/%s: %s", demo_sql[i].path,
			    db_errmsg(db));
			*err = msg;
			db_rollback(db);
			goto out;
		}
	}
	/* The events first: the materials attach to the webinar. */
	if (demo_events(db, &a, time_now()) != 0) {
		snprintf(msg, sizeof(msg), "the demo events: %s", db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* The demo webinar's materials (their files go to the store). */
	if (materials_demo_load(db, time_now()) != 0) {
		*err = "cannot add the demo materials (is files_dir writable?)";
		db_rollback(db);
		goto out;
	}
	/* news: the post about the webinar, after the materials it links. */
	if (news_demo_load(db) != 0) {
		snprintf(msg, sizeof(msg), "the demo news post: %s",
		    db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* directory: service points across Uusimaa. */
	if (directory_demo_load(db, network_region_id(db, "uusimaa"), 150,
	    true, time_now()) != 0) {
		snprintf(msg, sizeof(msg), "the demo service points: %s",
		    db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* learning: the "Digituen perusteet" badge and its awards. */
	if (learning_demo_load(db, network_region_id(db, "uusimaa"),
	    time_now()) != 0) {
		snprintf(msg, sizeof(msg), "the demo badges: %s", db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* Last, the present: a period under way, events around today. */
	if (demo_live_load(db, &a, time_now(), msg, sizeof(msg), err) != 0) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) != 0) {
		*err = "the database could not save the demo data";
		db_rollback(db);
		goto out;
	}
	/* statistics: a year of encounters at the points (its own
	 * transactions, after the points are there). */
	if (stats_demo_load(db, network_region_id(db, "uusimaa"),
	    DEMO_ENCOUNTERS, 16, time_now(), err) != 0)
		goto out;
	printf("demo accounts:\n");
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		if (demo_accounts[i].made)
			printf("  %-26s password %s  (%s)\n",
			    demo_accounts[i].email, demo_accounts[i].password,
			    role_name(demo_accounts[i].role));
	rc = 0;
out:
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		sodium_memzero(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password));
	arena_cleanup(&a);
	return rc;
}

/* The units of app_demo_scale() (app.h). */
#define SCALE_EVENTS	100
#define SCALE_MATERIALS	100
#define SCALE_NEWS	20
#define SCALE_AUDIT	200

int
app_demo_scale(struct db *db, const char *data_dir, long scale,
    const char **err)
{
	struct event_scaled *ev;
	struct account coord;
	struct arena a;
	const char **codes;
	int64_t region, *people, *evids, *mats, now = time_now();
	size_t npeople, ncodes, nev, i;
	uint64_t seed;
	long regs;
	int rc = -1;

	if (scale < 1 || scale > 100000) {
		*err = "--scale takes a whole number from 1 to 100000";
		return -1;
	}
	if (app_demo_load(db, data_dir, err) < 0)
		return -1;
	arena_init(&a);
	nev = (size_t)scale * SCALE_EVENTS;
	/* Every run its own shapes, so a second run adds to the first. */
	seed = (uint64_t)now;
	*err = "the database refused the scale data";
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		goto out;
	}
	if (db_int64(db, "SELECT id FROM region WHERE code = 'uusimaa'",
	    DB_NOARGS, &region) != 0 ||
	    (people = db_ints(db, &a, "SELECT id FROM person ORDER BY id",
	    DB_NOARGS, &npeople)) == NULL ||
	    (codes = db_strs(db, &a, "SELECT code FROM municipality WHERE "
	    "region_id = ?1 ORDER BY code", DB_ARGS(db_int(region)),
	    &ncodes)) == NULL ||
	    account_by_email(db, &a, demo_accounts[0].email, &coord) != 0 ||
	    events_scale_fill(db, &a, seed, region, people, npeople, codes,
	    ncodes, now, nev, &ev) != 0 ||
	    (regs = registration_scale_fill(db, seed + 10, ev, nev, codes,
	    ncodes, now)) < 0)
		goto fail;
	evids = arena_calloc(&a, nev, sizeof(*evids));
	for (i = 0; i < nev; i++)
		evids[i] = ev[i].id;
	if (materials_scale_fill(db, &a, seed + 20, region, evids, nev, now,
	    (size_t)scale * SCALE_MATERIALS, &mats) != 0 ||
	    news_scale_fill(db, seed + 30, region, coord.id, evids, nev, now,
	    (size_t)scale * SCALE_NEWS) != 0 ||
	    audit_scale_fill(db, seed + 40, coord.id, now,
	    (size_t)scale * SCALE_AUDIT) != 0)
		goto fail;
	if (db_commit(db) != 0)
		goto fail;
	printf("scale %ld: %zu events with agenda and speakers, %ld "
	    "registrations, %ld materials, %ld news posts, %ld audit records\n",
	    scale, nev, regs, scale * SCALE_MATERIALS, scale * SCALE_NEWS,
	    scale * SCALE_AUDIT);
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	arena_cleanup(&a);
	return rc;
}

int
app_demo_service_points(struct db *db, int n, const char **err)
{
	int64_t region;

	*err = NULL;
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		return -1;
	}
	/* The demo's region, or the first there is. */
	region = network_region_id(db, "uusimaa");
	if (region <= 0 && db_int64(db, "SELECT min(id) FROM region",
	    DB_NOARGS, &region) < 0)
		region = 0;
	if (region <= 0) {
		*err = "no region in the database (run demo first)";
		db_rollback(db);
		return -1;
	}
	if (directory_demo_load(db, region, n, false, time_now()) != 0 ||
	    db_commit(db) != 0) {
		*err = "cannot add the service points (see the log)";
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
app_demo_encounters(struct db *db, long n, const char **err)
{
	int64_t region = network_region_id(db, "uusimaa");

	*err = NULL;
	if (region <= 0 && db_int64(db, "SELECT min(id) FROM region",
	    DB_NOARGS, &region) < 0)
		region = 0;
	if (region <= 0) {
		*err = "no region in the database (run demo first)";
		return -1;
	}
	/* Every run its own shapes, so a second run adds to the first. */
	return stats_demo_load(db, region, n, (uint64_t)time_now(),
	    time_now(), err);
}

int
app_demo_reset_accounts(struct db *db)
{
	struct account acct;
	struct arena a;
	size_t i;
	int n = 0, rc = -1;

	arena_init(&a);
	if (demo_passwords() != 0 || db_begin(db) != 0)
		goto out;
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];
		int found = account_by_email(db, &a, d->email, &acct);

		if (found < 0) {
			db_rollback(db);
			goto out;
		}
		if (found != 0)
			continue;
		if (account_set_password(db, acct.id, d->hash) != 0 ||
		    session_destroy_all(db, acct.id) != 0) {
			db_rollback(db);
			goto out;
		}
		d->made = true;
		n++;
	}
	if (db_commit(db) != 0) {
		db_rollback(db);
		goto out;
	}
	if (n > 0)
		printf("demo accounts:\n");
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		if (demo_accounts[i].made)
			printf("  %-26s password %s  (%s)\n",
			    demo_accounts[i].email, demo_accounts[i].password,
			    role_name(demo_accounts[i].role));
	rc = n;
out:
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		sodium_memzero(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password));
	arena_cleanup(&a);
	return rc;
}
