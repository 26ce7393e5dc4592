-- Indexes for cost that follows what a page shows, not the size of a
-- table (issue 13).  Each serves the order and filter of hot queries that
-- scanned a whole table; the plan check (src/db/sqlite.c,
-- $TUKIVERKKO_PLAN_CHECK) keeps it so in the HTTP suite.

-- The events list and archive page by keyset: (starts_at, id) in both
-- directions.
CREATE INDEX event_list ON event(starts_at, id);
-- The public events of a region, newest first (the front page and a
-- municipality's page): the walk reads the index, not the rows.
CREATE INDEX event_public ON event(region_id, status, audience, starts_at);
-- The longest event, read through this index in one step: the upcoming
-- list starts that far before now, so that it does not walk the past.
CREATE INDEX event_span ON event((ends_at - starts_at));
-- The retention job: ended events whose registrants are not yet erased.
CREATE INDEX event_unerased ON event(ends_at) WHERE erased_at IS NULL;

-- The materials library pages by keyset on (updated_at, id).
CREATE INDEX material_updated ON material(updated_at, id);

-- The news list pages by keyset on (publish_at, id) of published posts.
CREATE INDEX news_post_list ON news_post(status, publish_at, id);

-- Retention and clean-up jobs: what is older than a time.
CREATE INDEX session_created ON session(created_at);
CREATE INDEX account_token_expires ON account_token(expires_at);
CREATE INDEX account_token_used ON account_token(used_at);
CREATE INDEX throttle_window ON throttle(window_start);
CREATE INDEX attendance_upload_created ON attendance_upload(created_at);
CREATE INDEX material_download_at ON material_download(at);
CREATE INDEX material_grant_expires ON material_grant(expires_at);
CREATE INDEX material_request_decided ON material_request(
	(COALESCE(decided_at, created_at))) WHERE erased_at IS NULL;

-- Foreign keys whose parent rows are deleted: the child lookup.
CREATE INDEX material_grant_request ON material_grant(request_id);
CREATE INDEX material_download_grant ON material_download(grant_id);

-- A person's data by address (privacy export and erasure).
CREATE INDEX registration_email_any ON registration(lower(email));
CREATE INDEX material_request_email ON material_request(lower(email));
CREATE INDEX mail_outbox_to ON mail_outbox(lower(to_addr));
CREATE INDEX person_email ON person(lower(email));
CREATE INDEX feedback_contact ON feedback(lower(contact));
CREATE INDEX attendance_guest_person ON attendance_guest(person_key);

-- The weekly digest: the tutors.
CREATE INDEX account_role ON account(role);
