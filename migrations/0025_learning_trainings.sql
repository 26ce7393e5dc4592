-- Trainings and their online tests (issue 17).  Owned by src/learning
-- (src/modules.tsv).  A training's sessions are ordinary events: the
-- registration machinery of src/registration holds their seats and
-- waiting lists, and training_enrolment only remembers which
-- registration is a staff member's enrolment.  Learning material is
-- linked by the material's id and read through the materials module's
-- API.

-- A training: its texts in fi/sv/en (a language version exists when its
-- name is not empty), the achievement its completion awards (NULL:
-- none), and the test's rules: the share of questions to answer right
-- (percent), the attempts one has and the pause between two attempts.
CREATE TABLE training (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	achievement_id INTEGER REFERENCES achievement(id),
	name_fi TEXT NOT NULL DEFAULT '',
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	description_fi TEXT NOT NULL DEFAULT '',
	description_sv TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	self_paced INTEGER NOT NULL DEFAULT 1 CHECK (self_paced IN (0, 1)),
	pass_percent INTEGER NOT NULL DEFAULT 80
	    CHECK (pass_percent BETWEEN 1 AND 100),
	max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
	cooldown_minutes INTEGER NOT NULL DEFAULT 60
	    CHECK (cooldown_minutes BETWEEN 0 AND 10080),
	created_by INTEGER REFERENCES account(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX training_region ON training(region_id, id);
CREATE INDEX training_achievement ON training(achievement_id);

-- Materials of the library to study, in the order added.
CREATE TABLE training_material (
	training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
	material_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (training_id, material_id)
);

-- The sessions: events of the events module.
CREATE TABLE training_session (
	training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
	event_id INTEGER NOT NULL REFERENCES event(id),
	PRIMARY KEY (training_id, event_id)
);
CREATE INDEX training_session_event ON training_session(event_id);

-- A staff member's enrolment: in a session (event_id and the
-- registration that holds or waits for the seat) or self-paced (both
-- NULL); name is the account's, for the trainer's list.  completed_at is set by the trainer or by a passed test
-- (completed_via 'trainer' or 'test'), in the transaction that awards
-- the training's achievement (award_id).
CREATE TABLE training_enrolment (
	id INTEGER PRIMARY KEY,
	training_id INTEGER NOT NULL REFERENCES training(id),
	account_id INTEGER NOT NULL REFERENCES account(id),
	name TEXT NOT NULL,			-- the account's name when enrolled
	event_id INTEGER REFERENCES event(id),
	registration_id INTEGER REFERENCES registration(id),
	enrolled_by INTEGER REFERENCES account(id),
	enrolled_at INTEGER NOT NULL,
	completed_at INTEGER,
	completed_via TEXT CHECK (completed_via IN ('trainer', 'test')),
	completed_by INTEGER REFERENCES account(id),
	award_id INTEGER REFERENCES badge_award(id),
	UNIQUE (training_id, account_id)
);
CREATE INDEX training_enrolment_account ON training_enrolment(account_id);
CREATE INDEX training_enrolment_enrolled ON training_enrolment(enrolled_at);
CREATE INDEX training_enrolment_completed ON training_enrolment(completed_at);

-- The question bank: single choice (multiple 0) or multiple choice, the
-- question and the explanation shown after answering, in fi/sv/en.
CREATE TABLE training_question (
	id INTEGER PRIMARY KEY,
	training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
	text_fi TEXT NOT NULL DEFAULT '',
	text_sv TEXT NOT NULL DEFAULT '',
	text_en TEXT NOT NULL DEFAULT '',
	explanation_fi TEXT NOT NULL DEFAULT '',
	explanation_sv TEXT NOT NULL DEFAULT '',
	explanation_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_question_training ON training_question(training_id, position);

CREATE TABLE training_option (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES training_question(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text_fi TEXT NOT NULL DEFAULT '',
	text_sv TEXT NOT NULL DEFAULT '',
	text_en TEXT NOT NULL DEFAULT '',
	correct INTEGER NOT NULL DEFAULT 0 CHECK (correct IN (0, 1))
);
CREATE INDEX training_option_question ON training_option(question_id, position);

-- An attempt at a training's test: the seed of its question and option
-- order (so a reload shows the same order), then the result once
-- answered (submitted_at set; score of total questions right).
CREATE TABLE training_attempt (
	id INTEGER PRIMARY KEY,
	training_id INTEGER NOT NULL REFERENCES training(id),
	account_id INTEGER NOT NULL REFERENCES account(id),
	seed INTEGER NOT NULL,
	started_at INTEGER NOT NULL,
	submitted_at INTEGER,
	score INTEGER,
	total INTEGER,
	passed INTEGER CHECK (passed IN (0, 1))
);
CREATE INDEX training_attempt_account ON training_attempt(account_id, training_id, id);
CREATE INDEX training_attempt_training ON training_attempt(training_id, id);
CREATE INDEX training_attempt_submitted ON training_attempt(submitted_at);

-- The options chosen in an attempt.
CREATE TABLE training_answer (
	attempt_id INTEGER NOT NULL REFERENCES training_attempt(id) ON DELETE CASCADE,
	question_id INTEGER NOT NULL,
	option_id INTEGER NOT NULL,
	PRIMARY KEY (attempt_id, question_id, option_id)
);
