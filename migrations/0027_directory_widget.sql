-- The directory (issue 15): the embeddable widget's colours, and an index
-- for the search's count.  A municipality's own colours for
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
