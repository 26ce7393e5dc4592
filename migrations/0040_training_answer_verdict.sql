-- The verdict on a question as it stood when an attempt was submitted,
-- kept with each chosen option of it (issue 17: answers stored).  A
-- trainer may change a question's options and right answers later; the
-- earner's result then says what the stored score counted, not a verdict
-- worked out again against the changed question.  NULL for answers
-- stored before the verdict was kept.  Owned by src/learning.
ALTER TABLE training_answer ADD COLUMN question_right INTEGER
	CHECK (question_right IN (0, 1));
