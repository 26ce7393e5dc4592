/*
 * demo.c - service points for the demo and for benchmarks (directory.h).
 *
 * Uusimaa: six kinds of place in each of the 26 municipalities - the main
 * library, the citizen service point, the service centre for older
 * people, a pensioners' association's digital club, the parish's digital
 * help and the employment services' help point - named in Finnish,
 * Swedish and English as each language names them, with hours, periods,
 * exceptions, languages, topics and accessibility varied by a fixed rule,
 * so every run gives the same data.  Across Finland: plainer synthetic
 * points in every municipality, as many as asked.
 *
 * Everything goes through directory_store_save(), so the demo's points
 * are indexed and materialised exactly as edited ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/rows.h"
#include "directory/directory.h"

/* The Uusimaa municipalities: Finnish genitive (for "Espoon pääkirjasto"),
 * a postcode of the centre and a name for addresses. */
struct demo_muni {
	const char *code, *gen, *postcode;
	bool bilingual;
};

static const struct demo_muni munis[] = {
	{ "018", "Askolan", "07500", false },
	{ "049", "Espoon", "02100", true },
	{ "078", "Hangon", "10900", true },
	{ "091", "Helsingin", "00100", true },
	{ "092", "Vantaan", "01300", true },
	{ "106", "Hyvinkään", "05800", false },
	{ "149", "Inkoon", "10210", true },
	{ "186", "Järvenpään", "04400", false },
	{ "224", "Karkkilan", "03600", false },
	{ "235", "Kauniaisten", "02700", true },
	{ "245", "Keravan", "04200", false },
	{ "257", "Kirkkonummen", "02400", true },
	{ "407", "Lapinjärven", "07800", true },
	{ "434", "Loviisan", "07900", true },
	{ "444", "Lohjan", "08100", true },
	{ "504", "Myrskylän", "07600", true },
	{ "505", "Mäntsälän", "04600", false },
	{ "543", "Nurmijärven", "01900", false },
	{ "611", "Pornaisten", "07170", false },
	{ "616", "Pukkilan", "07560", false },
	{ "638", "Porvoon", "06100", true },
	{ "710", "Raaseporin", "10600", true },
	{ "753", "Sipoon", "04130", true },
	{ "755", "Siuntion", "02580", true },
	{ "858", "Tuusulan", "04300", false },
	{ "927", "Vihdin", "03400", false },
};

/* One kind of place: names (%s the genitive, the Swedish or the English
 * name of the municipality), street, texts, topics and forms. */
struct demo_kind {
	const char *org;
	const char *name_fi, *name_sv, *name_en;
	const char *street;
	const char *sum_fi, *sum_sv, *sum_en;
	const char *desc_fi, *desc_sv, *desc_en;
	const char *topics[6];
	const char *forms[3];
	const char *booking_fi, *booking_sv, *booking_en;
};

static const struct demo_kind kinds[] = {
	{ "%s kaupunginkirjasto",
	  "%s pääkirjasto", "%s huvudbibliotek", "%s Main Library",
	  "Kirjastonkatu",
	  "Apua puhelimen, tabletin ja tietokoneen käyttöön. Maksuton.",
	  "Hjälp med telefon, surfplatta och dator. Avgiftsfritt.",
	  "Help with your phone, tablet and computer. Free of charge.",
	  "Kirjaston digiopastajat auttavat laitteen käytössä, "
	  "pankkitunnusten ja mobiilivarmenteen käyttöönotossa sekä "
	  "Suomi.fi-palveluissa. Voit tulla paikan päälle tai varata ajan.",
	  "Bibliotekets digihandledare hjälper dig med enheten, "
	  "bankkoder och mobilcertifikat och Suomi.fi-tjänsterna. Kom på "
	  "plats eller boka en tid.",
	  "The library's digital guides help you with your device, online "
	  "banking codes, mobile ID and Suomi.fi services. Drop in or book "
	  "a time.",
	  { "device-basics", "identification", "banking", "suomi-fi",
	    "email-messaging", NULL },
	  { "drop-in", "appointment", "self-service" },
	  "Varaa aika kirjaston neuvonnasta tai puhelimella.",
	  "Boka tid vid bibliotekets infodisk eller per telefon.",
	  "Book a time at the library's information desk or by phone." },
	{ "%s kaupunki",
	  "Asiointipiste, %s", "Servicepunkten, %s", "Citizen service point, %s",
	  "Kauppakatu",
	  "Apua asiointiin Kelan, Verohallinnon ja kunnan palveluissa.",
	  "Hjälp med ärenden hos FPA, Skatteförvaltningen och kommunen.",
	  "Help with Kela, the Tax Administration and the municipality's "
	  "services.",
	  "Asiointipisteessä neuvotaan verkkoasioinnissa: Kelan hakemukset, "
	  "OmaVero, Suomi.fi-valtuudet ja vahva tunnistautuminen. "
	  "Neuvojat auttavat myös, jos sinulla ei ole pankkitunnuksia.",
	  "På servicepunkten får du råd om e-tjänster: FPA:s ansökningar, "
	  "MinSkatt, Suomi.fi-fullmakter och stark identifiering.",
	  "The service point advises on online services: Kela applications, "
	  "MyTax, Suomi.fi authorisations and strong identification.",
	  { "identification", "suomi-fi", "kela", "taxes", NULL, NULL },
	  { "appointment", "drop-in", "phone" },
	  "Ajanvaraus puhelimella arkisin klo 9–12.",
	  "Tidsbokning per telefon vardagar kl. 9–12.",
	  "Book by phone on weekdays 9–12." },
	{ "%s sosiaali- ja terveyspalvelut",
	  "%s palvelukeskus", "Servicecentralen i %s", "%s Service Centre",
	  "Palvelutie",
	  "Digiapua ikäihmisille omassa tahdissa. Maksuton.",
	  "Digihjälp för äldre i egen takt. Avgiftsfritt.",
	  "Digital help for older people at your own pace. Free of charge.",
	  "Palvelukeskuksen vertaisohjaajat opastavat videopuheluissa, "
	  "Omakannassa ja terveyspalvelujen ajanvarauksessa. Tunnistamme "
	  "yhdessä myös huijausviestit.",
	  "Servicecentralens kamrathandledare hjälper med videosamtal, "
	  "MittKanta och tidsbokning inom hälsovården. Vi lär oss också "
	  "känna igen bedrägerier.",
	  "Peer guides at the service centre help with video calls, My Kanta "
	  "and booking health appointments, and with recognising scams.",
	  { "device-basics", "video-calls", "health", "security-scams", NULL,
	    NULL },
	  { "peer-support", "course", NULL },
	  "Ryhmiin ilmoittaudutaan palvelukeskuksen infossa.",
	  "Anmälan till grupperna vid servicecentralens info.",
	  "Sign up for the groups at the service centre's info desk." },
	{ "%s Eläkeläiset ry",
	  "%s eläkeläisten digikerho", "Pensionärernas digiklubb i %s",
	  "Pensioners' digital club, %s",
	  "Seuratie",
	  "Vertaistukea älypuhelimen ja sovellusten käyttöön.",
	  "Kamratstöd med smarttelefonen och appar.",
	  "Peer support with smartphones and apps.",
	  "Kerhossa harjoitellaan yhdessä sähköpostia, WhatsAppia ja "
	  "sovellusten päivittämistä. Ota oma laite mukaan.",
	  "I klubben övar vi tillsammans e-post, WhatsApp och att uppdatera "
	  "appar. Ta med din egen enhet.",
	  "The club practises e-mail, WhatsApp and updating apps together. "
	  "Bring your own device.",
	  { "device-basics", "email-messaging", "video-calls", "apps", NULL,
	    NULL },
	  { "peer-support", "course", NULL },
	  "", "", "" },
	{ "%s seurakunta",
	  "%s seurakunnan digiapu", "Digihjälp i %s församling",
	  "Digital help at the parish of %s",
	  "Kirkkotie",
	  "Apua verkkopankkiin ja huijausten tunnistamiseen.",
	  "Hjälp med nätbanken och att känna igen bedrägerier.",
	  "Help with online banking and recognising scams.",
	  "Seurakunnan vapaaehtoiset auttavat verkkopankin ja "
	  "pankkitunnusten käytössä ja tekevät tarvittaessa kotikäynnin. "
	  "Iltaisin voit soittaa digiapuun.",
	  "Församlingens frivilliga hjälper med nätbanken och bankkoderna "
	  "och gör vid behov hembesök. På kvällarna kan du ringa digihjälpen.",
	  "The parish's volunteers help with online banking and banking codes "
	  "and visit you at home if needed. In the evenings you can call.",
	  { "device-basics", "banking", "security-scams", NULL, NULL, NULL },
	  { "drop-in", "home-visit", "phone" },
	  "Kotikäynnit sovitaan puhelimitse.",
	  "Hembesök avtalas per telefon.",
	  "Home visits are arranged by phone." },
	{ "%s työllisyyspalvelut",
	  "%s työllisyyspalvelujen digipiste",
	  "Sysselsättningstjänsternas digipunkt i %s",
	  "Employment services' digital help point, %s",
	  "Asemantie",
	  "Apua työnhakuun verkossa ja Työmarkkinatorin käyttöön.",
	  "Hjälp med jobbsökning på nätet och Jobbmarknaden.",
	  "Help with job seeking online and the Job Market Finland service.",
	  "Digipisteessä autetaan työnhaussa, hakemusten tekemisessä ja "
	  "vahvassa tunnistautumisessa. Etätukea saa chatissa ja videolla.",
	  "På digipunkten får du hjälp med jobbsökning, ansökningar och "
	  "stark identifiering. Distansstöd i chatt och video.",
	  "The help point helps with job seeking, applications and strong "
	  "identification. Remote help by chat and video.",
	  { "jobs", "identification", "suomi-fi", NULL, NULL, NULL },
	  { "drop-in", "remote", NULL },
	  "", "", "" },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* A small deterministic mix of two numbers. */
static unsigned
mix(unsigned a, unsigned b)
{
	unsigned h = a * 2654435761u ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));

	h ^= h >> 15;
	h *= 2246822519u;
	h ^= h >> 13;
	return h;
}

#define HM(h, m) ((uint16_t)((h) * 60 + (m)))

/* The weekly patterns: [pattern][i] intervals, weekday 0 ends a list. */
static const struct hours_interval patterns[][12] = {
	/* Weekdays 10-16. */
	{ { 1, HM(10, 0), HM(16, 0), HOURS_OPEN },
	  { 2, HM(10, 0), HM(16, 0), HOURS_OPEN },
	  { 3, HM(10, 0), HM(16, 0), HOURS_OPEN },
	  { 4, HM(10, 0), HM(16, 0), HOURS_OPEN },
	  { 5, HM(10, 0), HM(16, 0), HOURS_OPEN } },
	/* Two drop-in times and one by appointment. */
	{ { 2, HM(10, 0), HM(12, 0), HOURS_OPEN },
	  { 3, HM(9, 0), HM(11, 30), HOURS_APPOINTMENT },
	  { 4, HM(13, 0), HM(16, 0), HOURS_OPEN } },
	/* A library: self-service mornings and evenings, help in the day. */
	{ { 1, HM(7, 0), HM(10, 0), HOURS_SELF_SERVICE },
	  { 1, HM(10, 0), HM(18, 0), HOURS_OPEN },
	  { 2, HM(10, 0), HM(18, 0), HOURS_OPEN },
	  { 3, HM(10, 0), HM(18, 0), HOURS_OPEN },
	  { 4, HM(10, 0), HM(18, 0), HOURS_OPEN },
	  { 5, HM(10, 0), HM(16, 0), HOURS_OPEN },
	  { 6, HM(10, 0), HM(15, 0), HOURS_OPEN },
	  { 6, HM(15, 0), HM(21, 0), HOURS_SELF_SERVICE },
	  { 7, HM(12, 0), HM(16, 0), HOURS_SELF_SERVICE } },
	/* Evenings and Saturday. */
	{ { 3, HM(17, 0), HM(20, 0), HOURS_OPEN },
	  { 6, HM(10, 0), HM(14, 0), HOURS_OPEN } },
	/* Evening phone help over midnight, Sunday to Thursday. */
	{ { 7, HM(20, 0), HM(1, 0), HOURS_OPEN },
	  { 1, HM(20, 0), HM(1, 0), HOURS_OPEN },
	  { 2, HM(20, 0), HM(1, 0), HOURS_OPEN },
	  { 3, HM(20, 0), HM(1, 0), HOURS_OPEN },
	  { 4, HM(20, 0), HM(1, 0), HOURS_OPEN },
	  { 2, HM(10, 0), HM(13, 0), HOURS_OPEN } },
	/* By appointment only, Monday and Wednesday. */
	{ { 1, HM(9, 0), HM(15, 0), HOURS_APPOINTMENT },
	  { 3, HM(12, 0), HM(18, 0), HOURS_APPOINTMENT } },
};

/* The summer period's week: Tuesdays and Thursdays 10-14. */
static const struct hours_interval summer[] = {
	{ 2, HM(10, 0), HM(14, 0), HOURS_OPEN },
	{ 4, HM(10, 0), HM(14, 0), HOURS_OPEN },
};

static const char *const extra_langs[] = { "ru", "et", "ar", "so", "uk",
	"fa" };

static size_t
pattern_len(int k)
{
	size_t n = 0;

	while (n < 12 && patterns[k][n].weekday != 0)
		n++;
	return n;
}

/* Hours, periods and exceptions from a pattern number and a seed. */
static void
demo_hours(struct arena *a, struct service_point *p, int pat, unsigned h,
    int64_t now)
{
	struct hours_period *per;
	struct dir_period_info *pinfo;
	struct hours_exception *exc;
	struct dir_exception_info *einfo;
	struct hours_interval *eiv;
	int32_t day, y0;
	int y, m, d, minute;

	p->hours.regular.iv = patterns[pat];
	p->hours.regular.n = pattern_len(pat);
	p->hours.closed_on_holidays = (h & 7) != 0;
	hours_local(now, &day, &minute);
	hours_civil_from_days(day, &y, &m, &d);
	y0 = hours_days_from_civil(y, 6, 1);
	if ((h >> 3) % 3 == 0) {
		per = arena_calloc(a, 1, sizeof(*per));
		pinfo = arena_calloc(a, 1, sizeof(*pinfo));
		per->from_day = y0;
		per->to_day = hours_days_from_civil(y, 8, 15);
		per->week.iv = summer;
		per->week.n = 2;
		pinfo->name[LANG_FI] = "Kesäaukiolo";
		pinfo->name[LANG_SV] = "Sommartider";
		pinfo->name[LANG_EN] = "Summer hours";
		p->hours.periods = per;
		p->hours.nperiods = 1;
		p->period_info = pinfo;
	}
	if ((h >> 5) % 4 == 0) {
		/* A training day closes the point a week from now; some
		 * open an extra morning ten days from now. */
		exc = arena_calloc(a, 2, sizeof(*exc));
		einfo = arena_calloc(a, 2, sizeof(*einfo));
		eiv = arena_calloc(a, 1, sizeof(*eiv));
		exc[0].day = day + 7;
		einfo[0].note[LANG_FI] = "Henkilökunnan koulutuspäivä";
		einfo[0].note[LANG_SV] = "Personalens utbildningsdag";
		einfo[0].note[LANG_EN] = "Staff training day";
		p->hours.nexceptions = 1;
		if ((h >> 7) & 1) {
			exc[1].day = day + 10;
			eiv->start = HM(10, 0);
			eiv->end = HM(13, 0);
			eiv->state = HOURS_OPEN;
			exc[1].iv = eiv;
			exc[1].n = 1;
			einfo[1].note[LANG_FI] = "Digitukipäivä";
			einfo[1].note[LANG_SV] = "Digistödsdag";
			einfo[1].note[LANG_EN] = "Digital help day";
			p->hours.nexceptions = 2;
		}
		p->hours.exceptions = exc;
		p->exception_info = einfo;
	}
}

static void
demo_facts(struct service_point *p, int kind, unsigned h)
{
	bool big = kind == 0 || kind == 1;

	p->facts[FACT_STEP_FREE] = big || (h & 0x100) == 0;
	p->facts[FACT_LIFT] = big || (h & 0x200) == 0;
	p->facts[FACT_TOILET] = big || (h & 0x400) != 0;
	p->facts[FACT_PARKING] = (h & 0x800) != 0 || kind == 2;
	p->facts[FACT_LOOP] = kind == 0 || (h & 0x1000) != 0;
	p->facts[FACT_QUIET] = (h & 0x2000) != 0 || kind == 1;
	p->facts[FACT_LARGE_TEXT] = kind == 0 || (h & 0x4000) != 0;
	p->facts[FACT_GUIDE_DOG] = (h & 0x8000) == 0;
}

/* One Uusimaa point of kind k in municipality m. */
static int
demo_uusimaa(struct db *db, struct arena *a, int64_t region,
    const struct demo_muni *m, const struct dir_area *ar, int k, unsigned seq,
    int64_t now)
{
	const struct demo_kind *dk = &kinds[k];
	struct service_point p;
	unsigned h = mix((unsigned)atoi(m->code), (unsigned)k + 1);
	const char **langs;
	int pat;
	size_t i;
	static const int kind_pattern[NKINDS][2] = {
		{ 2, 0 }, { 0, 5 }, { 1, 3 }, { 3, 1 }, { 4, 1 }, { 0, 1 },
	};

	memset(&p, 0, sizeof(p));
	p.region_id = region;
	p.municipality = m->code;
	p.status = seq % 29 == 7 ? DIR_TEMP_CLOSED : seq % 53 == 11 ?
	    DIR_CLOSED : DIR_ACTIVE;
	p.organisation = arena_printf(a, dk->org, m->gen);
	p.name[LANG_FI] = arena_printf(a, dk->name_fi, k == 1 ? ar->name_fi :
	    m->gen);
	if (m->bilingual || k < 3) {
		p.name[LANG_SV] = arena_printf(a, dk->name_sv, ar->name_sv);
		p.summary[LANG_SV] = dk->sum_sv;
		p.description[LANG_SV] = dk->desc_sv;
		p.booking[LANG_SV] = dk->booking_sv;
	} else
		p.name[LANG_SV] = p.summary[LANG_SV] = p.description[LANG_SV] =
		    p.booking[LANG_SV] = "";
	p.name[LANG_EN] = arena_printf(a, dk->name_en, ar->name_fi);
	p.summary[LANG_FI] = dk->sum_fi;
	p.summary[LANG_EN] = dk->sum_en;
	p.description[LANG_FI] = dk->desc_fi;
	p.description[LANG_EN] = dk->desc_en;
	p.booking[LANG_FI] = dk->booking_fi;
	p.booking[LANG_EN] = dk->booking_en;
	for (i = 0; i < LANG_COUNT; i++)
		p.costs[i] = "";
	p.free_of_charge = true;
	p.street = arena_printf(a, "%s %u", dk->street, 1 + h % 40);
	p.postcode = m->postcode;
	p.post_office = ar->name_fi;
	p.has_point = true;
	p.lat = ar->lat + ((double)(h % 2001) - 1000.0) / 100000.0;
	p.lon = ar->lon + ((double)((h >> 11) % 2001) - 1000.0) / 50000.0;
	p.phone = arena_printf(a, "+358 9 %03u %04u", 100 + h % 900,
	    (h >> 10) % 10000);
	p.email = arena_printf(a, "digituki.%s%u@example.fi", m->code, k);
	p.web = arena_printf(a, "https://www.example.fi/%s/digituki/%d",
	    m->code, k);
	for (i = 0; i < 6 && dk->topics[i] != NULL; i++)
		;
	p.topics = dk->topics;
	p.ntopics = i;
	for (i = 0; i < 3 && dk->forms[i] != NULL; i++)
		;
	p.forms = dk->forms;
	p.nforms = i;
	langs = arena_calloc(a, 5, sizeof(*langs));
	langs[p.nlangs++] = "fi";
	if (m->bilingual)
		langs[p.nlangs++] = "sv";
	if (k <= 1 || k == 5)
		langs[p.nlangs++] = "en";
	if ((h >> 16) % 5 == 0)
		langs[p.nlangs++] = extra_langs[(h >> 20) % 6];
	p.langs = langs;
	pat = kind_pattern[k][(h >> 24) & 1];
	demo_hours(a, &p, pat, h, now);
	demo_facts(&p, k, h);
	return directory_store_save(db, a, &p, now) > 0 ? 0 : -1;
}

static const char *const syn_topics[] = { "device-basics", "identification",
	"banking", "suomi-fi", "kela", "health", "taxes", "email-messaging",
	"video-calls", "security-scams", "transport", "apps", "jobs",
	"shopping", "other" };
static const char *const syn_forms[] = { "drop-in", "appointment",
	"home-visit", "peer-support", "phone", "remote", "self-service",
	"course" };

/*
 * The synthetic points' texts vary as real ones do: a summary from a
 * pool, and a description of an opening sentence and one sentence for each
 * of the point's topics, in one of two wordings, so that a specific word
 * ("pankkitunnus") matches the few points that speak of it rather than
 * every point of a kind.  Indexed by syn_topics[]; [k][0] and [k][1] the
 * two wordings, each fi, sv, en.
 */
static const char *const syn_topic_text[][2][3] = {
	{ { "Opastamme puhelimen ja tietokoneen käytön alkuun.",
	    "Vi hjälper dig att komma igång med telefonen och datorn.",
	    "We help you get started with your phone and computer." },
	  { "Harjoittelemme tabletin perustaitoja.",
	    "Vi övar grunderna med surfplattan.",
	    "We practise the basics on a tablet." } },
	{ { "Autamme mobiilivarmenteen käyttöönotossa.",
	    "Vi hjälper med mobilcertifikatet.",
	    "We help you set up a mobile ID." },
	  { "Neuvomme vahvassa tunnistautumisessa pankkitunnuksilla.",
	    "Vi ger råd om stark identifiering med bankkoder.",
	    "We advise on strong identification with banking codes." } },
	{ { "Neuvomme pankkitunnusten käytössä.",
	    "Vi hjälper med bankkoderna.",
	    "We help with your online banking codes." },
	  { "Opastamme verkkopankin ja laskujen maksamisen kanssa.",
	    "Vi hjälper med nätbanken och att betala räkningar.",
	    "We help with online banking and paying bills." } },
	{ { "Autamme Suomi.fi-viestien käyttöönotossa.",
	    "Vi hjälper med Suomi.fi-meddelanden.",
	    "We help you start using Suomi.fi messages." },
	  { "Neuvomme Suomi.fi-valtuuksissa.",
	    "Vi ger råd om Suomi.fi-fullmakter.",
	    "We advise on Suomi.fi authorisations." } },
	{ { "Autamme Kelan hakemusten tekemisessä verkossa.",
	    "Vi hjälper med FPA:s ansökningar på nätet.",
	    "We help with Kela applications online." },
	  { "Neuvomme Kelan asioinnissa.",
	    "Vi ger råd om FPA-ärenden.",
	    "We advise on Kela's online services." } },
	{ { "Opastamme Omakannan käytössä.",
	    "Vi hjälper med MittKanta.",
	    "We help with My Kanta." },
	  { "Autamme terveysaseman ajanvarauksessa verkossa.",
	    "Vi hjälper med tidsbokning till hälsostationen på nätet.",
	    "We help you book health centre appointments online." } },
	{ { "Neuvomme OmaVeron käytössä.",
	    "Vi hjälper med MinSkatt.",
	    "We help with MyTax." },
	  { "Autamme veroilmoituksen tarkistamisessa.",
	    "Vi hjälper dig att granska skattedeklarationen.",
	    "We help you check your tax return." } },
	{ { "Opettelemme sähköpostin käyttöä.",
	    "Vi lär oss använda e-post.",
	    "We learn to use e-mail." },
	  { "Harjoittelemme viestisovellusten käyttöä.",
	    "Vi övar med meddelandeappar.",
	    "We practise with messaging apps." } },
	{ { "Harjoittelemme videopuheluita läheisten kanssa.",
	    "Vi övar videosamtal med de närmaste.",
	    "We practise video calls with your family." },
	  { "Autamme etävastaanoton videoyhteydessä.",
	    "Vi hjälper med videomottagningen.",
	    "We help you join a video appointment." } },
	{ { "Opimme tunnistamaan huijausviestit.",
	    "Vi lär oss känna igen bedrägerier.",
	    "We learn to recognise scam messages." },
	  { "Neuvomme laitteen tietoturvassa.",
	    "Vi ger råd om enhetens säkerhet.",
	    "We advise on keeping your device secure." } },
	{ { "Neuvomme joukkoliikenteen lippusovellusten käytössä.",
	    "Vi hjälper med biljettapparna i kollektivtrafiken.",
	    "We help with public transport ticket apps." },
	  { "Autamme matkakortin lataamisessa verkossa.",
	    "Vi hjälper med att ladda resekortet på nätet.",
	    "We help you top up your travel card online." } },
	{ { "Autamme sovellusten asentamisessa.",
	    "Vi hjälper med att installera appar.",
	    "We help you install apps." },
	  { "Päivitämme sovellukset yhdessä.",
	    "Vi uppdaterar apparna tillsammans.",
	    "We update your apps together." } },
	{ { "Autamme työnhaussa verkossa.",
	    "Vi hjälper med jobbsökning på nätet.",
	    "We help with job seeking online." },
	  { "Neuvomme Työmarkkinatorin käytössä.",
	    "Vi hjälper med Jobbmarknaden.",
	    "We help with Job Market Finland." } },
	{ { "Neuvomme turvallisissa verkko-ostoksissa.",
	    "Vi ger råd om säker näthandel.",
	    "We advise on shopping online safely." },
	  { "Autamme verkkokaupan tilauksen tekemisessä.",
	    "Vi hjälper dig att beställa i en nätbutik.",
	    "We help you order from an online shop." } },
	{ { "Voit kysyä myös muista digiasioista.",
	    "Du kan också fråga om annat digitalt.",
	    "You can ask about other digital matters too." },
	  { "Kerro, missä tarvitset apua.",
	    "Berätta vad du behöver hjälp med.",
	    "Tell us what you need help with." } },
};

/* The opening sentence and the summary, [k] fi, sv, en. */
static const char *const syn_intro[][3] = {
	{ "Vapaaehtoiset auttavat.", "Frivilliga hjälper.",
	  "Volunteers help you." },
	{ "Digiopastajat neuvovat.", "Digihandledare ger råd.",
	  "Digital guides advise you." },
	{ "Vertaisohjaajat opastavat.", "Kamrathandledare hjälper.",
	  "Peer guides show you how." },
	{ "Neuvojat palvelevat.", "Rådgivare betjänar.",
	  "Advisers are here to help." },
};
static const char *const syn_summary[][3] = {
	{ "Maksutonta digiapua.", "Avgiftsfri digihjälp.",
	  "Free digital help." },
	{ "Apua laitteiden ja verkkopalvelujen kanssa.",
	  "Hjälp med enheter och e-tjänster.",
	  "Help with devices and online services." },
	{ "Neuvontaa omassa tahdissa.", "Råd i egen takt.",
	  "Advice at your own pace." },
	{ "Digituki lähelläsi.", "Digistöd nära dig.",
	  "Digital support near you." },
	{ "Tule kysymään.", "Kom och fråga.", "Come and ask." },
};

/* The description of a synthetic point with topics t[0..nt) in
 * language l, the wording of each topic chosen by h's bits. */
static const char *
syn_description(struct arena *a, const char *const *t, size_t nt,
    unsigned h, int l)
{
	const char *s = syn_intro[h % 4][l];
	size_t i, k;

	for (i = 0; i < nt; i++)
		for (k = 0; k < sizeof(syn_topics) / sizeof(syn_topics[0]); k++)
			if (strcmp(t[i], syn_topics[k]) == 0)
				s = arena_printf(a, "%s %s", s,
				    syn_topic_text[k][(h >> (4 + i)) & 1][l]);
	return s;
}

/* One synthetic point, number i, in area ar. */
static int
demo_synthetic(struct db *db, struct arena *a, int64_t region,
    const struct dir_area *ar, unsigned i, int64_t now)
{
	const struct demo_kind *dk = &kinds[i % NKINDS];
	struct service_point p;
	unsigned h = mix(i, 77);
	const char **topics, **forms, **langs;
	size_t k;

	memset(&p, 0, sizeof(p));
	p.region_id = region;
	p.municipality = ar->code;
	p.status = i % 31 == 5 ? DIR_TEMP_CLOSED : DIR_ACTIVE;
	p.organisation = "";
	p.name[LANG_FI] = arena_printf(a, "Digitukipiste %u, %s", i + 1,
	    ar->name_fi);
	p.name[LANG_SV] = arena_printf(a, "Digistödspunkt %u, %s", i + 1,
	    ar->name_sv);
	p.name[LANG_EN] = arena_printf(a, "Digital help point %u, %s", i + 1,
	    ar->name_fi);
	for (k = 0; k < LANG_COUNT; k++)
		p.costs[k] = p.booking[k] = "";
	p.free_of_charge = (h & 3) != 0;
	p.street = arena_printf(a, "%s %u", dk->street, 1 + h % 60);
	p.postcode = arena_printf(a, "%05u", (h >> 4) % 99999);
	p.post_office = ar->name_fi;
	p.has_point = true;
	p.lat = ar->lat + ((double)(h % 4001) - 2000.0) / 50000.0;
	p.lon = ar->lon + ((double)((h >> 12) % 4001) - 2000.0) / 25000.0;
	p.phone = p.email = p.web = "";
	topics = arena_calloc(a, 3, sizeof(*topics));
	topics[0] = syn_topics[h % 15];
	topics[1] = syn_topics[(h >> 5) % 15];
	p.topics = topics;
	p.ntopics = strcmp(topics[0], topics[1]) == 0 ? 1 : 2;
	for (k = 0; k < LANG_COUNT; k++) {
		p.summary[k] = syn_summary[mix(i, 91) % 5][k];
		p.description[k] = syn_description(a, topics, p.ntopics,
		    mix(i, 92), (int)k);
	}
	forms = arena_calloc(a, 2, sizeof(*forms));
	forms[0] = syn_forms[(h >> 9) % 8];
	p.forms = forms;
	p.nforms = 1;
	langs = arena_calloc(a, 3, sizeof(*langs));
	langs[p.nlangs++] = "fi";
	if ((h >> 13) % 4 == 0)
		langs[p.nlangs++] = "sv";
	if ((h >> 15) % 3 == 0)
		langs[p.nlangs++] = "en";
	p.langs = langs;
	demo_hours(a, &p, (int)((h >> 17) % 6), h, now);
	demo_facts(&p, (int)(i % NKINDS), h);
	return directory_store_save(db, a, &p, now) > 0 ? 0 : -1;
}

int
directory_demo_load(struct db *db, int64_t region_id, int n, bool uusimaa,
    int64_t now)
{
	struct arena a;
	struct dir_area *areas, *ar;
	size_t nareas, i, k;
	unsigned seq = 0;
	int rc = -1, made = 0;

	arena_init(&a);
	/* Uusimaa ("01") for the demo's own points, all of Finland for the
	 * synthetic ones. */
	areas = directory_store_area_points(db, &a, uusimaa ? "01" : NULL,
	    &nareas);
	if (areas == NULL || nareas == 0)
		goto out;
	if (uusimaa) {
		/* Six kinds in each municipality, more than n if need be:
		 * every municipality gets all of them. */
		for (k = 0; k < NKINDS; k++)
			for (i = 0; i < sizeof(munis) / sizeof(munis[0]); i++) {
				for (ar = areas; ar < areas + nareas &&
				    strcmp(ar->code, munis[i].code) != 0; ar++)
					;
				if (ar == areas + nareas)
					continue;
				if (demo_uusimaa(db, &a, region_id, &munis[i],
				    ar, (int)k, seq++, now) != 0)
					goto out;
				made++;
			}
		if (made < n)
			log_info("directory demo: %d points (asked %d)", made,
			    n);
	} else {
		for (i = 0; i < (size_t)n; i++) {
			if (demo_synthetic(db, &a, region_id,
			    &areas[mix((unsigned)i, 3) % nareas], (unsigned)i,
			    now) != 0)
				goto out;
			/* The arena would grow with every point. */
			if (i % 256 == 255) {
				arena_reset(&a);
				areas = directory_store_area_points(db, &a, NULL,
				    &nareas);
			}
			if (areas == NULL)
				goto out;
		}
		if (directory_store_optimize(db) != 0)
			goto out;
	}
	rc = 0;
 out:
	arena_cleanup(&a);
	return rc;
}
