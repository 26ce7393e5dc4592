-- The directory's search index on PostgreSQL: the same terms as SQLite's
-- FTS5 table (0019_directory_search.sqlite.sql), made by
-- src/directory/analyse.c, kept as text and as to_tsvector('simple', terms)
-- - the 'simple' configuration only lowercases and splits, so the
-- lexemes are the analyser's terms - with a GIN index for @@.
CREATE TABLE service_point_search (
	point_id BIGINT PRIMARY KEY REFERENCES service_point(id) ON DELETE CASCADE,
	terms TEXT NOT NULL,
	tsv tsvector NOT NULL
);
CREATE INDEX service_point_search_tsv ON service_point_search USING GIN (tsv);
