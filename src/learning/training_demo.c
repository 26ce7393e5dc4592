/*
 * training_demo.c - the demo's training: "Digituen perusteet" (Digital
 * support basics) in Finnish, Swedish and English, with a 10-question
 * test whose passing awards the demo badge, the guide to digital support
 * from the materials library as its material.  Its session, an event in
 * ten days with two of the demo's staff registered and enrolled, is in
 * demo/live.sql with the demo's other events of the present (written as
 * rows, so that loading the demo mails nobody).
 */
#include <string.h>

#include "learning/learning.h"
#include "learning/training.h"
#include "materials/materials.h"

struct demo_option {
	const char *text[LANG_COUNT];
	bool correct;
};

struct demo_question {
	bool multiple;
	const char *text[LANG_COUNT];
	const char *explanation[LANG_COUNT];
	struct demo_option o[4];
};

static const struct demo_question demo_questions[] = {
	{ false,
	  { "Asiakas pyytää sinua kirjautumaan verkkopankkiin hänen tunnuksillaan. Mitä teet?",
	    "En kund ber dig logga in i nätbanken med hens koder. Vad gör du?",
	    "A customer asks you to log in to their online bank with their codes. What do you do?" },
	  { "Pankkitunnukset ovat henkilökohtaiset, eikä niitä saa antaa toiselle. Neuvo asiakasta kirjautumaan itse. Jos hän ei pysty asioimaan itse, kerro Suomi.fi-valtuuksista tai palvelupisteestä.",
	    "Bankkoderna är personliga och får inte ges till någon annan. Hjälp kunden att logga in själv. Om hen inte kan sköta ärendet själv, berätta om Suomi.fi-fullmakter eller om en servicepunkt.",
	    "Online banking codes are personal and must not be given to anyone else. Guide the customer to log in themselves. If they cannot, tell them about Suomi.fi e-Authorizations or a service point." },
	  { { { "Kirjaudun hänen tunnuksillaan, niin asia hoituu nopeasti.",
		"Jag loggar in med hens koder så att ärendet går snabbt.",
		"I log in with their codes so the matter is done quickly." }, false },
	    { { "Neuvon, miten hän kirjautuu itse, ja olen vieressä tukena.",
		"Jag visar hur hen loggar in själv och finns bredvid som stöd.",
		"I show them how to log in themselves and stay beside them." }, true },
	    { { "Pyydän häntä kertomaan tunnusluvut minulle.",
		"Jag ber hen säga koderna till mig.",
		"I ask them to tell me the codes." }, false } } },
	{ false,
	  { "Mitä Suomi.fi-valtuuksilla voi tehdä?",
	    "Vad kan man göra med Suomi.fi-fullmakter?",
	    "What can one do with Suomi.fi e-Authorizations?" },
	  { "Valtuutuksella asiakas voi antaa toiselle henkilölle luvan hoitaa asioitaan verkossa. Valtuutettu asioi omilla tunnuksillaan.",
	    "Med en fullmakt kan kunden ge en annan person rätt att sköta hens ärenden på nätet. Den som fått fullmakten använder sina egna koder.",
	    "With an authorisation the customer lets another person handle their matters online. The authorised person uses their own codes." },
	  { { { "Toinen henkilö voi asioida asiakkaan puolesta verkossa.",
		"En annan person kan sköta kundens ärenden på nätet.",
		"Another person can handle the customer's matters online." }, true },
	    { { "Asiakas saa uudet pankkitunnukset.",
		"Kunden får nya bankkoder.",
		"The customer gets new online banking codes." }, false },
	    { { "Digituki voi tallentaa asiakkaan salasanat.",
		"Det digitala stödet kan spara kundens lösenord.",
		"Digital support can store the customer's passwords." }, false } } },
	{ true,
	  { "Mistä tunnistat huijausviestin?",
	    "Hur känner du igen ett bedrägligt meddelande?",
	    "How do you recognise a scam message?" },
	  { "Huijausviesti pitää kiirettä, uhkaa ja pyytää tunnuksia tai korttitietoja, ja sen linkki vie muualle kuin lähettäjän omaan osoitteeseen. Oikea palvelu ei pyydä tunnuksia viestillä.",
	    "Ett bedrägligt meddelande stressar, hotar och ber om koder eller kortuppgifter, och länken leder någon annanstans än till avsändarens egen adress. En riktig tjänst ber inte om koder i ett meddelande.",
	    "A scam message hurries and threatens you and asks for codes or card details, and its link leads somewhere other than the sender's own address. A real service never asks for codes in a message." },
	  { { { "Viesti vaatii toimimaan heti, tai tili suljetaan.",
		"Meddelandet kräver att man agerar genast, annars stängs kontot.",
		"The message demands action at once or the account is closed." }, true },
	    { { "Linkin osoite ei ole lähettäjän oma.",
		"Länkens adress är inte avsändarens egen.",
		"The link's address is not the sender's own." }, true },
	    { { "Viestissä pyydetään tunnuksia tai korttitietoja.",
		"Meddelandet ber om koder eller kortuppgifter.",
		"The message asks for codes or card details." }, true },
	    { { "Viesti tulee tutulta palvelulta, eikä siinä ole linkkejä.",
		"Meddelandet kommer från en bekant tjänst och har inga länkar.",
		"The message comes from a familiar service and has no links." }, false } } },
	{ false,
	  { "Asiakas tulee digitukeen, mutta ei osaa sanoa, mitä tarvitsee. Mikä on hyvä ensimmäinen askel?",
	    "En kund kommer till det digitala stödet men vet inte vad hen behöver. Vad är ett bra första steg?",
	    "A customer comes to digital support but cannot say what they need. What is a good first step?" },
	  { "Kun kysyt, mitä asiakas haluaa saada tehdyksi, ja kuuntelet, löydätte yhdessä oikean asian ja oikean tavan auttaa.",
	    "När du frågar vad kunden vill få gjort och lyssnar, hittar ni tillsammans rätt ärende och rätt sätt att hjälpa.",
	    "When you ask what the customer wants to get done and listen, you find the right matter and the right way to help together." },
	  { { { "Kysyn, mitä hän haluaa saada tehdyksi, ja kuuntelen.",
		"Jag frågar vad hen vill få gjort och lyssnar.",
		"I ask what they want to get done, and listen." }, true },
	    { { "Teen asian hänen puolestaan.",
		"Jag sköter ärendet åt hen.",
		"I do it for them." }, false },
	    { { "Annan hänelle palvelun verkko-osoitteen.",
		"Jag ger hen tjänstens webbadress.",
		"I give them the service's web address." }, false } } },
	{ false,
	  { "Asiakkaan asia vaatii asiantuntijaa, esimerkiksi veroneuvontaa. Mitä teet?",
	    "Kundens ärende kräver en expert, till exempel skatterådgivning. Vad gör du?",
	    "The customer's matter needs an expert, such as tax advice. What do you do?" },
	  { "Digituki auttaa digitaitojen kanssa, ei asiantuntija-asioissa. Ohjaa asiakas oikeaan palveluun ja kerro, miten sinne pääsee.",
	    "Det digitala stödet hjälper med digitala färdigheter, inte med expertfrågor. Hänvisa kunden till rätt tjänst och berätta hur hen kommer dit.",
	    "Digital support helps with digital skills, not with expert matters. Refer the customer to the right service and tell them how to reach it." },
	  { { { "Ohjaan hänet oikeaan palveluun ja kerron, miten sinne pääsee.",
		"Jag hänvisar hen till rätt tjänst och berättar hur hen kommer dit.",
		"I refer them to the right service and tell them how to reach it." }, true },
	    { { "Vastaan parhaan arvaukseni mukaan.",
		"Jag svarar så gott jag kan gissa.",
		"I answer with my best guess." }, false },
	    { { "Sanon, ettei asiaa voi hoitaa.",
		"Jag säger att ärendet inte går att sköta.",
		"I say the matter cannot be handled." }, false } } },
	{ true,
	  { "Mitkä ovat hyviä tapoja suojata tilit?",
	    "Vilka är bra sätt att skydda sina konton?",
	    "Which are good ways to protect one's accounts?" },
	  { "Pitkä salasanalause on vahva, eri palveluiden eri salasanat estävät yhden vuodon leviämisen, ja salasanojen hallintaohjelma muistaa ne. Sama salasana kaikkialla on riski.",
	    "En lång lösenfras är stark, olika lösenord för olika tjänster hindrar att en läcka sprids och en lösenordshanterare kommer ihåg dem. Samma lösenord överallt är en risk.",
	    "A long passphrase is strong, different passwords for different services stop one leak from spreading, and a password manager remembers them. The same password everywhere is a risk." },
	  { { { "Pitkä salasanalause",
		"En lång lösenfras",
		"A long passphrase" }, true },
	    { { "Eri salasana eri palveluihin",
		"Olika lösenord för olika tjänster",
		"A different password for each service" }, true },
	    { { "Sama salasana kaikkialla, niin se pysyy mielessä",
		"Samma lösenord överallt, så att man minns det",
		"The same password everywhere, so it is easy to remember" }, false },
	    { { "Salasanojen hallintaohjelma",
		"En lösenordshanterare",
		"A password manager" }, true } } },
	{ false,
	  { "Mitä kirjaat tilastoon opastuksen jälkeen?",
	    "Vad antecknar du i statistiken efter en handledning?",
	    "What do you record in the statistics after a session with a customer?" },
	  { "Tilastoon kirjataan vain asian aihe ja kesto. Asiakkaan henkilötietoja ei kirjata, eikä niitä tarvita.",
	    "I statistiken antecknas bara ärendets ämne och längd. Kundens personuppgifter antecknas inte och behövs inte.",
	    "Only the topic and length are recorded. The customer's personal data is not recorded and is not needed." },
	  { { { "Vain asian aiheen ja keston, ei henkilötietoja",
		"Bara ärendets ämne och längd, inga personuppgifter",
		"Only the topic and length, no personal data" }, true },
	    { { "Asiakkaan nimen ja henkilötunnuksen",
		"Kundens namn och personbeteckning",
		"The customer's name and personal identity code" }, false },
	    { { "Asiakkaan puhelinnumeron, jotta voin soittaa myöhemmin",
		"Kundens telefonnummer, så att jag kan ringa senare",
		"The customer's phone number, so I can call later" }, false } } },
	{ false,
	  { "Mitä saavutettavuus tarkoittaa verkkopalvelussa?",
	    "Vad betyder tillgänglighet i en webbtjänst?",
	    "What does accessibility mean in an online service?" },
	  { "Saavutettavaa palvelua voi käyttää mahdollisimman moni, myös ruudunlukijalla, näppäimistöllä tai suurennuksella.",
	    "En tillgänglig tjänst kan användas av så många som möjligt, också med skärmläsare, tangentbord eller förstoring.",
	    "An accessible service can be used by as many people as possible, also with a screen reader, a keyboard or magnification." },
	  { { { "Palvelua voi käyttää mahdollisimman moni, myös apuvälineillä.",
		"Tjänsten kan användas av så många som möjligt, också med hjälpmedel.",
		"As many people as possible can use it, also with assistive technology." }, true },
	    { { "Palvelu on maksuton.",
		"Tjänsten är avgiftsfri.",
		"The service is free of charge." }, false },
	    { { "Palvelu toimii vain tietokoneella.",
		"Tjänsten fungerar bara på en dator.",
		"The service works only on a computer." }, false } } },
	{ false,
	  { "Asiakkaan puhelin ilmoittaa, että päivitys on saatavilla. Mitä neuvot?",
	    "Kundens telefon meddelar att en uppdatering finns. Vad råder du?",
	    "The customer's phone says an update is available. What do you advise?" },
	  { "Päivitykset korjaavat tietoturva-aukkoja. Ne kannattaa asentaa, kun puhelimessa on virtaa ja verkkoyhteys.",
	    "Uppdateringar täpper till säkerhetshål. Det lönar sig att installera dem när telefonen har ström och nätverksanslutning.",
	    "Updates fix security holes. Install them when the phone is charged and online." },
	  { { { "Asentamaan päivityksen, koska se korjaa tietoturva-aukkoja.",
		"Att installera uppdateringen, eftersom den täpper till säkerhetshål.",
		"To install it, because it fixes security holes." }, true },
	    { { "Jättämään sen asentamatta, ettei mikään muutu.",
		"Att låta bli att installera den, så att inget ändras.",
		"To leave it, so that nothing changes." }, false },
	    { { "Poistamaan sovelluksen.",
		"Att ta bort appen.",
		"To remove the app." }, false } } },
	{ false,
	  { "Miten opastat niin, että asiakas oppii?",
	    "Hur handleder du så att kunden lär sig?",
	    "How do you guide so that the customer learns?" },
	  { "Kun asiakas tekee itse ja saa aikaa, hän muistaa tavan seuraavallakin kerralla. Opastaja neuvoo vieressä.",
	    "När kunden gör själv och får tid, minns hen hur det går till nästa gång också. Handledaren ger råd bredvid.",
	    "When the customer does it themselves and has time, they remember it next time too. The guide advises beside them." },
	  { { { "Asiakas tekee itse, ja minä neuvon vieressä ja annan aikaa.",
		"Kunden gör själv, och jag ger råd bredvid och ger tid.",
		"The customer does it, and I advise beside them and give them time." }, true },
	    { { "Teen nopeasti puolesta, niin asiakas näkee, miten se menee.",
		"Jag gör det snabbt åt hen, så att hen ser hur det går till.",
		"I do it quickly for them so they see how it goes." }, false },
	    { { "Annan ohjeen paperilla ja lähden.",
		"Jag ger en instruktion på papper och går.",
		"I hand over written instructions and leave." }, false } } },
};

int
learning_demo_training(struct db *db, int64_t region, int64_t achievement,
    int64_t now)
{
	struct train_question q;
	struct train_option opts[4];
	struct material_ref *mats;
	struct training t;
	struct arena a;
	size_t i, k, nm;
	int64_t id;
	int rc = -1;

	arena_init(&a);
	memset(&t, 0, sizeof(t));
	t.region_id = region;
	t.achievement_id = achievement;
	t.name[LANG_FI] = "Digituen perusteet";
	t.name[LANG_SV] = "Grunderna i digitalt stöd";
	t.name[LANG_EN] = "Digital support basics";
	t.description[LANG_FI] = "Koulutus uusille digitukijoille: miten "
	    "autat asiakasta asioimaan itse verkossa turvallisesti, mitä "
	    "digituki tekee ja mitä ei, ja mihin ohjaat eteenpäin. Opiskele "
	    "omaan tahtiin tai tule koulutustilaisuuteen, ja tee lopuksi "
	    "10 kysymyksen testi.";
	t.description[LANG_SV] = "En utbildning för nya digitala "
	    "stödpersoner: hur du hjälper kunden att sköta sina ärenden "
	    "på nätet själv och tryggt, vad det digitala stödet gör och inte "
	    "gör, och vart du hänvisar vidare. Studera i egen takt eller kom "
	    "till utbildningstillfället, och gör till sist testet med 10 "
	    "frågor.";
	t.description[LANG_EN] = "A training for new digital supporters: how "
	    "to help a customer use online services safely by themselves, "
	    "what digital support does and does not do, and where to refer "
	    "onwards. Study at your own pace or come to the session, then "
	    "take the 10-question test.";
	t.self_paced = true;
	t.pass_percent = 80;
	t.max_attempts = 3;
	t.cooldown_minutes = 60;
	if ((id = train_store_save(db, &t, 0, now - 30 * 86400)) < 0)
		goto out;
	t.id = id;
	for (i = 0; i < sizeof(demo_questions) / sizeof(*demo_questions);
	    i++) {
		const struct demo_question *d = &demo_questions[i];

		memset(&q, 0, sizeof(q));
		memset(opts, 0, sizeof(opts));
		q.multiple = d->multiple;
		memcpy(q.text, d->text, sizeof(q.text));
		memcpy(q.explanation, d->explanation, sizeof(q.explanation));
		q.options = opts;
		for (k = 0; k < 4 && d->o[k].text[LANG_FI] != NULL; k++) {
			memcpy(opts[k].text, d->o[k].text,
			    sizeof(opts[k].text));
			opts[k].correct = d->o[k].correct;
		}
		q.noptions = k;
		if (train_store_add_question(db, id, &q) != 0)
			goto out;
	}
	/* The oldest material of the library: the demo's guide. */
	if (materials_refs(db, &a, &mats, &nm) != 0 ||
	    (nm > 0 && train_store_add_material(db, id,
	    mats[nm - 1].id) < 0))
		goto out;
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}
