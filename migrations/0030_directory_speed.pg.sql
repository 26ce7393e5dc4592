-- The directory (issue 15): the search's open-now filter in the text
-- index, and the HSDS list's count without reading the table.
--
-- When each point is open (state 1) within its materialised window, as
-- terms of the text index (src/directory/store.c, open_terms()): "xopen"
-- and the number of each three-hour block since the epoch an open
-- interval touches, starts_at / 10800 to (ends_at - 1) / 10800, for the
-- points indexed before this version.  Every later save and each day's
-- refresh writes them.
UPDATE service_point_search s SET terms = s.terms || ' ' || x.t
	FROM (SELECT point_id, string_agg('xopen' || hr, ' ' ORDER BY hr) AS t
		FROM (SELECT DISTINCT point_id, generate_series(starts_at / 10800,
			(ends_at - 1) / 10800) AS hr
			FROM service_point_open WHERE state = 1) h
		GROUP BY point_id) x
	WHERE x.point_id = s.point_id;
UPDATE service_point_search SET tsv = to_tsvector('simple', terms);

-- The number of published points (status not 'closed'), kept by
-- directory_store_save() in the same transaction as the point: the HSDS
-- list's total_items without counting the table on every page.
CREATE TABLE directory_count (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	published BIGINT NOT NULL
);
INSERT INTO directory_count (id, published)
	SELECT 1, count(*) FROM service_point WHERE status <> 'closed';

-- The search's test for open at a moment reads the intervals of the point
-- that started in the day before it (src/directory/store.c,
-- OPEN_LONGEST), in this index alone.
CREATE INDEX service_point_open_state ON service_point_open (point_id, state, starts_at, ends_at);

-- The search form's list of municipalities with published points asks
-- each municipality for one (src/directory/store.c,
-- directory_store_areas()): answered from this index alone.
CREATE INDEX service_point_municipality_status ON service_point (municipality_code, status);
