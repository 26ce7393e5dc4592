-- The self-assessment questions in Finnish and Swedish too: a municipal
-- coordinator fills in the form in their own language.  Empty means "not
-- written": pages then show the English question, marked lang="en".
ALTER TABLE dimension ADD COLUMN question_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE dimension ADD COLUMN question_sv TEXT NOT NULL DEFAULT '';
