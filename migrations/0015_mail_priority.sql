-- Account mail (password resets, invitations) goes out before other mail:
-- a reset asked for during a flood of registration confirmations must not
-- wait behind thousands of them.  0 = account mail, 1 = everything else.
ALTER TABLE mail_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1
	CHECK (priority IN (0, 1));
CREATE INDEX mail_outbox_queue ON mail_outbox(status, priority, next_attempt_at);
