-- Which points a write of the directory touched, so that the in-memory
-- search index (src/directory/search_index.c) can apply just those: each
-- write that moves directory_count.stamp (0033) sets the stamp it moved
-- to on the points it wrote, in the same transaction (src/directory/
-- store.c, bump_stamp()).  An index built at stamp S reads the points
-- with index_stamp > S (this index) instead of the whole directory.
ALTER TABLE service_point ADD COLUMN index_stamp BIGINT NOT NULL DEFAULT 0;
CREATE INDEX service_point_index_stamp ON service_point(index_stamp);
