/*
 * plan_file.h - the plan check's file as text, for the tests of both
 * backends' checks (test_plan.c, test_pg_live.c).
 */
#ifndef TV_TEST_PLAN_FILE_H
#define TV_TEST_PLAN_FILE_H

#include <stdio.h>

/* The file's text ("" while it does not exist), in a static buffer. */
static inline const char *
plan_file_text(const char *path)
{
	static char text[4096];
	FILE *f;
	size_t n;

	text[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return text;
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

#endif
