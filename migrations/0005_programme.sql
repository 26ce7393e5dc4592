-- The sparring programme: assessment dimensions, tutor assignments,
-- one workspace per municipality and period with its self-assessment,
-- sessions and concrete actions (with their history), and reminders sent.

ALTER TABLE programme_period ADD COLUMN goals_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE programme_period ADD COLUMN goals_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE programme_period ADD COLUMN goals_en TEXT NOT NULL DEFAULT '';

-- Whether the account wants reminder e-mails (actions due, weekly digest).
ALTER TABLE account ADD COLUMN notify INTEGER NOT NULL DEFAULT 1
	CHECK (notify IN (0, 1));

-- Dimensions of the self-assessment (reference data, from
-- sparring-dimensions.csv), shown in `position` order.
CREATE TABLE dimension (
	key TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	label_fi TEXT NOT NULL,
	label_sv TEXT NOT NULL,
	label_en TEXT NOT NULL,
	question_en TEXT NOT NULL DEFAULT ''
);

-- A tutor municipality supports a municipality in a period.
CREATE TABLE tutor_assignment (
	id INTEGER PRIMARY KEY,
	period_id INTEGER NOT NULL REFERENCES programme_period(id) ON DELETE CASCADE,
	tutor_code TEXT NOT NULL REFERENCES municipality(code),
	municipality_code TEXT NOT NULL REFERENCES municipality(code),
	CHECK (tutor_code <> municipality_code),
	UNIQUE (period_id, tutor_code, municipality_code)
);
CREATE INDEX tutor_assignment_municipality ON tutor_assignment(municipality_code);

-- The tutor people (accounts) of an assignment.
CREATE TABLE tutor_assignment_account (
	assignment_id INTEGER NOT NULL REFERENCES tutor_assignment(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	PRIMARY KEY (assignment_id, account_id)
);
CREATE INDEX tutor_assignment_account_account ON tutor_assignment_account(account_id);

CREATE TABLE workspace (
	id INTEGER PRIMARY KEY,
	period_id INTEGER NOT NULL REFERENCES programme_period(id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL REFERENCES municipality(code),
	goals TEXT NOT NULL DEFAULT '',		-- Markdown
	outcome TEXT NOT NULL DEFAULT '',	-- Markdown, at the end of the period
	UNIQUE (period_id, municipality_code)
);

-- Self-assessment, 1-5 with a note, at the start and again at the end.
CREATE TABLE assessment (
	workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
	phase TEXT NOT NULL CHECK (phase IN ('start', 'end')),
	dimension_key TEXT NOT NULL REFERENCES dimension(key),
	score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	note TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES account(id),
	PRIMARY KEY (workspace_id, phase, dimension_key)
);

CREATE TABLE sparring_session (
	id INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
	starts_at INTEGER NOT NULL,
	mode TEXT NOT NULL CHECK (mode IN ('on-site', 'remote')),
	place TEXT NOT NULL DEFAULT '',
	participants TEXT NOT NULL DEFAULT '',	-- names and municipalities, one per line
	agenda TEXT NOT NULL DEFAULT '',	-- Markdown
	notes TEXT NOT NULL DEFAULT '',		-- Markdown
	created_by INTEGER REFERENCES account(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX sparring_session_workspace ON sparring_session(workspace_id, starts_at);

-- A concrete action agreed in sparring.
CREATE TABLE action (
	id INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	owner_account_id INTEGER REFERENCES account(id) ON DELETE SET NULL,
	owner_name TEXT NOT NULL DEFAULT '',
	due_on TEXT,				-- YYYY-MM-DD, Helsinki date
	status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done',
		'dropped')),
	progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	session_id INTEGER REFERENCES sparring_session(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX action_workspace ON action(workspace_id);
CREATE INDEX action_due ON action(status, due_on);

-- Every change of an action, dated: who, what status and progress, why.
CREATE TABLE action_history (
	id INTEGER PRIMARY KEY,
	action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	account_id INTEGER REFERENCES account(id),
	status TEXT NOT NULL,
	progress INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_history_action ON action_history(action_id, at);

-- Reminders sent, so that a restart never sends one twice.
CREATE TABLE reminder_sent (
	action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('due-soon', 'overdue')),
	PRIMARY KEY (action_id, kind)
);
CREATE TABLE digest_sent (
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	week TEXT NOT NULL,			-- ISO week, e.g. 2021-W40
	PRIMARY KEY (account_id, week)
);
