/*
 * store_sql.h - SQL fragments shared by the programme's store files.
 */
#ifndef TV_PROGRAMME_STORE_SQL_H
#define TV_PROGRAMME_STORE_SQL_H

/* The language version of col_fi/_sv/_en wanted by parameter `lp` (0 fi,
 * 1 sv, 2 en: enum lang), falling back to fi, sv, en when empty, as
 * i18n_pick() does. */
#define PICK(col, lp) "COALESCE(NULLIF(CASE " lp " WHEN 1 THEN " col "_sv " \
	"WHEN 2 THEN " col "_en ELSE " col "_fi END, ''), NULLIF(" col "_fi, " \
	"''), NULLIF(" col "_sv, ''), COALESCE(" col "_en, ''))"

#endif
