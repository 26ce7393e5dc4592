/*
 * demo.c - the demo's events: the seed article's webinar of 6 October 2021
 * (event 1 of demo/network.sql) gets its description, platform, organiser
 * and agenda with the demo people as speakers, and an upcoming webinar
 * open for registration is added.
 */
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "events/events.h"
#include "events/store.h"
#include "network/network.h"

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
			if ((person = network_person_id(db,
			    items[i].people[j])) <= 0 ||
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

int
events_demo_load(struct db *db, struct arena *a, int64_t now,
    int64_t *upcoming)
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
	*upcoming = 0;
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
	    "municipality_code) VALUES (?1, '091'), (?1, '092'), (?1, '049'), "
	    "(?1, '106')", DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	*upcoming = id;
	return 0;
}

