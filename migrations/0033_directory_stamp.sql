-- A number every write of the directory's searchable data moves on
-- (directory_store_save(), the day's refresh of open hours, the indexing
-- of points not yet indexed: src/directory/store.c, bump_stamp()), in the
-- same transaction.  The in-memory search index (src/directory/
-- search_index.c) is built at one stamp: when the database generation
-- moves on because something else was written (a mail sent, a
-- registration), an equal stamp says the directory is as the index has
-- it, so the index keeps answering instead of being built again.
ALTER TABLE directory_count ADD COLUMN stamp BIGINT NOT NULL DEFAULT 0;
