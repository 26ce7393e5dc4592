-- The demo's present (#12 item 10): a sparring period under way this year,
-- so that the home pages and the network view show work in progress, and
-- events around today.  Run by src/app/demo.c after everything else of
-- the demo, with the placeholders replaced relative to the day `demo`
-- runs (Helsinki time):
--
--   ${Y}            this year
--   ${W}            this ISO week, '2026-W49'
--   @D+N@ @D-N@    the date N days from today, 'YYYY-MM-DD' (write it quoted)
--   @T+N HH:MM@    that day at HH:MM, UTC seconds
--   ${NOW}          now, UTC seconds
--
-- The story: Helsinki spars Pornainen again (its tutor and municipal
-- coordinator are the demo accounts), Vantaa spars Sipoo, Espoo Lohja and
-- Hyvinkää Nurmijärvi.  Pornainen is on track with a session next week and
-- one action four days late; Sipoo has had one session and has none
-- agreed, with an action twelve days late; Lohja is ahead; Nurmijärvi
-- starts late, its first session in five days.  A network meeting three
-- weeks from now is filling up; last month's webinar has its attendance
-- and feedback; a request for the 2021 webinar's slides waits for an
-- answer.  People's names are invented.

INSERT INTO programme_period (region_id, year, format, starts_on, ends_on, summary_fi, summary_sv, summary_en)
SELECT r.id, ${Y}, 'sparring', '${D-100}', '${D+80}',
	'Toinen sparrauskierros: tutorkunnat sparraavat neljää kuntaa, ja vuoden 2021 kunnista Pornainen jatkaa.',
	'Den andra sparrningsomgången: tutorkommunerna sparrar fyra kommuner, och av 2021 års kommuner fortsätter Borgnäs.',
	'The second round of sparring: the tutor municipalities spar four municipalities, and of the 2021 ones Pornainen goes on.'
FROM region r WHERE r.code = 'uusimaa'
	AND NOT EXISTS (SELECT 1 FROM programme_period p WHERE p.region_id = r.id AND p.year = ${Y});

INSERT INTO period_municipality (period_id, municipality_code, role)
SELECT p.id, v.code, v.role FROM programme_period p, (
	SELECT '091' AS code, 'tutor' AS role
	UNION ALL SELECT '092', 'tutor'
	UNION ALL SELECT '049', 'tutor'
	UNION ALL SELECT '106', 'tutor'
	UNION ALL SELECT '611', 'sparred'
	UNION ALL SELECT '753', 'sparred'
	UNION ALL SELECT '444', 'sparred'
	UNION ALL SELECT '543', 'sparred'
) v WHERE p.year = ${Y} AND p.region_id = (SELECT id FROM region WHERE code = 'uusimaa');

INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code)
SELECT p.id, v.tutor, v.code FROM programme_period p, (
	SELECT '091' AS tutor, '611' AS code
	UNION ALL SELECT '092', '753'
	UNION ALL SELECT '049', '444'
	UNION ALL SELECT '106', '543'
) v WHERE p.year = ${Y} AND p.region_id = (SELECT id FROM region WHERE code = 'uusimaa');

INSERT INTO tutor_assignment_account (assignment_id, account_id)
SELECT ta.id, a.id FROM tutor_assignment ta JOIN programme_period p ON p.id = ta.period_id, account a
WHERE p.year = ${Y} AND ta.tutor_code = '091' AND ta.municipality_code = '611'
	AND a.email = 'tutor.helsinki@example.fi';

INSERT INTO workspace (period_id, municipality_code, goals, outcome)
SELECT p.id, v.code, v.goals, '' FROM programme_period p, (
	SELECT '611' AS code, '- Digituen vastuut kirjataan kunnan toimintasuunnitelmaan.
- Vapaaehtoisten digiopastajien joukko kasvaa kahdesta neljään.
- Digituen ajanvaraus laajenee kirjastosta kunnantalolle.' AS goals
	UNION ALL SELECT '753', '- Selvitetään ruotsinkielisen digituen tarve ja tarjonta.
- Sovitaan digituesta seurakunnan ja järjestöjen kanssa.'
	UNION ALL SELECT '444', '- Digitukitilanteet tilastoidaan kaikissa kirjastoissa.
- Kokeillaan kotikäyntejä ikäihmisille.
- Digitukijat suorittavat osaamismerkin.'
	UNION ALL SELECT '543', '- Kootaan kunnan digituen toimijat ensimmäistä kertaa yhteen.'
) v WHERE p.year = ${Y} AND p.region_id = (SELECT id FROM region WHERE code = 'uusimaa');

-- Self-assessment at the start: Pornainen and Lohja in full, Sipoo in part,
-- Nurmijärvi not yet.
INSERT INTO assessment (workspace_id, phase, dimension_key, score, note, updated_at, updated_by)
SELECT w.id, 'start', v.k, v.score, '', ${T-95 12:00}, NULL
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT '611' AS code, 'coordination' AS k, 3 AS score
	UNION ALL SELECT '611', 'service-points', 3
	UNION ALL SELECT '611', 'competence', 2
	UNION ALL SELECT '611', 'network', 3
	UNION ALL SELECT '611', 'outreach', 3
	UNION ALL SELECT '611', 'knowledge', 2
	UNION ALL SELECT '611', 'continuity', 2
	UNION ALL SELECT '444', 'coordination', 2
	UNION ALL SELECT '444', 'service-points', 4
	UNION ALL SELECT '444', 'competence', 3
	UNION ALL SELECT '444', 'network', 2
	UNION ALL SELECT '444', 'outreach', 2
	UNION ALL SELECT '444', 'knowledge', 1
	UNION ALL SELECT '444', 'continuity', 3
	UNION ALL SELECT '753', 'coordination', 2
	UNION ALL SELECT '753', 'service-points', 3
	UNION ALL SELECT '753', 'network', 1
	UNION ALL SELECT '753', 'outreach', 2
) v WHERE p.year = ${Y} AND w.municipality_code = v.code
	AND EXISTS (SELECT 1 FROM dimension d WHERE d.key = v.k);

-- Sessions: held and coming.
INSERT INTO sparring_session (workspace_id, starts_at, mode, place, participants, agenda, notes, created_by, created_at)
SELECT w.id, v.at, v.mode, v.place, v.who, v.agenda, v.notes, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), v.at
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT '611' AS code, ${T-90 10:00} AS at, 'on-site' AS mode, 'Pornaisten kirjasto' AS place,
		'Petri Suunta, Helsinki
Sanna Kuvitelma, Pornainen' AS who,
		'1. Mitä vuoden 2021 jälkeen on tapahtunut
2. Itsearviointi: lähtötaso
3. Uudet tavoitteet' AS agenda,
		'Ajanvaraus on vakiintunut, vapaaehtoisia on kaksi. Tavoitteeksi vastuiden kirjaaminen ja lisää opastajia.' AS notes
	UNION ALL SELECT '611', ${T-45 13:00}, 'remote', 'Teams', 'Petri Suunta, Helsinki
Sanna Kuvitelma, Pornainen
Kalle Kokeilu, Pornaisten eläkeläiset ry',
		'- Vapaaehtoisten koulutus
- Toimintasuunnitelma', 'Eläkeläisyhdistyksestä löytyi kaksi uutta opastajaa. Toimintasuunnitelman luonnos kommentoitavana.'
	UNION ALL SELECT '611', ${T+9 10:00}, 'on-site', 'Pornaisten kunnantalo', 'Petri Suunta, Helsinki
Sanna Kuvitelma, Pornainen', '- Toimenpiteiden tilanne
- Ajanvaraus kunnantalolle', ''
	UNION ALL SELECT '753', ${T-70 14:00}, 'remote', 'Teams', 'Vantaan koordinaattori
Sofia Sund, Sipoo', '- Tutustuminen
- Itsearviointi', 'Itsearviointi jäi kesken: loput osa-alueet seuraavalla kerralla.'
	UNION ALL SELECT '444', ${T-80 09:30}, 'on-site', 'Lohjan pääkirjasto', 'Espoon palveluesihenkilö
Leena Lohi, Lohja', '1. Tavoitteet
2. Itsearviointi', 'Kirjastot mukana innolla. Tilastointi aloitetaan heti.'
	UNION ALL SELECT '444', ${T-30 09:30}, 'remote', 'Teams', 'Espoon palveluesihenkilö
Leena Lohi, Lohja', '- Tilastoinnin kokemukset
- Kotikäyntien kokeilu', 'Tilastointi käytössä kaikissa kirjastoissa.'
	UNION ALL SELECT '444', ${T+16 13:00}, 'remote', 'Teams', 'Espoon palveluesihenkilö
Leena Lohi, Lohja', '- Kotikäyntien kokeilun tulokset', ''
	UNION ALL SELECT '543', ${T+5 13:00}, 'on-site', 'Nurmijärven pääkirjasto', 'Hyvinkään digituen koordinaattori
Nurmijärven digituen toimijat', '1. Tutustuminen
2. Itsearviointi
3. Tavoitteet', ''
) v WHERE p.year = ${Y} AND w.municipality_code = v.code;

-- Concrete actions, some late, some due soon.
INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
SELECT w.id, v.title, (SELECT id FROM account WHERE email = v.owner), v.owner_name, v.due, v.status, v.progress, NULL, v.created, v.updated
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT '611' AS code, 'Kirjataan digituen vastuut kunnan toimintasuunnitelmaan' AS title, 'pornainen@example.fi' AS owner, '' AS owner_name,
		'${D-4}' AS due, 'in-progress' AS status, 70 AS progress, ${T-45 15:00} AS created, ${T-6 11:20} AS updated
	UNION ALL SELECT '611', 'Koulutetaan kaksi uutta vapaaehtoista digiopastajaa', '', 'Kalle Kokeilu', '${D+5}', 'in-progress', 40, ${T-45 15:00}, ${T-2 09:40}
	UNION ALL SELECT '611', 'Otetaan digituen ajanvaraus käyttöön kunnantalolla', 'pornainen@example.fi', '', '${D+30}', 'planned', 0, ${T-45 15:00}, ${T-45 15:00}
	UNION ALL SELECT '611', 'Päivitetään kunnan verkkosivujen digitukisivu', 'pornainen@example.fi', '', '${D-20}', 'done', 100, ${T-90 12:00}, ${T-22 14:05}
	UNION ALL SELECT '753', 'Kartoitetaan ruotsinkielisen digituen tarve', '', 'Sofia Sund', '${D-12}', 'planned', 0, ${T-70 16:00}, ${T-70 16:00}
	UNION ALL SELECT '753', 'Sovitaan digituesta seurakunnan kanssa', '', 'Mikael Berg', '${D+10}', 'in-progress', 30, ${T-70 16:00}, ${T-9 13:30}
	UNION ALL SELECT '444', 'Aloitetaan digitukitilanteiden tilastointi kaikissa kirjastoissa', '', 'Leena Lohi', '${D-15}', 'done', 100, ${T-80 11:00}, ${T-17 10:00}
	UNION ALL SELECT '444', 'Kokeillaan kotikäyntejä ikäihmisille', '', 'Leena Lohi', '${D+3}', 'in-progress', 50, ${T-30 11:00}, ${T-1 16:45}
	UNION ALL SELECT '444', 'Digitukijat suorittavat digituen osaamismerkin', '', 'Leena Lohi', '${D+60}', 'planned', 0, ${T-30 11:00}, ${T-30 11:00}
) v WHERE p.year = ${Y} AND w.municipality_code = v.code;

-- Each action's history: its creation and, for those changed since, the
-- change.
INSERT INTO action_history (action_id, at, account_id, status, progress, note)
SELECT x.id, x.created_at, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'planned', 0, ''
FROM action x JOIN workspace w ON w.id = x.workspace_id JOIN programme_period p ON p.id = w.period_id
WHERE p.year = ${Y};
INSERT INTO action_history (action_id, at, account_id, status, progress, note)
SELECT x.id, x.updated_at, x.owner_account_id, x.status, x.progress,
	CASE WHEN x.status = 'done' THEN 'Valmis.' ELSE 'Työ etenee.' END
FROM action x JOIN workspace w ON w.id = x.workspace_id JOIN programme_period p ON p.id = w.period_id
WHERE p.year = ${Y} AND x.updated_at > x.created_at;

-- Their reminders and this week's digest for the tutor went out already
-- (the demo's people get no mail).
INSERT INTO reminder_sent (action_id, kind)
SELECT x.id, k.kind FROM action x JOIN workspace w ON w.id = x.workspace_id JOIN programme_period p ON p.id = w.period_id,
	(SELECT 'due-soon' AS kind UNION ALL SELECT 'overdue') k
WHERE p.year = ${Y};
INSERT INTO digest_sent (account_id, week)
SELECT id, '${W}' FROM account WHERE email = 'tutor.helsinki@example.fi';

-- The seed webinar's 64 participants came from the platform's report,
-- without registrations: the attendance page counts them as such.
UPDATE event SET guests = 64 WHERE id = 1 AND attendees = 64 AND guests = 0;

-- A network meeting in three weeks, filling up: 36 of 40 seats taken.
INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
	description_fi, starts_at, ends_at, status, audience, languages, place, platform, join_url, organiser,
	organiser_sv, organiser_en,
	sequence, created_at, updated_at, capacity, registration_opens, registration_closes, group_max,
	consent_fi, consent_sv, consent_en, offer_hours, reminder_hours)
SELECT r.id, 'hybrid', 'Digitukiverkoston tapaaminen: vapaaehtoiset digiopastajat',
	'Nätverksträff för digitalt stöd: frivilliga digiguider',
	'Digital support network meeting: volunteer digital guides',
	'Miten kunnat löytävät, perehdyttävät ja pitävät vapaaehtoiset digiopastajat?',
	'Hur hittar, introducerar och behåller kommunerna frivilliga digiguider?',
	'How do municipalities find, introduce and keep volunteer digital guides?',
	'Pornainen ja Lohja kertovat kokemuksistaan, minkä jälkeen keskustellaan pienryhmissä.',
	${T+21 13:00}, ${T+21 15:30}, 'published', 'public', 'fi', 'Uudenmaan liitto, Esterinportti 2 B, Helsinki', 'Teams',
	'https://teams.example.org/l/meetup-join/tukiverkko-verkostotapaaminen', 'Uudenmaan liitto, Uudenmaan digituki-hanke',
	'Nylands förbund, projektet Digitalt stöd i Nyland', 'Helsinki-Uusimaa Regional Council, Uusimaa digital support project',
	0, ${T-14 10:00}, ${T-14 10:00}, 40, ${T-14 10:00}, ${T+20 16:00}, 2,
	'Ilmoittautumalla hyväksyt, että nimesi, sähköpostiosoitteesi ja organisaatiosi tallennetaan tapahtuman järjestämistä varten.',
	'Genom att anmäla dig godkänner du att ditt namn, din e-postadress och din organisation sparas för att ordna evenemanget.',
	'By registering you agree that your name, e-mail address and organisation are stored to organise the event.',
	24, 24
FROM region r WHERE r.code = 'uusimaa';

-- Last month's webinar: 42 registered, 35 of them attended (the
-- platform's report), 3 without registration, 22 answered the survey.
INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
	description_fi, starts_at, ends_at, status, audience, languages, platform, organiser,
	organiser_sv, organiser_en,
	sequence, created_at, updated_at, capacity, registration_opens, registration_closes, group_max,
	offer_hours, reminder_hours, guests, attendees)
SELECT r.id, 'webinar', 'Digituki kirjastoissa: kokemuksia ja vinkkejä',
	'Digitalt stöd på biblioteken: erfarenheter och tips',
	'Digital support in libraries: experiences and tips',
	'Kirjastot kertovat, miten digituki on järjestetty ja mitä siitä on opittu.',
	'Biblioteken berättar hur det digitala stödet är ordnat och vad man har lärt sig.',
	'Libraries tell how digital support is arranged and what has been learned.',
	'Lohjan ja Keravan kirjastot kertovat digituen arjesta.',
	${T-20 13:00}, ${T-20 14:30}, 'published', 'public', 'fi', 'Teams', 'Uudenmaan liitto, Uudenmaan digituki-hanke',
	'Nylands förbund, projektet Digitalt stöd i Nyland', 'Helsinki-Uusimaa Regional Council, Uusimaa digital support project',
	0, ${T-50 10:00}, ${T-50 10:00}, 100, ${T-50 10:00}, ${T-20 12:00}, 1, 24, 24, 3, 38
FROM region r WHERE r.code = 'uusimaa';

-- The registrations of both events.  Seats of the meeting: 32 alone and
-- 2 pairs; the webinar: 42 alone.  Names invented; the link secrets are
-- not real (the demo's registrants get no mail), so reminders and
-- thank-yous are marked as sent.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 42)
INSERT INTO registration (event_id, submission, token_hash, name, email, organisation, municipality_code,
	group_size, lang, status, created_at, updated_at, reminded_for, thanked_at, attended_at)
SELECT e.id, 'demo-' || e.id || '-' || n.i, 'demo-' || e.id || '-' || n.i,
	CASE n.i % 12 WHEN 0 THEN 'Aino' WHEN 1 THEN 'Eero' WHEN 2 THEN 'Helmi' WHEN 3 THEN 'Ilkka' WHEN 4 THEN 'Johanna'
		WHEN 5 THEN 'Kari' WHEN 6 THEN 'Liisa' WHEN 7 THEN 'Markku' WHEN 8 THEN 'Noora' WHEN 9 THEN 'Olli'
		WHEN 10 THEN 'Pirjo' ELSE 'Sami' END || ' ' ||
	CASE n.i % 7 WHEN 0 THEN 'Aalto' WHEN 1 THEN 'Heikkinen' WHEN 2 THEN 'Koskinen' WHEN 3 THEN 'Laine'
		WHEN 4 THEN 'Mäkelä' WHEN 5 THEN 'Nieminen' ELSE 'Virtanen' END,
	'osallistuja' || e.id || '-' || n.i || '@example.org',
	CASE n.i % 6 WHEN 0 THEN 'Pornaisten kunta' WHEN 1 THEN 'Sipoon kunta' WHEN 2 THEN 'Lohjan kaupunginkirjasto'
		WHEN 3 THEN 'Nurmijärven kunta' WHEN 4 THEN 'Keravan kaupunginkirjasto' ELSE 'Mäntsälän kunta' END,
	CASE n.i % 6 WHEN 0 THEN '611' WHEN 1 THEN '753' WHEN 2 THEN '444' WHEN 3 THEN '543' WHEN 4 THEN '245' ELSE '505' END,
	CASE WHEN e.capacity = 40 AND n.i <= 2 THEN 2 ELSE 1 END, 'fi', 'confirmed',
	e.created_at + n.i * 3600, e.created_at + n.i * 3600, e.starts_at,
	CASE WHEN e.ends_at < ${NOW} THEN e.ends_at + 3600 END,
	CASE WHEN e.ends_at < ${NOW} AND n.i <= 35 THEN e.starts_at + 300 END
FROM n, event e
WHERE e.region_id = (SELECT id FROM region WHERE code = 'uusimaa')
	AND e.title_fi IN ('Digitukiverkoston tapaaminen: vapaaehtoiset digiopastajat', 'Digituki kirjastoissa: kokemuksia ja vinkkejä')
	AND e.created_at >= ${T-60 00:00}
	AND (e.capacity = 100 OR n.i <= 34)
ORDER BY e.id, n.i;

-- The survey: 22 of those who attended answered, 5 of them in words.
INSERT INTO event_feedback (registration_id, event_id, rating, recommend, comment, created_at, updated_at)
SELECT g.id, g.event_id,
	CASE WHEN g.id - m.first IN (3, 8, 14) THEN 3 WHEN g.id - m.first IN (1, 5, 9, 12, 17, 20) THEN 4 ELSE 5 END,
	CASE WHEN g.id - m.first IN (3, 14) THEN 6 WHEN g.id - m.first = 8 THEN 7
		WHEN g.id - m.first IN (1, 5, 9, 12, 17, 20) THEN 8 WHEN g.id - m.first IN (2, 7) THEN 9 ELSE 10 END,
	CASE g.id - m.first
		WHEN 0 THEN 'Lohjan kokemukset tilastoinnista olivat hyödyllisiä, otamme saman mallin käyttöön.'
		WHEN 3 THEN 'Enemmän aikaa keskustelulle, nyt kysymyksiä jäi kysymättä.'
		WHEN 6 THEN 'Hyvä tilaisuus, toivon jatkoa syksyllä.'
		WHEN 11 THEN 'Esitysten diat olisi hyvä saada jo ennen tilaisuutta.'
		WHEN 16 THEN 'Keravan ajanvarausmalli oli juuri sitä, mitä tarvitsimme.'
		ELSE '' END,
	g.attended_at + 86400 + (g.id - m.first) * 1800, g.attended_at + 86400 + (g.id - m.first) * 1800
FROM registration g JOIN event e ON e.id = g.event_id, (
	SELECT MIN(f.id) AS first FROM registration f JOIN event e2 ON e2.id = f.event_id
	WHERE e2.title_fi = 'Digituki kirjastoissa: kokemuksia ja vinkkejä' AND e2.created_at >= ${T-60 00:00}) m
WHERE e.title_fi = 'Digituki kirjastoissa: kokemuksia ja vinkkejä' AND e.created_at >= ${T-60 00:00}
	AND g.attended_at IS NOT NULL AND g.id - m.first < 22;

-- A request for the 2021 webinar's slides, waiting for an answer.
INSERT INTO material_request (material_id, name, organisation, email, purpose, lang, status, created_at)
SELECT m.id, 'Mikko Mallikas', 'Keravan kaupunginkirjasto', 'mikko.mallikas@example.org',
	'Haluaisimme käyttää esityksiä kirjaston digitukijoiden perehdytyksessä.', 'fi', 'pending', ${T-2 15:20}
FROM material m WHERE m.access = 'request' AND m.id = (SELECT MIN(id) FROM material WHERE access = 'request');

-- learning: the session of the training "Digituen perusteet" (made by
-- src/learning/training_demo.c), an event for the network's staff in ten
-- days, with two of the demo's staff registered and enrolled; as above,
-- the link secrets are not real and the reminder is marked as sent.
INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en,
	description_fi, starts_at, ends_at, status, audience, languages, place, platform, join_url, organiser,
	organiser_sv, organiser_en,
	sequence, created_at, updated_at, capacity, registration_opens, registration_closes, group_max,
	consent_fi, consent_sv, consent_en, offer_hours, reminder_hours)
SELECT r.id, 'hybrid', 'Koulutus: Digituen perusteet', 'Utbildning: Grunderna i digitalt stöd',
	'Training: Digital support basics',
	'Kolmen tunnin koulutus uusille digitukijoille. Testin voi tehdä koulutuksen jälkeen.',
	'En tre timmar lång utbildning för nya digitala stödpersoner. Testet kan göras efter utbildningen.',
	'A three-hour training for new digital supporters. The test can be taken afterwards.',
	'', ${T+10 09:00}, ${T+10 12:00}, 'published', 'network', 'fi,sv', 'Uudenmaan liitto, Esterinportti 2 B, Helsinki', 'Teams',
	'https://teams.example.org/l/meetup-join/tukiverkko-digituen-perusteet', 'Uudenmaan digituki-hanke',
	'Projektet Digitalt stöd i Nyland', 'Uusimaa digital support project',
	0, ${T-7 10:00}, ${T-7 10:00}, 20, ${T-7 10:00}, ${T+9 16:00}, 1,
	'Ilmoittautumalla hyväksyt, että nimesi ja sähköpostiosoitteesi tallennetaan koulutuksen järjestämistä varten.',
	'Genom att anmäla dig godkänner du att ditt namn och din e-postadress sparas för att ordna utbildningen.',
	'By enrolling you agree that your name and e-mail address are stored to organise the training.',
	24, 24
FROM region r WHERE r.code = 'uusimaa';

INSERT INTO training_session (training_id, event_id)
SELECT t.id, e.id FROM training t, event e
WHERE t.name_fi = 'Digituen perusteet' AND e.title_fi = 'Koulutus: Digituen perusteet' AND e.created_at >= ${T-60 00:00};

INSERT INTO registration (event_id, submission, token_hash, name, email, organisation, municipality_code,
	group_size, lang, status, created_at, updated_at, reminded_for)
SELECT s.event_id, 'demo-training-' || a.id, 'demo-training-' || a.id, a.name, a.email, '', NULL,
	1, 'fi', 'confirmed', ${T-3 14:00} + a.id * 600, ${T-3 14:00} + a.id * 600, e.starts_at
FROM training_session s JOIN event e ON e.id = s.event_id, account a
WHERE a.email IN ('tutor.helsinki@example.fi', 'pornainen@example.fi')
ORDER BY a.id;

-- The seat counters of the events above (event_seat_count, kept by the
-- registration module as its registrations change).
INSERT INTO event_seat_count (event_id, taken, waiting)
SELECT event_id,
	COALESCE(SUM(CASE WHEN status IN ('confirmed', 'offered') THEN group_size ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN status = 'waiting' THEN group_size ELSE 0 END), 0)
FROM registration WHERE true GROUP BY event_id
ON CONFLICT (event_id) DO UPDATE SET taken = excluded.taken, waiting = excluded.waiting;

INSERT INTO training_enrolment (training_id, account_id, name, event_id, registration_id, enrolled_by, enrolled_at)
SELECT s.training_id, a.id, a.name, s.event_id, g.id, a.id, g.created_at
FROM training_session s JOIN registration g ON g.event_id = s.event_id JOIN account a ON a.email = g.email
ORDER BY a.id;
