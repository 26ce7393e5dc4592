-- The directory (issue 15): the embeddable widget's colours, an index
-- for the search's count, and the search's filters as terms of the text
-- index.  A municipality's own colours for
-- /:lang/directory/widget, set by the people who edit the
-- municipality (src/directory/widget.c).  accent is the links' colour on
-- white and the title band's background, accent_text the title's colour
-- on it; both "#rrggbb", each pair with a contrast of at least 4.5:1
-- (checked by the form, dir_contrast()).
CREATE TABLE directory_widget (
	municipality_code TEXT PRIMARY KEY REFERENCES directory_area (code),
	accent TEXT NOT NULL CHECK (length(accent) = 7),
	accent_text TEXT NOT NULL CHECK (length(accent_text) = 7),
	updated_at INTEGER NOT NULL
);

-- The search's count of open points without any filter starts from
-- their status (src/directory/store.c, count_driver()) instead of
-- reading every point.
CREATE INDEX service_point_status ON service_point (status);

-- The search's equality filters as terms of the text index
-- (src/directory/store.c, filter_term()): the points indexed before this
-- version get theirs here, spelt as filter_term() spells them - a prefix
-- and the value's letters and digits ("xtopicdevicebasics").  Keys and
-- codes are lower-case letters, digits and '-'.
UPDATE service_point_search SET terms = terms
	|| coalesce((SELECT ' xmuni' || p.municipality_code FROM service_point p
		WHERE p.id = service_point_search.rowid), '')
	|| coalesce((SELECT ' ' || group_concat('xtopic' || replace(t.topic, '-', ''), ' ')
		FROM service_point_topic t WHERE t.point_id = service_point_search.rowid), '')
	|| coalesce((SELECT ' ' || group_concat('xform' || replace(f.form, '-', ''), ' ')
		FROM service_point_form f WHERE f.point_id = service_point_search.rowid), '')
	|| coalesce((SELECT ' ' || group_concat('xlang' || l.lang, ' ')
		FROM service_point_language l WHERE l.point_id = service_point_search.rowid), '');
