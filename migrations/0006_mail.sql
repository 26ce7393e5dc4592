-- Outgoing mail: SMTP delivery state, deduplication keys and attachments.
--
-- status: 'pending' until the relay (or the spool) took the message, then
-- 'sent'; 'failed' after the last of MAIL_MAX_ATTEMPTS (src/mail/mail.h)
-- tries.  next_attempt_at (seconds) spaces the retries out; last_error says
-- why the last try failed, without personal data.
ALTER TABLE mail_outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
	CHECK (status IN ('pending', 'sent', 'failed'));
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
-- A caller's key ("reg:<id>:confirmation") for a message that must be
-- queued at most once however often the cause repeats; NULL for none
-- (NULLs never collide in a UNIQUE index).
ALTER TABLE mail_outbox ADD COLUMN dedupe_key TEXT;
-- The whole RFC 5322 message with its attachments, rendered when queued
-- so that every attempt sends the same bytes (same Message-ID); emptied
-- with body once sent or failed.  NULL for rows queued before this.
ALTER TABLE mail_outbox ADD COLUMN message TEXT;

UPDATE mail_outbox SET status = 'sent' WHERE sent_at IS NOT NULL;
UPDATE mail_outbox SET status = 'failed' WHERE sent_at IS NULL AND attempts >= 10;

CREATE UNIQUE INDEX mail_outbox_dedupe ON mail_outbox(dedupe_key);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
