-- Feedback on the site's accessibility, from the form on the accessibility
-- statement page.  contact is optional and the only personal data.
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	created_at INTEGER NOT NULL,
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	page TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL,
	contact TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_created ON feedback(created_at);
