-- Demo data of the sparring programme: the 2021 sparring period of the
-- seed article.  Tutor municipalities Espoo, Helsinki, Hyvinkää and Vantaa
-- sparred Pornainen (tutor Helsinki), Tuusula (Vantaa and Hyvinkää) and
-- Karkkila (Espoo) in autumn 2021, before the closing webinar of 6 October.
-- Each workspace has its self-assessment at the start and at the end on
-- every dimension, goals, two or three sessions and actions in every state
-- (some still open after their due date when the period ended), with their
-- history.  Texts are in Finnish, as the workspaces are written; names of
-- people are invented.
--
-- Runs after network.sql, after the dimensions have been read from
-- sparring-dimensions.csv and the demo accounts made (src/app/demo.c):
-- the tutor of Helsinki (tutor.helsinki@example.fi) is assigned to
-- Pornainen, and the municipal coordinator of Pornainen
-- (pornainen@example.fi) owns some of its actions.  Times are UTC seconds
-- (the sessions' Helsinki times are in the comments).

INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code)
SELECT p.id, v.tutor, v.code FROM programme_period p, (
	SELECT '091' AS tutor, '611' AS code
	UNION ALL SELECT '092', '858'
	UNION ALL SELECT '106', '858'
	UNION ALL SELECT '049', '224'
) v WHERE p.year = 2021 AND p.region_id = (SELECT id FROM region WHERE code = 'uusimaa');

INSERT INTO tutor_assignment_account (assignment_id, account_id)
SELECT ta.id, a.id FROM tutor_assignment ta JOIN programme_period p ON p.id = ta.period_id,
	account a
WHERE p.year = 2021 AND ta.tutor_code = '091' AND ta.municipality_code = '611'
	AND a.email = 'tutor.helsinki@example.fi';

INSERT INTO workspace (period_id, municipality_code, goals, outcome)
SELECT p.id, v.code, v.goals, v.outcome FROM programme_period p, (
	SELECT '611' AS code, '- Nimetään kunnalle digituen yhdyshenkilö ja kirjataan, kuka vastaa mistäkin.
- Kootaan paikallinen digitukiverkosto: kirjasto, eläkeläisyhdistys ja seurakunta.
- Otetaan kirjastossa käyttöön digituen ajanvaraus, jotta apua saa ilman jonotusta.
- Henkilöstö suorittaa digituen osaamismerkin.' AS goals, 'Sparrauksen tuloksena Pornainen **nimesi digituen yhdyshenkilön** ja aloitti yhteistyön Pornaisten eläkeläiset ry:n kanssa: vapaaehtoiset digiopastajat aloittavat kirjastossa. Digituen ajanvaraus otettiin käyttöön marraskuussa.

Henkilöstön osaamismerkit siirtyivät vuoteen 2022, kun DVV:n koulutus kunnille alkaa.' AS outcome
	UNION ALL SELECT '858', '- Kootaan kunnan digituen toimijat yhteiseen verkostoon.
- Selvitetään, miten digituki tavoittaa kotona asuvat ikäihmiset.
- Aletaan tilastoida digitukitilanteet, jotta tiedetään, missä apua tarvitaan.', 'Tuusula kokosi digituen toimijat yhteiseen verkostoon, joka kokoontuu kerran kuukaudessa. Digitukitilanteiden tilastointi alkoi kirjastoissa. Kotikäyntien kokeilu siirtyi vuoteen 2022.'
	UNION ALL SELECT '224', '- Kirjastosta tehdään digituen keskus.
- Järjestetään säännölliset digitukiaamupäivät.
- Suunnitellaan digitaitojen kursseja yhdessä työväenopiston kanssa.', ''
) v WHERE p.year = 2021 AND p.region_id = (SELECT id FROM region WHERE code = 'uusimaa');

-- Pornainen: the self-assessment (start, end).
INSERT INTO assessment (workspace_id, phase, dimension_key, score, note, updated_at, updated_by)
SELECT w.id, v.phase, v.k, v.score, v.note, v.at, (SELECT id FROM account WHERE email = 'pornainen@example.fi')
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT 'start' AS phase, 'coordination' AS k, 1 AS score, 'Digitukea annetaan, mutta vastuita ei ole kirjattu.' AS note, 1629788400 AS at
	UNION ALL SELECT 'start', 'service-points', 2, '', 1629788400
	UNION ALL SELECT 'start', 'competence', 2, '', 1629788400
	UNION ALL SELECT 'start', 'network', 1, 'Yhteistyötä järjestöjen kanssa ei vielä ole.', 1629788400
	UNION ALL SELECT 'start', 'outreach', 2, '', 1629788400
	UNION ALL SELECT 'start', 'knowledge', 1, '', 1629788400
	UNION ALL SELECT 'start', 'continuity', 1, '', 1629788400
	UNION ALL SELECT 'end', 'coordination', 3, 'Yhdyshenkilö nimetty syyskuussa.', 1639130400
	UNION ALL SELECT 'end', 'service-points', 3, '', 1639130400
	UNION ALL SELECT 'end', 'competence', 2, '', 1639130400
	UNION ALL SELECT 'end', 'network', 3, 'Eläkeläisyhdistys mukana, seurakunnan kanssa keskustellaan.', 1639130400
	UNION ALL SELECT 'end', 'outreach', 3, '', 1639130400
	UNION ALL SELECT 'end', 'knowledge', 2, '', 1639130400
	UNION ALL SELECT 'end', 'continuity', 2, '', 1639130400
) v WHERE p.year = 2021 AND w.municipality_code = '611';

-- Pornainen: sessions (Helsinki times: 2021-08-24 10:00, 2021-09-14 13:00, 2021-09-28 09:30).
INSERT INTO sparring_session (workspace_id, starts_at, mode, place, participants, agenda, notes, created_by, created_at) VALUES
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 1629788400, 'on-site', 'Pornaisten kirjasto',
		'Petri Suunta, erityissuunnittelija, Helsinki
Sanna Kuvitelma, tietoasiantuntija, Pornainen
Aino Esimerkki, projektipäällikkö, Uudenmaan liitto',
		'1. Tutustuminen ja sparrauksen tavoitteet
2. Itsearviointi: lähtötaso
3. Seuraavat askeleet',
		'Pornaisissa digitukea annetaan kirjastossa, mutta vastuut eivät ole kirjattuina. Helsinki kertoi, miten sen digituen **yhdyshenkilöverkosto** toimii.

Sovittiin, että kunta nimeää yhdyshenkilön syyskuun aikana.',
		(SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 1629795600),
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 1631613600, 'remote', 'Teams',
		'Petri Suunta, Helsinki
Sanna Kuvitelma, Pornainen
Kalle Kokeilu, Pornaisten eläkeläiset ry',
		'- Paikallinen verkosto
- Vapaaehtoiset digiopastajat
- Viestintä',
		'Eläkeläisyhdistys lupasi vapaaehtoisia digiopastajia. Helsinki jakoi vertaisopastajien perehdytysmateriaalin.',
		(SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 1631620800),
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 1632810600, 'remote', 'Teams',
		'Petri Suunta, Helsinki
Sanna Kuvitelma, Pornainen',
		'- Toimenpiteiden tilanne
- Valmistautuminen 6.10. webinaariin',
		'Yhdyshenkilö on nimetty. Ajanvaraus digitukeen otetaan käyttöön lokakuussa. Sanna Kuvitelma kertoo kokemuksista webinaarissa.',
		(SELECT id FROM account WHERE email = 'pornainen@example.fi'), 1632817800);

-- Pornainen: actions and their history.
INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 'Nimetään digituen yhdyshenkilö', (SELECT id FROM account WHERE email = 'pornainen@example.fi'), '', '2021-09-30', 'done', 100,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611') AND starts_at = 1629788400), 1629795600, 1632816000);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Nimetään digituen yhdyshenkilö'), 1629795600, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Nimetään digituen yhdyshenkilö'), 1631620800, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'in-progress', 30, 'Ehdokas löytyi kirjaston henkilöstöstä.'),
	((SELECT id FROM action WHERE title = 'Nimetään digituen yhdyshenkilö'), 1632816000, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'done', 100, 'Yhdyshenkilö nimetty sivistyslautakunnan päätöksellä.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 'Sovitaan yhteistyöstä eläkeläisyhdistyksen kanssa', NULL, 'Kalle Kokeilu', '2021-11-30', 'in-progress', 60,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611') AND starts_at = 1631613600), 1631620800, 1636970400);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Sovitaan yhteistyöstä eläkeläisyhdistyksen kanssa'), 1631620800, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Sovitaan yhteistyöstä eläkeläisyhdistyksen kanssa'), 1634029200, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'in-progress', 30, 'Ensimmäinen yhteinen tapaaminen pidetty.'),
	((SELECT id FROM action WHERE title = 'Sovitaan yhteistyöstä eläkeläisyhdistyksen kanssa'), 1636970400, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'in-progress', 60, 'Vapaaehtoisten perehdytys alkoi, kaksi opastajaa mukana.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 'Otetaan käyttöön digituen ajanvaraus kirjastossa', (SELECT id FROM account WHERE email = 'pornainen@example.fi'), '', '2021-10-31', 'done', 100,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611') AND starts_at = 1632810600), 1632816000, 1635847200);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Otetaan käyttöön digituen ajanvaraus kirjastossa'), 1632816000, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Otetaan käyttöön digituen ajanvaraus kirjastossa'), 1634029200, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'in-progress', 50, 'Ajanvarauslomake tehty kunnan verkkosivuille.'),
	((SELECT id FROM action WHERE title = 'Otetaan käyttöön digituen ajanvaraus kirjastossa'), 1635847200, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'done', 100, 'Ajanvaraus käytössä, ensimmäiset varaukset tulleet.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 'Henkilöstö suorittaa digituen osaamismerkin', (SELECT id FROM account WHERE email = 'pornainen@example.fi'), '', '2021-12-15', 'planned', 0,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611') AND starts_at = 1631613600), 1631620800, 1631620800);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Henkilöstö suorittaa digituen osaamismerkin'), 1631620800, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'planned', 0, '');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'), 'Tehdään digituesta juttu kunnan lehteen', (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), '', '2021-10-15', 'dropped', 20,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611') AND starts_at = 1629788400), 1629795600, 1633338000);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Tehdään digituesta juttu kunnan lehteen'), 1629795600, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Tehdään digituesta juttu kunnan lehteen'), 1631620800, (SELECT id FROM account WHERE email = 'tutor.helsinki@example.fi'), 'in-progress', 20, 'Luonnos aloitettu.'),
	((SELECT id FROM action WHERE title = 'Tehdään digituesta juttu kunnan lehteen'), 1633338000, (SELECT id FROM account WHERE email = 'pornainen@example.fi'), 'dropped', 20, 'Kerrotaan digituesta kunnan verkkosivuilla ja kirjaston somessa lehden sijaan.');

-- Tuusula: the self-assessment (start, end).
INSERT INTO assessment (workspace_id, phase, dimension_key, score, note, updated_at, updated_by)
SELECT w.id, v.phase, v.k, v.score, v.note, v.at, NULL
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT 'start' AS phase, 'coordination' AS k, 2 AS score, '' AS note, 1630404000 AS at
	UNION ALL SELECT 'start', 'service-points', 3, '', 1630404000
	UNION ALL SELECT 'start', 'competence', 3, '', 1630404000
	UNION ALL SELECT 'start', 'network', 2, '', 1630404000
	UNION ALL SELECT 'start', 'outreach', 2, '', 1630404000
	UNION ALL SELECT 'start', 'knowledge', 1, 'Tilastoja ei kerätä.', 1630404000
	UNION ALL SELECT 'start', 'continuity', 2, '', 1630404000
	UNION ALL SELECT 'end', 'coordination', 3, '', 1639130400
	UNION ALL SELECT 'end', 'service-points', 3, '', 1639130400
	UNION ALL SELECT 'end', 'competence', 3, '', 1639130400
	UNION ALL SELECT 'end', 'network', 4, 'Verkosto kokoontuu kuukausittain.', 1639130400
	UNION ALL SELECT 'end', 'outreach', 3, '', 1639130400
	UNION ALL SELECT 'end', 'knowledge', 2, 'Tilastointi alkanut kirjastoissa.', 1639130400
	UNION ALL SELECT 'end', 'continuity', 2, '', 1639130400
) v WHERE p.year = 2021 AND w.municipality_code = '858';

-- Tuusula: sessions (Helsinki times: 2021-08-31 13:00, 2021-09-21 14:00).
INSERT INTO sparring_session (workspace_id, starts_at, mode, place, participants, agenda, notes, created_by, created_at) VALUES
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 1630404000, 'on-site', 'Tuusulan kunnantalo',
		'Riikka Verkko, koordinaattori, Vantaa
Mikko Testinen, kehitysjohtaja, Tuusula
Tuusulan kirjastojen edustaja',
		'1. Tavoitteet
2. Itsearviointi
3. Verkoston kokoaminen',
		'Vantaa kertoi, miten sen paikallinen verkosto syntyi. Tuusulassa toimijoita on paljon, mutta ne eivät tunne toisiaan.',
		NULL, 1630411200),
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 1632222000, 'remote', 'Zoom',
		'Riikka Verkko, Vantaa
Mikko Testinen, Tuusula
Hyvinkään kaupunginkirjaston edustaja',
		'- Tilastointi
- Ikäihmisten tavoittaminen',
		'Hyvinkää esitteli digitukitilanteiden tilastointilomakkeen. Sovittiin kokeilusta Tuusulan kirjastoissa.',
		NULL, 1632229200);

-- Tuusula: actions and their history.
INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 'Kutsutaan digituen toimijat verkostotapaamiseen', NULL, 'Mikko Testinen', '2021-09-30', 'done', 100,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858') AND starts_at = 1630404000), 1630411200, 1632906000);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Kutsutaan digituen toimijat verkostotapaamiseen'), 1630411200, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Kutsutaan digituen toimijat verkostotapaamiseen'), 1632906000, NULL, 'done', 100, 'Ensimmäinen verkostotapaaminen pidetty, 14 osallistujaa.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 'Otetaan käyttöön digitukitilanteiden tilastointi', NULL, 'Mikko Testinen', '2021-12-31', 'in-progress', 40,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858') AND starts_at = 1632222000), 1632229200, 1634720400);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Otetaan käyttöön digitukitilanteiden tilastointi'), 1632229200, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Otetaan käyttöön digitukitilanteiden tilastointi'), 1634720400, NULL, 'in-progress', 40, 'Lomake käytössä kahdessa kirjastossa.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 'Kokeillaan digitukea kotihoidon kotikäynneillä', NULL, 'Tuusulan kotihoito', '2021-11-30', 'planned', 0,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858') AND starts_at = 1632222000), 1632229200, 1632229200);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Kokeillaan digitukea kotihoidon kotikäynneillä'), 1632229200, NULL, 'planned', 0, '');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858'), 'Tehdään digituesta selkokielinen esite', NULL, 'Mikko Testinen', '2021-10-29', 'in-progress', 70,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '858') AND starts_at = 1630404000), 1630411200, 1634720400);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Tehdään digituesta selkokielinen esite'), 1630411200, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Tehdään digituesta selkokielinen esite'), 1634720400, NULL, 'in-progress', 70, 'Teksti valmis, taitto kesken.');

-- Karkkila: the self-assessment (start, end).
INSERT INTO assessment (workspace_id, phase, dimension_key, score, note, updated_at, updated_by)
SELECT w.id, v.phase, v.k, v.score, v.note, v.at, NULL
FROM workspace w JOIN programme_period p ON p.id = w.period_id, (
	SELECT 'start' AS phase, 'coordination' AS k, 2 AS score, '' AS note, 1630566000 AS at
	UNION ALL SELECT 'start', 'service-points', 2, '', 1630566000
	UNION ALL SELECT 'start', 'competence', 2, '', 1630566000
	UNION ALL SELECT 'start', 'network', 2, '', 1630566000
	UNION ALL SELECT 'start', 'outreach', 1, 'Apua tarvitsevat eivät tiedä, mistä sitä saa.', 1630566000
	UNION ALL SELECT 'start', 'knowledge', 1, '', 1630566000
	UNION ALL SELECT 'start', 'continuity', 2, '', 1630566000
	UNION ALL SELECT 'end', 'coordination', 3, '', 1639130400
	UNION ALL SELECT 'end', 'service-points', 4, 'Digitukiaamupäivät kirjastossa joka tiistai.', 1639130400
	UNION ALL SELECT 'end', 'competence', 3, '', 1639130400
	UNION ALL SELECT 'end', 'network', 3, '', 1639130400
	UNION ALL SELECT 'end', 'outreach', 2, '', 1639130400
	UNION ALL SELECT 'end', 'knowledge', 2, '', 1639130400
	UNION ALL SELECT 'end', 'continuity', 2, '', 1639130400
) v WHERE p.year = 2021 AND w.municipality_code = '224';

-- Karkkila: sessions (Helsinki times: 2021-09-02 10:00, 2021-09-23 13:00, 2021-09-30 09:00).
INSERT INTO sparring_session (workspace_id, starts_at, mode, place, participants, agenda, notes, created_by, created_at) VALUES
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 1630566000, 'on-site', 'Karkkilan kaupunginkirjasto',
		'Antti Palvelu, palveluesihenkilö, Espoo
Leena Lainaaja, vs. kirjastotoimenjohtaja, Karkkila',
		'1. Tavoitteet
2. Itsearviointi
3. Kirjaston rooli digituessa',
		'Espoo kertoi asiakaspalvelun ja kirjastojen työnjaosta. Karkkilassa kirjasto on luonteva digituen keskus.',
		NULL, 1630573200),
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 1632391200, 'remote', 'Teams',
		'Antti Palvelu, Espoo
Leena Lainaaja, Karkkila',
		'- Digitukiaamupäivien järjestelyt
- Henkilöstön perehdytys',
		'Sovittiin aamupäivien ajankohdaksi tiistait klo 9–12.',
		NULL, 1632398400),
	((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 1632981600, 'remote', 'Teams',
		'Antti Palvelu, Espoo
Leena Lainaaja, Karkkila
Aino Esimerkki, Uudenmaan liitto',
		'- Tilannekatsaus
- Webinaarin 6.10. puheenvuoro',
		'Ensimmäiset aamupäivät pidetään lokakuun alussa. Leena Lainaaja kertoo kokemuksista webinaarissa.',
		NULL, 1632988800);

-- Karkkila: actions and their history.
INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 'Aloitetaan digitukiaamupäivät kirjastossa', NULL, 'Leena Lainaaja', '2021-10-05', 'done', 100,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224') AND starts_at = 1632391200), 1632398400, 1634029200);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Aloitetaan digitukiaamupäivät kirjastossa'), 1632398400, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Aloitetaan digitukiaamupäivät kirjastossa'), 1633338000, NULL, 'in-progress', 80, 'Mainokset jaettu.'),
	((SELECT id FROM action WHERE title = 'Aloitetaan digitukiaamupäivät kirjastossa'), 1634029200, NULL, 'done', 100, 'Ensimmäinen aamupäivä pidetty, 11 asiakasta.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 'Perehdytetään kirjaston henkilöstö digitukeen', NULL, 'Leena Lainaaja', '2021-11-30', 'in-progress', 50,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224') AND starts_at = 1632391200), 1632398400, 1635847200);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Perehdytetään kirjaston henkilöstö digitukeen'), 1632398400, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Perehdytetään kirjaston henkilöstö digitukeen'), 1635847200, NULL, 'in-progress', 50, 'Puolet henkilöstöstä perehdytetty.');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 'Suunnitellaan kursseja työväenopiston kanssa', NULL, 'Antti Palvelu', '2022-01-31', 'planned', 0,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224') AND starts_at = 1632981600), 1632988800, 1632988800);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Suunnitellaan kursseja työväenopiston kanssa'), 1632988800, NULL, 'planned', 0, '');

INSERT INTO action (workspace_id, title, owner_account_id, owner_name, due_on, status, progress, session_id, created_at, updated_at)
VALUES ((SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224'), 'Tehdään asiakkaille palautekysely digituesta', NULL, 'Leena Lainaaja', '2021-10-31', 'dropped', 10,
	(SELECT id FROM sparring_session WHERE workspace_id = (SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '224') AND starts_at = 1630566000), 1630573200, 1634720400);
INSERT INTO action_history (action_id, at, account_id, status, progress, note) VALUES
	((SELECT id FROM action WHERE title = 'Tehdään asiakkaille palautekysely digituesta'), 1630573200, NULL, 'planned', 0, ''),
	((SELECT id FROM action WHERE title = 'Tehdään asiakkaille palautekysely digituesta'), 1632988800, NULL, 'in-progress', 10, ''),
	((SELECT id FROM action WHERE title = 'Tehdään asiakkaille palautekysely digituesta'), 1634720400, NULL, 'dropped', 10, 'Odotetaan alueellista kyselyä, ettei asiakkailta kysytä kahteen kertaan.');
