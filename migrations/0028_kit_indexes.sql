-- Indexes for the reads the module kit's third round moved behind the
-- auth module's API (src/auth/cards.c, src/programme/reminders.c):
-- the weekly digest finds who has had this week's digest by the week
-- alone, which the primary key (account_id, week) cannot serve;
CREATE INDEX digest_sent_week ON digest_sent(week);
-- and the people who work on a municipality are found by the
-- municipality a tutor's scope names, not by the account.
CREATE INDEX account_scope_ref ON account_scope(kind, ref, account_id);
