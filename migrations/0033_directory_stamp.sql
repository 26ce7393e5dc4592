-- A number every write of the directory's searchable data moves on
-- (directory_store_save(), the day's refresh of open hours, the indexing
-- of points not yet indexed: src/directory/store.c, bump_stamp()), in the
-- same transaction.  The in-memory search index (src/directory/
-- search_index.c) is built at one stamp and answers a search only while
-- the stamp that search reads is the same: writes of anything else (a
-- mail sent, a registration) leave it alone, and a write of the directory
-- by any process or server is seen at the next search.
ALTER TABLE directory_count ADD COLUMN stamp BIGINT NOT NULL DEFAULT 0;
