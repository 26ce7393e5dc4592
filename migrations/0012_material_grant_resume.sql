-- Issue 11, item 7: a range request no longer slips past a download
-- link's count.  Every download that sends bytes takes a use, wherever
-- its range starts, except a resume of the download the link started
-- last: at most MAT_LINK_RESUMES of them within MAT_LINK_RESUME_WINDOW
-- seconds of started_at (src/materials/materials.h, docs/security.md).
ALTER TABLE material_grant ADD COLUMN started_at INTEGER;
ALTER TABLE material_grant ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0;
