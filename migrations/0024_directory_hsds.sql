-- The directory's open data (issue #15, src/directory/hsds.c): the HSDS
-- lists count the published points changed since a moment
-- (?modified_after=) along this index, instead of reading every point.
CREATE INDEX service_point_updated ON service_point(updated_at, status);

-- A point imported from the national service catalogue (PTV, `tukiverkko
-- directory import-ptv`) keeps its PTV id: a new import of the same
-- channel updates it instead of adding another (src/directory/ptv.c).
ALTER TABLE service_point ADD COLUMN ptv_id TEXT;
CREATE UNIQUE INDEX service_point_ptv ON service_point(ptv_id);
