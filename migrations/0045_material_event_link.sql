-- The materials library's event filter (issue 13): a copy of each
-- material's links to events and agenda items, with the material's place
-- in the library's order (updated_at, material_id) and whether visitors
-- see it, so that the filter reads the newest links along one index
-- instead of walking material(updated_at, id) and looking up each
-- material's links (a third of the library's time at 100 times the demo
-- data).  Owned by the materials module, made again from material_link
-- by every write of a material (mat_event_links_refresh()).
CREATE TABLE material_event_link (
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	target_type TEXT NOT NULL CHECK (target_type IN ('event', 'agenda_item')),
	target_id INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	visitors INTEGER NOT NULL CHECK (visitors IN (0, 1)),
	PRIMARY KEY (material_id, target_type, target_id)
);
CREATE INDEX material_event_link_all ON material_event_link(updated_at,
	material_id, target_type, target_id);
-- visitors in the partial index too: SQLite reads the table's row for a
-- column the index lacks, even one its WHERE fixes.
CREATE INDEX material_event_link_visitors ON material_event_link(updated_at,
	material_id, target_type, target_id, visitors) WHERE visitors = 1;
INSERT INTO material_event_link (material_id, target_type, target_id,
	updated_at, visitors)
	SELECT ml.material_id, ml.target_type, ml.target_id, m.updated_at,
		CASE WHEN m.access <> 'staff' THEN 1 ELSE 0 END
	FROM material_link ml JOIN material m ON m.id = ml.material_id
	WHERE ml.target_type IN ('event', 'agenda_item');

-- Whether the library lists the material (a link to the library, an event
-- or an agenda item; one only in a workspace stays there), kept beside
-- the links by the same writes: the library's page checked an EXISTS of
-- two or three link look-ups for every row it read, half of its
-- statement's steps; in the keyset index the page skips the others
-- without reading their rows.
ALTER TABLE material ADD COLUMN in_library INTEGER NOT NULL DEFAULT 0
	CHECK (in_library IN (0, 1));
UPDATE material SET in_library = 1 WHERE EXISTS (SELECT 1 FROM
	material_link ml WHERE ml.material_id = material.id AND
	ml.target_type IN ('library', 'event', 'agenda_item'));
DROP INDEX material_list;
CREATE INDEX material_list ON material(updated_at, id, access, in_library);
