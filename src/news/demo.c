/*
 * demo.c - the demo news post: a report of the 6 October 2021 webinar
 * that closed the municipalities' digital support sparring, written for
 * the demo in Finnish, Swedish and English, published the next morning,
 * linked to the webinar and to the materials attached to it.
 *
 * Everything is looked up by what stays stable in the demo data: the
 * region's code, the webinar's start time, the coordinator's address and
 * the materials linked to the webinar (src/materials).  A demo without the
 * webinar gets the post without the link.
 */
#include <string.h>

#include "auth/account.h"
#include "db/rows.h"
#include "events/events.h"
#include "materials/materials.h"
#include "network/network.h"
#include "news/news.h"

#define WEBINAR_STARTS 1633500000	/* 2021-10-06 09:00 Helsinki */
#define POST_PUBLISHED 1633590000	/* 2021-10-07 10:00 Helsinki */

static const struct news_version demo_versions[LANG_COUNT] = {
	{
		"Kuntien digituen sparraus päättyi yhteiseen webinaariin",
		"Keskiviikkona 6.10.2021 pidetyssä webinaarissa sparraukseen "
		"osallistuneet kunnat ja kuntatutorit kertoivat, mitä vuoden "
		"yhteinen työ sai aikaan.",
		"Uudenmaan digituki-hankkeen kuntasparraus huipentui "
		"webinaariin **Kuntien digituki**. Kunnat, jotka olivat "
		"mukana sparrauksessa, kertoivat kokemuksistaan, ja sparrauksen "
		"vetäneet kuntatutorit arvioivat, miten kokonaisuus onnistui.\n"
		"\n"
		"## Kolme hankekautta\n"
		"\n"
		"Projektipäällikkö avasi tilaisuuden ja kertasi, miten "
		"tutortoiminta on kehittynyt:\n"
		"\n"
		"- **2019** tutorkunnat tutustuivat toistensa tapoihin "
		"järjestää digitukea,\n"
		"- **2020** tutorit järjestivät digitukiwebinaareja muille "
		"Uudenmaan kunnille,\n"
		"- **2021** yhteistyötä syvennettiin kuntien digituen "
		"sparrauksella.\n"
		"\n"
		"Sparrauksessa kunnat etsivät yhdessä keskustellen uusia "
		"työkaluja, menetelmiä ja rakenteita digituen kehittämiseen. "
		"Keskusteleva malli osoittautui hedelmälliseksi: monessa "
		"kunnassa se johti konkreettisiin askeliin digitukipalvelujen "
		"kehittämisessä.\n"
		"\n"
		"## Kokemuksia kunnista ja tutorien paneeli\n"
		"\n"
		"Pornaisten, Tuusulan ja Karkkilan edustajat kertoivat omista "
		"kokemuksistaan, ja aiemmin tutorkuntana toiminut Porvoo "
		"esitteli digitukensa järjestelyt. Tauon jälkeen Helsingin, "
		"Vantaan ja Espoon kuntatutorit keskustelivat paneelissa "
		"verkostotyön merkityksestä: miten paikallinen verkosto syntyy "
		"ja miten se kannattaa organisoida.\n"
		"\n"
		"## Tukea kunnille jatkossa\n"
		"\n"
		"Lopuksi Digi- ja väestötietovirasto kertoi kunnille "
		"suunnatusta tuesta: vuoden 2022 alussa alkavasta koulutuksesta "
		"digituen järjestämiseen sekä digituen osaamismerkistä, jolla "
		"kunta voi tukea oman henkilöstönsä osaamista.\n"
		"\n"
		"Kiitos kaikille osallistujille ja tutoreille! Webinaarin "
		"materiaalit löytyvät alta, ja ne, joita ei ole julkaistu "
		"kaikille, saa pyytämällä.",
		NULL,	/* the HTML: news_store_save() makes it */
	},
	{
		"Kommunernas sparrning i digitalt stöd avslutades med ett "
		"gemensamt webbinarium",
		"På webbinariet onsdagen den 6 oktober 2021 berättade "
		"kommunerna och kommuntutorerna vad årets gemensamma arbete "
		"ledde till.",
		"Nylands projekt för digitalt stöd avslutade sin sparrning av "
		"kommunerna med webbinariet **Kommunernas digitala stöd**. "
		"Kommunerna som deltog berättade om sina erfarenheter, och "
		"kommuntutorerna som ledde sparrningen bedömde hur helheten "
		"lyckades.\n"
		"\n"
		"## Tre projektperioder\n"
		"\n"
		"Projektchefen öppnade evenemanget och gick igenom hur "
		"tutorverksamheten har utvecklats:\n"
		"\n"
		"- **2019** bekantade sig tutorkommunerna med hur de andra "
		"ordnar digitalt stöd,\n"
		"- **2020** ordnade tutorerna webbinarier om digitalt stöd för "
		"de andra kommunerna i Nyland,\n"
		"- **2021** fördjupades samarbetet med sparrning i digitalt "
		"stöd.\n"
		"\n"
		"I sparrningen sökte kommunerna genom samtal nya verktyg, "
		"metoder och strukturer för att utveckla det digitala stödet. "
		"Samtalsmodellen visade sig fruktbar och ledde i många kommuner "
		"till konkreta steg.\n"
		"\n"
		"## Erfarenheter och en tutorpanel\n"
		"\n"
		"Företrädare för Borgnäs, Tusby och Högfors berättade om sina "
		"erfarenheter, och Borgå, som tidigare varit tutorkommun, "
		"presenterade hur staden ordnar sitt stöd. Efter pausen "
		"diskuterade tutorerna från Helsingfors, Vanda och Esbo "
		"nätverksarbetets betydelse.\n"
		"\n"
		"## Stöd för kommunerna framöver\n"
		"\n"
		"Till sist presenterade Myndigheten för digitalisering och "
		"befolkningsdata en utbildning för kommunerna i början av 2022 "
		"och kompetensmärket för digitalt stöd.\n"
		"\n"
		"Tack till alla deltagare och tutorer! Materialet från "
		"webbinariet finns nedan; det som inte är öppet för alla kan "
		"man be om.",
		NULL,	/* the HTML: news_store_save() makes it */
	},
	{
		"The municipalities' digital support sparring ended with a "
		"joint webinar",
		"At the webinar on Wednesday 6 October 2021 the municipalities "
		"and their tutors told what a year of working together had "
		"achieved.",
		"The Uusimaa digital support project closed its sparring of "
		"municipalities with the webinar **Digital support in "
		"municipalities**. The municipalities that took part shared "
		"their experiences, and the municipal tutors who led the "
		"sparring assessed how it went as a whole.\n"
		"\n"
		"## Three project periods\n"
		"\n"
		"The project manager opened the event and looked back at how "
		"the tutor work has grown:\n"
		"\n"
		"- in **2019** the tutor municipalities learnt how the others "
		"organise digital support,\n"
		"- in **2020** the tutors held webinars on digital support for "
		"the other municipalities of Uusimaa,\n"
		"- in **2021** the work went deeper with digital support "
		"sparring.\n"
		"\n"
		"In the sparring the municipalities talked their way to new "
		"tools, methods and structures for their digital support. The "
		"conversational approach worked: in many municipalities it led "
		"to concrete steps.\n"
		"\n"
		"## Experiences and a tutor panel\n"
		"\n"
		"Speakers from Pornainen, Tuusula and Karkkila told of their "
		"experiences, and Porvoo, an earlier tutor municipality, showed "
		"how it organises support. After a break the tutors of "
		"Helsinki, Vantaa and Espoo discussed in a panel why network "
		"work matters and how a local network comes about.\n"
		"\n"
		"## Support for municipalities ahead\n"
		"\n"
		"Finally the Digital and Population Data Services Agency "
		"presented a training for municipalities starting in early 2022 "
		"and the digital support competence badge.\n"
		"\n"
		"Thank you to everyone who took part! The webinar's materials "
		"are listed below; those not open to everyone can be requested.",
		NULL,	/* the HTML: news_store_save() makes it */
	},
};

int
news_demo_load(struct db *db)
{
	struct news_post p;
	struct account author;
	struct arena a;
	int64_t region, id, *mats = NULL;
	size_t nmats = 0;
	int rc;

	if ((region = network_region_id(db, "uusimaa")) <= 0)
		return -1;
	memset(&p, 0, sizeof(p));
	memcpy(p.v, demo_versions, sizeof(p.v));
	arena_init(&a);
	if ((rc = account_by_email(db, &a, "coordinator@example.fi",
	    &author)) == DB_MISSING)
		author.id = 0;
	if (rc < 0 || (p.event_id = event_id_at(db, WEBINAR_STARTS)) < 0 ||
	    (p.event_id > 0 && mat_ids_for_target(db, &a, MAT_TARGET_EVENT,
	    p.event_id, &mats, &nmats) != 0)) {
		arena_cleanup(&a);
		return -1;
	}
	if (nmats > NEWS_MATERIALS_MAX)
		nmats = NEWS_MATERIALS_MAX;
	/* Written and last changed when it was published. */
	id = news_store_save(db, 0, region, author.id, &p, mats, nmats,
	    POST_PUBLISHED);
	arena_cleanup(&a);
	if (id < 0)
		return -1;
	return news_store_publish(db, id, true, POST_PUBLISHED, POST_PUBLISHED);
}
