-- The directory's open data (issue #15, src/directory/hsds.c): the HSDS
-- lists count the published points changed since a moment
-- (?modified_after=) along this index, instead of reading every point.
CREATE INDEX service_point_updated ON service_point(updated_at, status);
