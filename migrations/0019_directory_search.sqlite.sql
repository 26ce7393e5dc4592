-- The directory's search index on SQLite: an FTS5 table whose rowid is the
-- service point's id and whose one column holds the terms that
-- src/directory/analyse.c made of the point's texts (base forms, compound
-- parts, stems, folded words; space-separated).  The terms are already
-- lowercase and folded, so the tokenizer only splits them at the spaces:
-- remove_diacritics 0 keeps å, ä and ö letters of their own, as the
-- analyser does.  prefix = '2 3' indexes short prefixes for the
-- as-you-type search.  PostgreSQL stores the same terms as a tsvector
-- (0019_directory_search.pg.sql); src/directory/store.c asks either.
CREATE VIRTUAL TABLE service_point_search USING fts5(
	terms,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
