-- The organiser's name in Swedish and English, for organisers that have
-- one (Uudenmaan liitto is Nylands förbund on Swedish pages).  Empty: the
-- Finnish name, which stays in `organiser`, is shown in every language.
ALTER TABLE event ADD COLUMN organiser_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN organiser_en TEXT NOT NULL DEFAULT '';
