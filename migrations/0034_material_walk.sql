-- The materials library's event filter walks the materials newest first
-- and skips those for staff only for visitors (issue 13): with the access
-- in the keyset index the walk reads the index and the links, not each
-- material's row.  It replaces the index of (updated_at, id), whose order
-- it keeps for the library's pages.
DROP INDEX material_updated;
CREATE INDEX material_list ON material(updated_at, id, access);
