/*
 * fixture.c - the sample badge: "Digituen perusteet", awarded once.
 */
#include "fixture.h"

static const char *const tags[] = { "digituki", "perustaidot" };

static const struct badge_alignment alignments[] = { {
	.target_name = "DigComp 2.2: 1.1 Browsing, searching and filtering",
	.target_url = "https://joint-research-centre.ec.europa.eu/digcomp_en",
	.target_framework = "DigComp 2.2",
	.target_code = "1.1",
} };

const struct badge_issuer fix_issuer = {
	.id = FIX_DID,
	.ob2_id = FIX_SITE "/badges/issuer",
	.name = "Uudenmaan digitukiverkosto",
	.url = FIX_SITE,
	.email = "digituki@example.fi",
	.description = "Alueellinen digitukiverkosto",
	.image = FIX_SITE "/static/logo.png",
	.revocation_list = FIX_SITE "/badges/revocations",
};

const struct badge_achievement fix_achievement = {
	.id = FIX_SITE "/badges/achievements/1",
	.ob2_id = FIX_SITE "/badges/classes/1",
	.name = "Digituen perusteet",
	.description = "Osaa auttaa asiakasta \"perusasioissa\" & ohjata eteenpäin.",
	.criteria_narrative = "Käynyt koulutuksen ja läpäissyt **10 kysymyksen** testin.",
	.criteria_url = FIX_SITE "/fi/trainings/1",
	.image = FIX_SITE "/badges/achievements/1/image.png",
	.image_caption = "Sininen merkki, jossa teksti Digituki",
	.lang = "fi",
	.type = BADGE_TYPE_COMPETENCY,
	.tags = tags,
	.ntags = 2,
	.alignments = alignments,
	.nalignments = 1,
};

const struct badge_award fix_award = {
	.id = FIX_SITE "/badges/credentials/7",
	.ob2_id = FIX_SITE "/badges/assertions/7",
	.subject_id = "urn:uuid:0b8e7c3e-2f6a-4c1e-9a57-5d0f3b2c1a99",
	.email = FIX_EMAIL,
	.salt = FIX_SALT,
	.valid_from = FIX_AWARDED,
	.narrative = "Läpäisi testin 9/10 pisteellä.",
	.baked_image = FIX_SITE "/badges/assertions/7/image.png",
	.status_list = FIX_SITE "/badges/status/1",
	.status_index = 7,
};
