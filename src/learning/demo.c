/*
 * demo.c - the demo's badges: "Digituen perusteet" (Digital support
 * basics) in Finnish, Swedish and English, as the national agency's
 * competence badge is described in the seed article, awarded to four
 * people of the Uusimaa network a few weeks ago; one award was revoked.
 * The issuer's key is made here too.
 */
#include <string.h>

#include "auth/account.h"
#include "learning/badge_image.h"
#include "learning/learning.h"

/* The tags of each language version, three a language. */
static const char *const demo_tags[LANG_COUNT][3] = {
	{ "digituki", "perustaidot", "asiakaspalvelu" },
	{ "digitalt stöd", "grundfärdigheter", "kundservice" },
	{ "digital support", "basic skills", "customer service" },
};

static struct learn_alignment demo_alignment = {
	.target_name = "DigComp 2.2: 5.2 Identifying needs and technological responses",
	.target_url = "https://joint-research-centre.ec.europa.eu/digcomp_en",
	.target_description = "",
	.target_framework = "DigComp 2.2",
	.target_code = "5.2",
};

struct demo_award {
	const char *name, *email;
	enum lang lang;
	int days_ago;
	const char *narrative;
	const char *revoked;	/* the reason, or NULL */
};

static const struct demo_award demo_awards[] = {
	{ "Sanna Kuvitelma", "pornainen@example.fi", LANG_FI, 40,
	    "Suoritti Digituen perusteet -koulutuksen ja läpäisi testin 9/10 "
	    "oikein.", NULL },
	{ "Mikko Testinen", "mikko.testinen@tuusula.example.fi", LANG_FI, 38,
	    "Suoritti koulutuksen ja läpäisi testin 10/10 oikein.", NULL },
	{ "Johanna Hyvä", "johanna.hyva@porvoo.example.fi", LANG_SV, 30,
	    "Genomförde utbildningen och klarade testet med 8/10 rätt.", NULL },
	{ "Leena Lainaaja", "leena.lainaaja@karkkila.example.fi", LANG_EN, 25,
	    "Completed the training and passed the test with 8/10.",
	    "Awarded by mistake before the test had been passed." },
};

int
learning_demo_load(struct db *db, int64_t region, int64_t now)
{
	struct achievement ac;
	struct badge_key k;
	struct account acc;
	struct award aw;
	struct arena a;
	unsigned char *png;
	size_t npng, i;
	int64_t id;
	int rc = -1, l;

	arena_init(&a);
	if (learn_signing_key(db, true, &k) != 0)
		goto out;
	badge_key_wipe(&k);
	memset(&ac, 0, sizeof(ac));
	ac.region_id = region;
	ac.kind = BADGE_TYPE_COMPETENCY;
	ac.name[LANG_FI] = "Digituen perusteet";
	ac.name[LANG_SV] = "Grunderna i digitalt stöd";
	ac.name[LANG_EN] = "Digital support basics";
	ac.description[LANG_FI] = "Merkin saanut osaa auttaa asiakasta "
	    "sähköisten palvelujen käytössä, tunnistaa tuen tarpeen ja ohjata "
	    "tarvittaessa eteenpäin.";
	ac.description[LANG_SV] = "Den som har märket kan hjälpa kunder att "
	    "använda e-tjänster, känna igen behovet av stöd och vid behov "
	    "hänvisa vidare.";
	ac.description[LANG_EN] = "The holder can help a customer use online "
	    "services, recognise the need for support and refer them onwards "
	    "when needed.";
	ac.criteria[LANG_FI] = "Käy Digituen perusteet -koulutus ja läpäise "
	    "10 kysymyksen testi vähintään 8 oikealla vastauksella.";
	ac.criteria[LANG_SV] = "Gå utbildningen Grunderna i digitalt stöd och "
	    "klara testet med 10 frågor med minst 8 rätta svar.";
	ac.criteria[LANG_EN] = "Take the Digital support basics training and "
	    "pass the 10-question test with at least 8 correct answers.";
	for (l = 0; l < LANG_COUNT; l++) {
		ac.tags[l] = demo_tags[l];
		ac.ntags[l] = sizeof(demo_tags[l]) / sizeof(demo_tags[l][0]);
	}
	ac.alignments = &demo_alignment;
	ac.nalignments = 1;
	ac.image_type = LEARN_IMAGE_PNG;
	if ((png = badge_png_demo(&a, &npng)) == NULL ||
	    (id = learn_store_save_achievement(db, &ac, png, npng, 0,
	    now - 60 * 86400)) < 0)
		goto out;
	for (i = 0; i < sizeof(demo_awards) / sizeof(demo_awards[0]); i++) {
		const struct demo_award *d = &demo_awards[i];

		memset(&aw, 0, sizeof(aw));
		aw.achievement_id = id;
		aw.lang = d->lang;
		aw.name = d->name;
		aw.email = d->email;
		aw.narrative = d->narrative;
		aw.evidence_url = "";
		if (account_by_email(db, &a, d->email, &acc) == 0)
			aw.account_id = acc.id;
		if (learn_store_insert_award(db, &a, &aw, 0,
		    now - d->days_ago * 86400) != 0 ||
		    (d->revoked != NULL && learn_store_revoke(db, aw.id,
		    d->revoked, 0, now - (d->days_ago - 2) * 86400) != 0))
			goto out;
	}
	if (learning_demo_training(db, region, id, now) != 0)
		goto out;
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}
