/*
 * demo.c - the questions the demo's upcoming webinar asks its registrants
 * (events/demo.c makes the webinar).
 */
#include "registration/registration.h"
#include "registration/store.h"

int
registration_demo_questions(struct db *db, int64_t event_id)
{
	static const struct question_fields questions[] = {
		{ "yesno", { "Annatko itse digitukea asiakkaille?",
		    "Ger du själv digitalt stöd till kunder?",
		    "Do you give digital support to customers yourself?" },
		    "", true, 1 },
		{ "choice", { "Missä työskentelet?", "Var arbetar du?",
		    "Where do you work?" },
		    "Kunta|Kommun|Municipality\n"
		    "Kirjasto|Bibliotek|Library\n"
		    "Järjestö|Organisation|Association\n"
		    "Muu|Annat|Other", false, 2 },
	};
	size_t i;
	int64_t id;

	if (event_id <= 0)
		return 0;
	for (i = 0; i < sizeof(questions) / sizeof(questions[0]); i++)
		if (question_insert(db, event_id, &questions[i], &id) != 0)
			return -1;
	return 0;
}
