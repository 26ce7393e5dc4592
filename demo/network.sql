-- Demo data: the Uusimaa digital-support network as described in the seed
-- article (a regional project, tutor municipalities, sparring, the webinar
-- of 6 October 2021).  Names of people are invented; roles are real titles.
-- Runs after the municipalities have been imported into region 'uusimaa'.

UPDATE region SET
	name_fi = 'Uusimaa', name_sv = 'Nyland', name_en = 'Uusimaa',
	network_fi = 'Uudenmaan digitukiverkosto',
	network_sv = 'Nylands nätverk för digitalt stöd',
	network_en = 'Uusimaa digital support network',
	intro_fi = 'Uudenmaan kunnat auttavat asukkaita käyttämään digitaalisia palveluja. Verkostossa kunnat oppivat toisiltaan: tutorkunnat tukevat muita kuntia, ja yhdessä kehitetään digitukea, josta on apua arjessa.',
	intro_sv = 'Kommunerna i Nyland hjälper invånarna att använda digitala tjänster. I nätverket lär kommunerna av varandra: tutorkommuner stöder andra kommuner, och tillsammans utvecklar vi ett digitalt stöd som hjälper i vardagen.',
	intro_en = 'The municipalities of Uusimaa help their residents use digital services. In the network, municipalities learn from each other: tutor municipalities support the others, and together they develop digital support that helps in everyday life.'
WHERE code = 'uusimaa';

UPDATE municipality SET
	support_fi = 'Kirjastossa saa apua puhelimen, tabletin ja tietokoneen käyttöön. Sparrauksen jälkeen kunta nimesi digituen yhdyshenkilön ja aloitti yhteistyön paikallisen yhdistyksen kanssa.',
	support_sv = 'På biblioteket får man hjälp med telefon, surfplatta och dator. Efter sparrningen utsåg kommunen en kontaktperson för digitalt stöd och började samarbeta med en lokal förening.',
	support_en = 'The library helps with phones, tablets and computers. After the sparring, the municipality named a digital support contact person and started working with a local association.'
WHERE code = '611';
UPDATE municipality SET
	support_fi = 'Digitukea annetaan kirjastoissa ja asiointipisteissä. Sparrauksessa kunta kokosi digituen toimijat yhteiseen verkostoon.',
	support_sv = 'Digitalt stöd ges på biblioteken och i servicepunkterna. I sparrningen samlade kommunen aktörerna inom digitalt stöd i ett gemensamt nätverk.',
	support_en = 'Digital support is given in the libraries and service points. During the sparring, the municipality brought the digital support providers together into one network.'
WHERE code = '858';
UPDATE municipality SET
	support_fi = 'Kirjasto on digituen keskus. Sparrauksen tuloksena kirjasto järjestää säännölliset digitukiaamupäivät.',
	support_sv = 'Biblioteket är centrum för det digitala stödet. Som resultat av sparrningen ordnar biblioteket regelbundna förmiddagar med digitalt stöd.',
	support_en = 'The library is the centre of digital support. As a result of the sparring, the library holds regular digital support mornings.'
WHERE code = '224';
UPDATE municipality SET
	support_fi = 'Porvoossa digitukea antavat kaupunki, kirjasto, järjestöt ja seurakunnat yhdessä. Kaupunki on ollut tutorkunta.',
	support_sv = 'I Borgå ges digitalt stöd av staden, biblioteket, organisationer och församlingar tillsammans. Staden har varit tutorkommun.',
	support_en = 'In Porvoo, the city, the library, associations and parishes give digital support together. The city has been a tutor municipality.'
WHERE code = '638';
UPDATE municipality SET
	support_fi = 'Helsingissä digitukea saa kirjastoista, palvelukeskuksista ja järjestöiltä. Kaupunki toimii tutorkuntana.',
	support_sv = 'I Helsingfors får man digitalt stöd på biblioteken, servicecentralerna och av organisationer. Staden är tutorkommun.',
	support_en = 'In Helsinki, digital support is available in libraries, service centres and from associations. The city is a tutor municipality.'
WHERE code = '091';

INSERT INTO organisation (region_id, municipality_code, kind, name_fi, name_sv, name_en, website)
SELECT r.id, v.code, v.kind, v.name_fi, v.name_sv, v.name_en, ''
FROM region r, (
	SELECT NULL AS code, 'regional-council' AS kind, 'Uudenmaan liitto' AS name_fi, 'Nylands förbund' AS name_sv, 'Helsinki-Uusimaa Regional Council' AS name_en
	UNION ALL SELECT NULL, 'agency', 'Digi- ja väestötietovirasto', 'Myndigheten för digitalisering och befolkningsdata', 'Digital and Population Data Services Agency'
	UNION ALL SELECT '611', 'library', 'Pornaisten kirjasto', 'Borgnäs bibliotek', 'Pornainen Library'
	UNION ALL SELECT '611', 'association', 'Pornaisten eläkeläiset ry', '', ''
	UNION ALL SELECT '858', 'municipal-unit', 'Tuusulan kunta, kehittämispalvelut', 'Tusby kommun, utvecklingstjänster', 'Tuusula, development services'
	UNION ALL SELECT '858', 'library', 'Tuusulan kirjastot', 'Tusby bibliotek', 'Tuusula Libraries'
	UNION ALL SELECT '224', 'library', 'Karkkilan kaupunginkirjasto', 'Högfors stadsbibliotek', 'Karkkila City Library'
	UNION ALL SELECT '638', 'municipal-unit', 'Porvoon kaupunki, hyvinvointipalvelut', 'Borgå stad, välfärdstjänster', 'City of Porvoo, wellbeing services'
	UNION ALL SELECT '638', 'parish', 'Porvoon seurakuntayhtymä', 'Borgå kyrkliga samfällighet', ''
	UNION ALL SELECT '091', 'municipal-unit', 'Helsingin kaupunki, kaupunginkanslia', 'Helsingfors stad, stadskansliet', 'City of Helsinki, City Executive Office'
	UNION ALL SELECT '091', 'library', 'Helsingin kaupunginkirjasto', 'Helsingfors stadsbibliotek', 'Helsinki City Library'
	UNION ALL SELECT '092', 'municipal-unit', 'Vantaan kaupunki', 'Vanda stad', 'City of Vantaa'
	UNION ALL SELECT '049', 'municipal-unit', 'Espoon kaupunki, asiakaspalvelu', 'Esbo stad, kundtjänst', 'City of Espoo, customer service'
	UNION ALL SELECT '106', 'library', 'Hyvinkään kaupunginkirjasto', 'Hyvinge stadsbibliotek', 'Hyvinkää City Library'
	UNION ALL SELECT '049', 'adult-education', 'Espoon työväenopisto', 'Esbo arbetarinstitut', 'Espoo Adult Education Centre'
) v WHERE r.code = 'uusimaa';

-- Invented names; the titles are those of the seed article.
INSERT INTO person (name, title_fi, title_sv, title_en, organisation_id, is_public)
SELECT v.name, v.title_fi, v.title_sv, v.title_en,
	(SELECT id FROM organisation WHERE name_fi = v.org), 1
FROM (
	SELECT 'Aino Esimerkki' AS name, 'projektipäällikkö' AS title_fi, 'projektchef' AS title_sv, 'project manager' AS title_en, 'Uudenmaan liitto' AS org
	UNION ALL SELECT 'Ville Malli', 'projektisuunnittelija', 'projektplanerare', 'project planner', 'Uudenmaan liitto'
	UNION ALL SELECT 'Sanna Kuvitelma', 'tietoasiantuntija', 'informationsspecialist', 'information specialist', 'Pornaisten kirjasto'
	UNION ALL SELECT 'Mikko Testinen', 'kehitysjohtaja', 'utvecklingsdirektör', 'development director', 'Tuusulan kunta, kehittämispalvelut'
	UNION ALL SELECT 'Leena Lainaaja', 'vs. kirjastotoimenjohtaja', 'tf. bibliotekschef', 'acting library director', 'Karkkilan kaupunginkirjasto'
	UNION ALL SELECT 'Johanna Hyvä', 'hyvinvointikoordinaattori', 'välfärdskoordinator', 'wellbeing coordinator', 'Porvoon kaupunki, hyvinvointipalvelut'
	UNION ALL SELECT 'Petri Suunta', 'erityissuunnittelija', 'specialplanerare', 'special planner', 'Helsingin kaupunki, kaupunginkanslia'
	UNION ALL SELECT 'Riikka Verkko', 'koordinaattori', 'koordinator', 'coordinator', 'Vantaan kaupunki'
	UNION ALL SELECT 'Antti Palvelu', 'palveluesihenkilö', 'serviceförman', 'service supervisor', 'Espoon kaupunki, asiakaspalvelu'
	UNION ALL SELECT 'Maria Virasto', 'asiantuntija', 'sakkunnig', 'specialist', 'Digi- ja väestötietovirasto'
) v;

INSERT INTO person_role (person_id, role, municipality_code)
SELECT p.id, v.role, v.code FROM person p, (
	SELECT 'Aino Esimerkki' AS name, 'project-manager' AS role, NULL AS code
	UNION ALL SELECT 'Ville Malli', 'project-planner', NULL
	UNION ALL SELECT 'Sanna Kuvitelma', 'municipal-coordinator', '611'
	UNION ALL SELECT 'Mikko Testinen', 'municipal-coordinator', '858'
	UNION ALL SELECT 'Leena Lainaaja', 'municipal-coordinator', '224'
	UNION ALL SELECT 'Johanna Hyvä', 'municipal-coordinator', '638'
	UNION ALL SELECT 'Petri Suunta', 'tutor', '091'
	UNION ALL SELECT 'Riikka Verkko', 'tutor', '092'
	UNION ALL SELECT 'Antti Palvelu', 'tutor', '049'
	UNION ALL SELECT 'Maria Virasto', 'speaker', NULL
) v WHERE p.name = v.name;

INSERT INTO programme_period (region_id, year, format, starts_on, ends_on, summary_fi, summary_sv, summary_en)
SELECT r.id, v.year, v.format, v.starts_on, v.ends_on, v.fi, v.sv, v.en FROM region r, (
	SELECT 2019 AS year, 'visits' AS format, '2019-01-01' AS starts_on, '2019-12-31' AS ends_on,
		'Tutorkunnat tutustuivat toistensa digituen järjestelyihin.' AS fi,
		'Tutorkommunerna bekantade sig med varandras sätt att ordna digitalt stöd.' AS sv,
		'Tutor municipalities got to know each other''s digital support arrangements.' AS en
	UNION ALL SELECT 2020, 'tutor-webinars', '2020-01-01', '2020-12-31',
		'Tutorkunnat järjestivät digituen webinaareja muille Uudenmaan kunnille.',
		'Tutorkommunerna ordnade webbinarier om digitalt stöd för de andra kommunerna i Nyland.',
		'Tutor municipalities held digital support webinars for the other municipalities of Uusimaa.'
	UNION ALL SELECT 2021, 'sparring', '2021-01-01', '2021-12-31',
		'Yhteistyötä syvennettiin digituen sparrauksella: kunnat löysivät yhdessä uusia työkaluja, menetelmiä ja rakenteita ja ottivat konkreettisia askelia.',
		'Samarbetet fördjupades med sparrning i digitalt stöd: kommunerna hittade tillsammans nya verktyg, metoder och strukturer och tog konkreta steg.',
		'Cooperation was deepened with digital support sparring: together, municipalities found new tools, methods and structures and took concrete steps.'
) v WHERE r.code = 'uusimaa';

INSERT INTO period_municipality (period_id, municipality_code, role)
SELECT p.id, v.code, v.role FROM programme_period p, (
	SELECT 2019 AS year, '049' AS code, 'tutor' AS role
	UNION ALL SELECT 2019, '091', 'tutor'
	UNION ALL SELECT 2019, '638', 'tutor'
	UNION ALL SELECT 2019, '092', 'tutor'
	UNION ALL SELECT 2020, '049', 'tutor'
	UNION ALL SELECT 2020, '091', 'tutor'
	UNION ALL SELECT 2020, '186', 'tutor'
	UNION ALL SELECT 2020, '092', 'tutor'
	UNION ALL SELECT 2021, '049', 'tutor'
	UNION ALL SELECT 2021, '091', 'tutor'
	UNION ALL SELECT 2021, '106', 'tutor'
	UNION ALL SELECT 2021, '092', 'tutor'
	UNION ALL SELECT 2021, '611', 'sparred'
	UNION ALL SELECT 2021, '858', 'sparred'
	UNION ALL SELECT 2021, '224', 'sparred'
) v WHERE p.year = v.year;

-- The webinar of Wednesday 6 October 2021, 9.00-11.30 Helsinki time
-- (06:00-08:30 UTC).  The attendance figure is invented.
INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en, starts_at, ends_at, attendees)
SELECT r.id, 'webinar', 'Kuntien digituki', 'Kommunernas digitala stöd', 'Digital support in municipalities',
	'Sparrauksen päätöswebinaari: kunnat kertoivat kokemuksistaan, tutorit keskustelivat verkostotyöstä ja DVV esitteli kunnille suunnattua tukea.',
	'Sparrningens avslutande webbinarium: kommunerna berättade om sina erfarenheter, tutorerna diskuterade nätverksarbete och Myndigheten för digitalisering och befolkningsdata presenterade stöd för kommunerna.',
	'The closing webinar of the sparring: municipalities told of their experiences, the tutors discussed network work, and the Digital and Population Data Services Agency presented support for municipalities.',
	1633500000, 1633509000, 64
FROM region r WHERE r.code = 'uusimaa';

INSERT INTO event_municipality (event_id, municipality_code)
SELECT e.id, v.code FROM event e, (
	SELECT '611' AS code UNION ALL SELECT '858' UNION ALL SELECT '224'
	UNION ALL SELECT '638' UNION ALL SELECT '091' UNION ALL SELECT '092'
	UNION ALL SELECT '049'
) v WHERE e.starts_at = 1633500000;
