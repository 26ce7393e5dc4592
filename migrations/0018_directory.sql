-- The directory of digital-support service points (issue #15): the points
-- with their names and descriptions in fi/sv/en, address and WGS84 point,
-- contacts, topics, forms of support and languages served, accessibility
-- facts, and opening hours as src/directory/hours.c reads them (a regular
-- week, date-limited periods that replace it, single-day exceptions, and a
-- choice to close on Finnish public holidays).  The search index is
-- backend-specific and comes in 0019.
--
-- Reference data (facts, the same in every installation) come with the
-- schema: every municipality of Finland with a point for distances
-- (data/finland-municipalities.csv), the topics and the forms of support
-- (data/support-topics.csv, data/support-forms.csv).

-- Every municipality of Finland (2021 division), with a point inside it: a
-- service point is in one of these, and "near Porvoo" measures from here.
-- The network's own municipality table holds only the region's, with
-- their programme data; this one is the directory's reference.
CREATE TABLE directory_area (
	code TEXT PRIMARY KEY CHECK (length(code) = 3),
	name_fi TEXT NOT NULL,
	name_sv TEXT NOT NULL,
	region_code TEXT NOT NULL,
	lat REAL NOT NULL,
	lon REAL NOT NULL
);
INSERT INTO directory_area (code, name_fi, name_sv, region_code, lat, lon) VALUES
	('005', 'Alajärvi', 'Alajärvi', '14', 62.9628, 23.8995),
	('009', 'Alavieska', 'Alavieska', '17', 64.1864, 24.3336),
	('010', 'Alavus', 'Alavo', '14', 62.5822, 23.595),
	('016', 'Asikkala', 'Asikkala', '07', 61.2109, 25.5872),
	('018', 'Askola', 'Askola', '01', 60.5431, 25.6123),
	('019', 'Aura', 'Aura', '02', 60.6438, 22.5316),
	('020', 'Akaa', 'Ackas', '06', 61.1545, 23.7499),
	('035', 'Brändö', 'Brändö', '21', 60.5009, 21.0742),
	('043', 'Eckerö', 'Eckerö', '21', 60.221, 19.5823),
	('046', 'Enonkoski', 'Enonkoski', '10', 62.131, 28.8758),
	('047', 'Enontekiö', 'Enontekis', '19', 68.6517, 22.8695),
	('049', 'Espoo', 'Esbo', '01', 60.2416, 24.6686),
	('050', 'Eura', 'Eura', '04', 61.0869, 22.0791),
	('051', 'Eurajoki', 'Euraåminne', '04', 61.272, 21.6879),
	('052', 'Evijärvi', 'Evijärvi', '14', 63.3869, 23.4456),
	('060', 'Finström', 'Finström', '21', 60.2696, 19.9105),
	('061', 'Forssa', 'Forssa', '05', 60.9107, 23.6329),
	('062', 'Föglö', 'Föglö', '21', 60.0217, 20.4601),
	('065', 'Geta', 'Geta', '21', 60.3778, 19.8662),
	('069', 'Haapajärvi', 'Haapajärvi', '17', 63.7724, 25.3679),
	('071', 'Haapavesi', 'Haapavesi', '17', 64.1337, 25.3581),
	('072', 'Hailuoto', 'Karlö', '17', 65.0324, 24.7769),
	('074', 'Halsua', 'Halso', '16', 63.4447, 24.2885),
	('075', 'Hamina', 'Fredrikshamn', '08', 60.6614, 27.2457),
	('076', 'Hammarland', 'Hammarland', '21', 60.2321, 19.7399),
	('077', 'Hankasalmi', 'Hankasalmi', '13', 62.3816, 26.4536),
	('078', 'Hanko', 'Hangö', '01', 59.8644, 23.1094),
	('079', 'Harjavalta', 'Harjavalta', '04', 61.3324, 22.1549),
	('081', 'Hartola', 'Gustav Adolfs', '07', 61.5908, 26.0506),
	('082', 'Hattula', 'Hattula', '05', 61.0437, 24.2919),
	('086', 'Hausjärvi', 'Hausjärvi', '05', 60.786, 24.9668),
	('090', 'Heinävesi', 'Heinävesi', '12', 62.4348, 28.72),
	('091', 'Helsinki', 'Helsingfors', '01', 60.2157, 25.0153),
	('092', 'Vantaa', 'Vanda', '01', 60.3135, 24.9546),
	('097', 'Hirvensalmi', 'Hirvensalmi', '10', 61.6943, 26.7211),
	('098', 'Hollola', 'Hollola', '07', 61.0061, 25.3853),
	('102', 'Huittinen', 'Vittis', '04', 61.1345, 22.7221),
	('103', 'Humppila', 'Humppila', '05', 60.9465, 23.357),
	('105', 'Hyrynsalmi', 'Hyrynsalmi', '18', 64.6492, 28.6908),
	('106', 'Hyvinkää', 'Hyvinge', '01', 60.6108, 24.8268),
	('108', 'Hämeenkyrö', 'Tavastkyro', '06', 61.6235, 23.1798),
	('109', 'Hämeenlinna', 'Tavastehus', '05', 61.0896, 24.583),
	('111', 'Heinola', 'Heinola', '07', 61.2587, 26.1283),
	('139', 'Ii', 'Ijo', '17', 65.5553, 25.6301),
	('140', 'Iisalmi', 'Idensalmi', '11', 63.5252, 27.1513),
	('142', 'Iitti', 'Itis', '07', 60.9381, 26.2816),
	('143', 'Ikaalinen', 'Ikalis', '06', 61.8247, 23.0806),
	('145', 'Ilmajoki', 'Ilmola', '14', 62.7259, 22.545),
	('146', 'Ilomantsi', 'Ilomants', '12', 62.8379, 30.9932),
	('148', 'Inari', 'Enare', '19', 68.9423, 27.2351),
	('149', 'Inkoo', 'Ingå', '01', 60.0738, 24.0065),
	('151', 'Isojoki', 'Storå', '14', 62.117, 21.9038),
	('152', 'Isokyrö', 'Storkyro', '14', 62.9716, 22.3429),
	('153', 'Imatra', 'Imatra', '09', 61.187, 28.8412),
	('165', 'Janakkala', 'Janakkala', '05', 60.8879, 24.6833),
	('167', 'Joensuu', 'Joensuu', '12', 62.6133, 30.3244),
	('169', 'Jokioinen', 'Jockis', '05', 60.8344, 23.4566),
	('170', 'Jomala', 'Jomala', '21', 60.1516, 19.9057),
	('171', 'Joroinen', 'Jorois', '11', 62.1725, 27.7933),
	('172', 'Joutsa', 'Joutsa', '13', 61.8325, 26.1903),
	('176', 'Juuka', 'Juga', '12', 63.206, 29.1837),
	('177', 'Juupajoki', 'Juupajoki', '06', 61.8161, 24.4769),
	('178', 'Juva', 'Juva', '10', 61.8379, 27.8136),
	('179', 'Jyväskylä', 'Jyväskylä', '13', 62.193, 25.6357),
	('181', 'Jämijärvi', 'Jämijärvi', '04', 61.8414, 22.6697),
	('182', 'Jämsä', 'Jämsä', '13', 61.9201, 25.0561),
	('186', 'Järvenpää', 'Träskända', '01', 60.487, 25.1031),
	('202', 'Kaarina', 'S:t Karins', '02', 60.4216, 22.4643),
	('204', 'Kaavi', 'Kaavi', '11', 62.9693, 28.7401),
	('205', 'Kajaani', 'Kajana', '18', 64.1365, 27.4254),
	('208', 'Kalajoki', 'Kalajoki', '17', 64.1602, 23.9601),
	('211', 'Kangasala', 'Kangasala', '06', 61.4752, 24.3227),
	('213', 'Kangasniemi', 'Kangasniemi', '10', 62.0325, 26.6239),
	('214', 'Kankaanpää', 'Kankaanpää', '04', 61.8987, 22.334),
	('216', 'Kannonkoski', 'Kannonkoski', '13', 62.9671, 25.3476),
	('217', 'Kannus', 'Kannus', '16', 63.934, 23.9681),
	('218', 'Karijoki', 'Bötom', '14', 62.3244, 21.7496),
	('224', 'Karkkila', 'Högfors', '01', 60.5567, 24.2303),
	('226', 'Karstula', 'Karstula', '13', 62.8838, 24.7693),
	('230', 'Karvia', 'Karvia', '04', 62.1518, 22.6239),
	('231', 'Kaskinen', 'Kaskö', '15', 62.389, 21.2543),
	('232', 'Kauhajoki', 'Kauhajoki', '14', 62.3402, 22.259),
	('233', 'Kauhava', 'Kauhava', '14', 63.1949, 23.0229),
	('235', 'Kauniainen', 'Grankulla', '01', 60.2147, 24.7227),
	('236', 'Kaustinen', 'Kaustby', '16', 63.5845, 23.7618),
	('239', 'Keitele', 'Keitele', '11', 63.1934, 26.317),
	('240', 'Kemi', 'Kemi', '19', 65.7237, 24.6065),
	('241', 'Keminmaa', 'Keminmaa', '19', 65.8741, 24.7907),
	('244', 'Kempele', 'Kempele', '17', 64.8976, 25.5762),
	('245', 'Kerava', 'Kervo', '01', 60.4002, 25.1188),
	('249', 'Keuruu', 'Keuru', '13', 62.2908, 24.5386),
	('250', 'Kihniö', 'Kihniö', '06', 62.2037, 23.2009),
	('256', 'Kinnula', 'Kinnula', '13', 63.336, 25.023),
	('257', 'Kirkkonummi', 'Kyrkslätt', '01', 60.1404, 24.4579),
	('260', 'Kitee', 'Kides', '12', 62.027, 29.9226),
	('261', 'Kittilä', 'Kittilä', '19', 67.8141, 25.0521),
	('263', 'Kiuruvesi', 'Kiuruvesi', '11', 63.6789, 26.5368),
	('265', 'Kivijärvi', 'Kivijärvi', '13', 63.1547, 25.0572),
	('271', 'Kokemäki', 'Kumo', '04', 61.3171, 22.3958),
	('272', 'Kokkola', 'Karleby', '16', 63.8017, 23.607),
	('273', 'Kolari', 'Kolari', '19', 67.2542, 24.1487),
	('275', 'Konnevesi', 'Konnevesi', '13', 62.6561, 26.3079),
	('276', 'Kontiolahti', 'Kontiolax', '12', 62.785, 29.8771),
	('280', 'Korsnäs', 'Korsnäs', '15', 62.7661, 21.2527),
	('284', 'Koski Tl', 'Koskis', '02', 60.6627, 23.1288),
	('285', 'Kotka', 'Kotka', '08', 60.5528, 26.8932),
	('286', 'Kouvola', 'Kouvola', '08', 60.9395, 26.7736),
	('287', 'Kristiinankaupunki', 'Kristinestad', '15', 62.1887, 21.5),
	('288', 'Kruunupyy', 'Kronoby', '15', 63.6439, 23.3331),
	('290', 'Kuhmo', 'Kuhmo', '18', 64.1807, 29.6713),
	('291', 'Kuhmoinen', 'Kuhmois', '06', 61.613, 25.1838),
	('295', 'Kumlinge', 'Kumlinge', '21', 60.2605, 20.8014),
	('297', 'Kuopio', 'Kuopio', '11', 62.9484, 27.783),
	('300', 'Kuortane', 'Kuortane', '14', 62.7826, 23.5114),
	('301', 'Kurikka', 'Kurikka', '14', 62.5475, 22.4692),
	('304', 'Kustavi', 'Gustavs', '02', 60.5299, 21.4236),
	('305', 'Kuusamo', 'Kuusamo', '17', 65.9726, 29.2719),
	('309', 'Outokumpu', 'Outokumpu', '12', 62.7243, 28.9608),
	('312', 'Kyyjärvi', 'Kyyjärvi', '13', 63.0557, 24.5554),
	('316', 'Kärkölä', 'Kärkölä', '07', 60.8564, 25.2738),
	('317', 'Kärsämäki', 'Kärsämäki', '17', 63.9595, 25.8528),
	('318', 'Kökar', 'Kökar', '21', 59.9339, 20.93),
	('320', 'Kemijärvi', 'Kemijärvi', '19', 66.6869, 27.3601),
	('322', 'Kemiönsaari', 'Kimitoön', '02', 60.1106, 22.6158),
	('398', 'Lahti', 'Lahtis', '07', 60.9881, 25.8588),
	('399', 'Laihia', 'Laihela', '15', 62.8853, 22.0242),
	('400', 'Laitila', 'Letala', '02', 60.8929, 21.7812),
	('402', 'Lapinlahti', 'Lapinlahti', '11', 63.3739, 27.6337),
	('403', 'Lappajärvi', 'Lappajärvi', '14', 63.1921, 23.5954),
	('405', 'Lappeenranta', 'Villmanstrand', '09', 60.98, 28.264),
	('407', 'Lapinjärvi', 'Lappträsk', '01', 60.6362, 26.1978),
	('408', 'Lapua', 'Lappo', '14', 62.9425, 23.1377),
	('410', 'Laukaa', 'Laukas', '13', 62.3901, 26.0122),
	('416', 'Lemi', 'Lemi', '09', 61.0743, 27.7963),
	('417', 'Lemland', 'Lemland', '21', 60.0474, 20.1329),
	('418', 'Lempäälä', 'Lempäälä', '06', 61.3482, 23.7712),
	('420', 'Leppävirta', 'Leppävirta', '11', 62.5168, 27.9203),
	('421', 'Lestijärvi', 'Lestijärvi', '16', 63.4989, 24.7009),
	('422', 'Lieksa', 'Lieksa', '12', 63.3371, 30.1871),
	('423', 'Lieto', 'Lundo', '02', 60.5565, 22.5857),
	('425', 'Liminka', 'Limingo', '17', 64.6234, 25.6457),
	('426', 'Liperi', 'Libelits', '12', 62.5428, 29.38),
	('430', 'Loimaa', 'Loimaa', '02', 60.9015, 22.9659),
	('433', 'Loppi', 'Loppi', '05', 60.6885, 24.3405),
	('434', 'Loviisa', 'Lovisa', '01', 60.4918, 26.1556),
	('435', 'Luhanka', 'Luhanka', '13', 61.7794, 25.6994),
	('436', 'Lumijoki', 'Lumijoki', '17', 64.8357, 25.1275),
	('438', 'Lumparland', 'Lumparland', '21', 60.1062, 20.2594),
	('440', 'Luoto', 'Larsmo', '15', 63.7878, 22.785),
	('441', 'Luumäki', 'Luumäki', '09', 60.9387, 27.5293),
	('444', 'Lohja', 'Lojo', '01', 60.3598, 23.9393),
	('445', 'Parainen', 'Pargas', '02', 60.284, 22.2925),
	('475', 'Maalahti', 'Malax', '15', 62.8576, 21.5539),
	('478', 'Maarianhamina', 'Mariehamn', '21', 60.0969, 19.9436),
	('480', 'Marttila', 'S:t Mårtens', '02', 60.6028, 22.9377),
	('481', 'Masku', 'Masku', '02', 60.554, 21.9974),
	('483', 'Merijärvi', 'Merijärvi', '17', 64.3146, 24.516),
	('484', 'Merikarvia', 'Sastmola', '04', 61.8954, 21.57),
	('489', 'Miehikkälä', 'Miehikkälä', '08', 60.7104, 27.6657),
	('491', 'Mikkeli', 'S:t Michel', '10', 61.6758, 27.3082),
	('494', 'Muhos', 'Muhos', '17', 64.7615, 26.1412),
	('495', 'Multia', 'Multia', '13', 62.4757, 24.8622),
	('498', 'Muonio', 'Muonio', '19', 67.8565, 23.7983),
	('499', 'Mustasaari', 'Korsholm', '15', 63.1163, 21.7866),
	('500', 'Muurame', 'Muurame', '13', 62.1404, 25.6206),
	('503', 'Mynämäki', 'Virmo', '02', 60.74, 22.0326),
	('504', 'Myrskylä', 'Mörskom', '01', 60.6406, 25.8395),
	('505', 'Mäntsälä', 'Mäntsälä', '01', 60.6609, 25.2776),
	('507', 'Mäntyharju', 'Mäntyharju', '10', 61.3446, 26.8807),
	('508', 'Mänttä-Vilppula', 'Mänttä-Vilppula', '06', 62.0792, 24.4045),
	('529', 'Naantali', 'Nådendal', '02', 60.3892, 21.9171),
	('531', 'Nakkila', 'Nakkila', '04', 61.3592, 21.9435),
	('535', 'Nivala', 'Nivala', '17', 63.9283, 25.0139),
	('536', 'Nokia', 'Nokia', '06', 61.4522, 23.3615),
	('538', 'Nousiainen', 'Nousis', '02', 60.6538, 22.1659),
	('541', 'Nurmes', 'Nurmes', '12', 63.648, 29.09),
	('543', 'Nurmijärvi', 'Nurmijärvi', '01', 60.4596, 24.7515),
	('545', 'Närpiö', 'Närpes', '15', 62.5776, 21.4062),
	('560', 'Orimattila', 'Orimattila', '07', 60.7994, 25.8136),
	('561', 'Oripää', 'Oripää', '02', 60.8754, 22.6815),
	('562', 'Orivesi', 'Orivesi', '06', 61.6686, 24.4692),
	('563', 'Oulainen', 'Oulainen', '17', 64.2504, 24.8733),
	('564', 'Oulu', 'Uleåborg', '17', 65.1578, 25.9626),
	('576', 'Padasjoki', 'Padasjoki', '07', 61.3654, 25.1991),
	('577', 'Paimio', 'Pemar', '02', 60.4551, 22.726),
	('578', 'Paltamo', 'Paltamo', '18', 64.4242, 27.7231),
	('580', 'Parikkala', 'Parikkala', '09', 61.6391, 29.6336),
	('581', 'Parkano', 'Parkano', '06', 62.0549, 22.9851),
	('583', 'Pelkosenniemi', 'Pelkosenniemi', '19', 67.1425, 27.4658),
	('584', 'Perho', 'Perho', '16', 63.2533, 24.4646),
	('588', 'Pertunmaa', 'Pertunmaa', '10', 61.5014, 26.4373),
	('592', 'Petäjävesi', 'Petäjävesi', '13', 62.2819, 25.2129),
	('593', 'Pieksämäki', 'Pieksämäki', '10', 62.2894, 27.202),
	('595', 'Pielavesi', 'Pielavesi', '11', 63.2836, 26.6839),
	('598', 'Pietarsaari', 'Jakobstad', '15', 63.6667, 22.6357),
	('599', 'Pedersören kunta', 'Pedersöre', '15', 63.5394, 22.9876),
	('601', 'Pihtipudas', 'Pihtipudas', '13', 63.408, 25.5798),
	('604', 'Pirkkala', 'Birkala', '06', 61.4334, 23.6054),
	('607', 'Polvijärvi', 'Polvijärvi', '12', 62.8944, 29.3609),
	('608', 'Pomarkku', 'Påmark', '04', 61.706, 22.0523),
	('609', 'Pori', 'Björneborg', '04', 61.5892, 22.0228),
	('611', 'Pornainen', 'Borgnäs', '01', 60.4818, 25.3577),
	('614', 'Posio', 'Posio', '19', 66.1505, 28.0398),
	('615', 'Pudasjärvi', 'Pudasjärvi', '17', 65.4485, 27.1292),
	('616', 'Pukkila', 'Pukkila', '01', 60.6508, 25.5756),
	('619', 'Punkalaidun', 'Punkalaidun', '06', 61.1181, 23.1338),
	('620', 'Puolanka', 'Puolanka', '18', 64.8541, 27.7473),
	('623', 'Puumala', 'Puumala', '10', 61.5119, 28.2039),
	('624', 'Pyhtää', 'Pyttis', '08', 60.5288, 26.6444),
	('625', 'Pyhäjoki', 'Pyhäjoki', '17', 64.4269, 24.3974),
	('626', 'Pyhäjärvi', 'Pyhäjärvi', '17', 63.6598, 25.9197),
	('630', 'Pyhäntä', 'Pyhäntä', '17', 64.0701, 26.4782),
	('631', 'Pyhäranta', 'Pyhäranta', '02', 60.9872, 21.4786),
	('635', 'Pälkäne', 'Pälkäne', '06', 61.3521, 24.5227),
	('636', 'Pöytyä', 'Pöytyä', '02', 60.7865, 22.5502),
	('638', 'Porvoo', 'Borgå', '01', 60.3858, 25.6822),
	('678', 'Raahe', 'Brahestad', '17', 64.522, 24.8295),
	('680', 'Raisio', 'Reso', '02', 60.4895, 22.1492),
	('681', 'Rantasalmi', 'Rantasalmi', '10', 62.0595, 28.2855),
	('683', 'Ranua', 'Ranua', '19', 65.9818, 26.6158),
	('684', 'Rauma', 'Raumo', '04', 61.091, 21.6869),
	('686', 'Rautalampi', 'Rautalampi', '11', 62.6445, 26.7106),
	('687', 'Rautavaara', 'Rautavaara', '11', 63.4919, 28.402),
	('689', 'Rautjärvi', 'Rautjärvi', '09', 61.3744, 29.2146),
	('691', 'Reisjärvi', 'Reisjärvi', '17', 63.6232, 24.9727),
	('694', 'Riihimäki', 'Riihimäki', '05', 60.7143, 24.742),
	('697', 'Ristijärvi', 'Ristijärvi', '18', 64.4855, 28.4316),
	('698', 'Rovaniemi', 'Rovaniemi', '19', 66.6402, 25.8341),
	('700', 'Ruokolahti', 'Ruokolax', '09', 61.3801, 28.7602),
	('702', 'Ruovesi', 'Ruovesi', '06', 61.9649, 24.0568),
	('704', 'Rusko', 'Rusko', '02', 60.602, 22.289),
	('707', 'Rääkkylä', 'Rääkkylä', '12', 62.2962, 29.67),
	('710', 'Raasepori', 'Raseborg', '01', 60.0494, 23.4309),
	('729', 'Saarijärvi', 'Saarijärvi', '13', 62.7002, 25.128),
	('732', 'Salla', 'Salla', '19', 66.9948, 28.9079),
	('734', 'Salo', 'Salo', '02', 60.3588, 23.2707),
	('736', 'Saltvik', 'Saltvik', '21', 60.3149, 20.0603),
	('738', 'Sauvo', 'Sagu', '02', 60.3149, 22.6861),
	('739', 'Savitaipale', 'Savitaipale', '09', 61.1854, 27.5678),
	('740', 'Savonlinna', 'Nyslott', '10', 61.9122, 29.0914),
	('742', 'Savukoski', 'Savukoski', '19', 67.6324, 28.5305),
	('743', 'Seinäjoki', 'Seinäjoki', '14', 62.7414, 22.9058),
	('746', 'Sievi', 'Sievi', '17', 63.8457, 24.5888),
	('747', 'Siikainen', 'Siikais', '04', 61.8692, 21.8882),
	('748', 'Siikajoki', 'Siikajoki', '17', 64.6561, 25.0545),
	('749', 'Siilinjärvi', 'Siilinjärvi', '11', 63.083, 27.6576),
	('751', 'Simo', 'Simo', '19', 65.8496, 25.376),
	('753', 'Sipoo', 'Sibbo', '01', 60.359, 25.2851),
	('755', 'Siuntio', 'Sjundeå', '01', 60.1746, 24.2089),
	('758', 'Sodankylä', 'Sodankylä', '19', 67.7877, 26.9175),
	('759', 'Soini', 'Soini', '14', 62.8418, 24.2316),
	('761', 'Somero', 'Somero', '02', 60.6137, 23.5502),
	('762', 'Sonkajärvi', 'Sonkajärvi', '11', 63.736, 27.6607),
	('765', 'Sotkamo', 'Sotkamo', '18', 64.0482, 28.4364),
	('766', 'Sottunga', 'Sottunga', '21', 60.1238, 20.6758),
	('768', 'Sulkava', 'Sulkava', '10', 61.7482, 28.4187),
	('771', 'Sund', 'Sund', '21', 60.2414, 20.165),
	('777', 'Suomussalmi', 'Suomussalmi', '18', 65.0448, 29.1217),
	('778', 'Suonenjoki', 'Suonenjoki', '11', 62.6228, 27.1541),
	('781', 'Sysmä', 'Sysmä', '07', 61.5015, 25.7204),
	('783', 'Säkylä', 'Säkylä', '04', 61.0634, 22.3905),
	('785', 'Vaala', 'Vaala', '17', 64.5189, 26.9024),
	('790', 'Sastamala', 'Sastamala', '06', 61.4133, 22.882),
	('791', 'Siikalatva', 'Siikalatva', '17', 64.3202, 25.986),
	('831', 'Taipalsaari', 'Taipalsaari', '09', 61.2319, 28.0928),
	('832', 'Taivalkoski', 'Taivalkoski', '17', 65.5593, 28.35),
	('833', 'Taivassalo', 'Tövsala', '02', 60.5765, 21.5987),
	('834', 'Tammela', 'Tammela', '05', 60.785, 23.8332),
	('837', 'Tampere', 'Tammerfors', '06', 61.6238, 23.8885),
	('844', 'Tervo', 'Tervo', '11', 62.9689, 26.8158),
	('845', 'Tervola', 'Tervola', '19', 66.1314, 25.0795),
	('846', 'Teuva', 'Östermark', '14', 62.5091, 21.7974),
	('848', 'Tohmajärvi', 'Tohmajärvi', '12', 62.2551, 30.3804),
	('849', 'Toholampi', 'Toholampi', '16', 63.7362, 24.3009),
	('850', 'Toivakka', 'Toivakka', '13', 62.1063, 26.0776),
	('851', 'Tornio', 'Torneå', '19', 66.0565, 24.2856),
	('853', 'Turku', 'Åbo', '02', 60.483, 22.285),
	('854', 'Pello', 'Pello', '19', 66.7781, 24.3018),
	('857', 'Tuusniemi', 'Tuusniemi', '11', 62.7773, 28.4794),
	('858', 'Tuusula', 'Tusby', '01', 60.4505, 24.998),
	('859', 'Tyrnävä', 'Tyrnävä', '17', 64.7265, 25.7645),
	('886', 'Ulvila', 'Ulvsby', '04', 61.4821, 22.1142),
	('887', 'Urjala', 'Urjala', '06', 61.0833, 23.4939),
	('889', 'Utajärvi', 'Utajärvi', '17', 64.8627, 26.8282),
	('890', 'Utsjoki', 'Utsjoki', '19', 69.6611, 26.9537),
	('892', 'Uurainen', 'Uurainen', '13', 62.471, 25.4039),
	('893', 'Uusikaarlepyy', 'Nykarleby', '15', 63.4504, 22.5713),
	('895', 'Uusikaupunki', 'Nystad', '02', 60.8011, 21.4509),
	('905', 'Vaasa', 'Vasa', '15', 63.0779, 21.6048),
	('908', 'Valkeakoski', 'Valkeakoski', '06', 61.2181, 24.0579),
	('915', 'Varkaus', 'Varkaus', '11', 62.2796, 28.2395),
	('918', 'Vehmaa', 'Vemo', '02', 60.6831, 21.6732),
	('921', 'Vesanto', 'Vesanto', '11', 62.8953, 26.3887),
	('922', 'Vesilahti', 'Vesilahti', '06', 61.2856, 23.4861),
	('924', 'Veteli', 'Vetil', '16', 63.3982, 23.9176),
	('925', 'Vieremä', 'Vieremä', '11', 63.8397, 26.9975),
	('927', 'Vihti', 'Vichtis', '01', 60.4067, 24.3988),
	('931', 'Viitasaari', 'Viitasaari', '13', 63.1006, 25.8248),
	('934', 'Vimpeli', 'Vindala', '14', 63.1748, 23.9394),
	('935', 'Virolahti', 'Vederlax', '08', 60.568, 27.6006),
	('936', 'Virrat', 'Virdois', '06', 62.272, 23.7009),
	('941', 'Vårdö', 'Vårdö', '21', 60.2535, 20.3936),
	('946', 'Vöyri', 'Vörå', '15', 63.1947, 22.3451),
	('976', 'Ylitornio', 'Övertorneå', '19', 66.4486, 24.3855),
	('977', 'Ylivieska', 'Ylivieska', '17', 64.0657, 24.6439),
	('980', 'Ylöjärvi', 'Ylöjärvi', '06', 61.8601, 23.5635),
	('981', 'Ypäjä', 'Ypäjä', '05', 60.801, 23.27),
	('989', 'Ähtäri', 'Etseri', '14', 62.5729, 24.1964),
	('992', 'Äänekoski', 'Äänekoski', '13', 62.7026, 25.8264);

-- What residents get help with (data/support-topics.csv).
CREATE TABLE directory_topic (
	key TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	label_fi TEXT NOT NULL,
	label_sv TEXT NOT NULL,
	label_en TEXT NOT NULL
);
INSERT INTO directory_topic (key, position, label_fi, label_sv, label_en) VALUES
	('device-basics', 1, 'Laitteen käytön perusteet', 'Grunderna i att använda enheten', 'Device basics (phone, tablet, computer)'),
	('identification', 2, 'Vahva sähköinen tunnistautuminen', 'Stark elektronisk identifiering', 'Strong electronic identification'),
	('banking', 3, 'Verkkopankki ja maksaminen', 'Nätbank och betalningar', 'Online banking and payments'),
	('suomi-fi', 4, 'Suomi.fi-palvelut ja valtuudet', 'Suomi.fi-tjänster och fullmakter', 'Suomi.fi services and authorisations'),
	('kela', 5, 'Kelan asiointi', 'FPA-ärenden', 'Kela (social insurance) services'),
	('health', 6, 'Terveyspalvelut ja Omakanta', 'Hälsotjänster och MittKanta', 'Health services and My Kanta'),
	('taxes', 7, 'Verotus (OmaVero)', 'Beskattning (MinSkatt)', 'Taxes (MyTax)'),
	('email-messaging', 8, 'Sähköposti ja viestintä', 'E-post och meddelanden', 'Email and messaging'),
	('video-calls', 9, 'Videopuhelut', 'Videosamtal', 'Video calls'),
	('security-scams', 10, 'Tietoturva ja huijausten tunnistaminen', 'Informationssäkerhet och bedrägerier', 'Security and recognising scams'),
	('transport', 11, 'Liikenne ja liput', 'Trafik och biljetter', 'Transport and tickets'),
	('apps', 12, 'Sovellusten asentaminen ja päivittäminen', 'Installera och uppdatera appar', 'Installing and updating apps'),
	('jobs', 13, 'Työnhaku ja työllisyyspalvelut', 'Jobbsökning och sysselsättningstjänster', 'Job seeking and employment services'),
	('shopping', 14, 'Verkko-ostokset', 'Näthandel', 'Online shopping'),
	('other', 15, 'Muu asia', 'Annat ärende', 'Other');

-- The forms of support (data/support-forms.csv), with the national form
-- each belongs to (lähituki, etätuki, koulutus).
CREATE TABLE directory_form (
	key TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	label_fi TEXT NOT NULL,
	label_sv TEXT NOT NULL,
	label_en TEXT NOT NULL,
	national_form TEXT NOT NULL
);
INSERT INTO directory_form (key, position, label_fi, label_sv, label_en, national_form) VALUES
	('drop-in', 1, 'Tule paikan päälle', 'Kom på plats', 'Drop-in', 'lähituki'),
	('appointment', 2, 'Ajanvaraus', 'Tidsbokning', 'By appointment', 'lähituki'),
	('home-visit', 3, 'Kotikäynti', 'Hembesök', 'Home visit', 'lähituki'),
	('peer-support', 4, 'Vertaistuki', 'Kamratstöd', 'Peer support', 'lähituki'),
	('phone', 5, 'Puhelintuki', 'Telefonstöd', 'Phone support', 'etätuki'),
	('remote', 6, 'Etätuki (chat, video)', 'Distansstöd (chatt, video)', 'Remote support (chat, video)', 'etätuki'),
	('self-service', 7, 'Itsepalvelupiste', 'Självbetjäningspunkt', 'Self-service point', 'etätuki'),
	('course', 8, 'Kurssi tai ryhmäopastus', 'Kurs eller gruppvägledning', 'Course or group guidance', 'koulutus');

-- A service point.  region_id is the region whose coordinators manage it
-- (the policy's scope); municipality_code where it is.  Names fall back
-- fi -> sv -> en when a language is empty; sort_* is the name shown in
-- each language folded for ordering (src/directory/text.c), so that both
-- backends order by the same bytes whatever their collation.  Accessibility
-- facts are 0/1 columns: the search filters on them by need.
CREATE TABLE service_point (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	municipality_code TEXT NOT NULL REFERENCES directory_area(code),
	status TEXT NOT NULL DEFAULT 'active'
		CHECK (status IN ('active', 'temporarily_closed', 'closed')),
	organisation TEXT NOT NULL DEFAULT '',
	name_fi TEXT NOT NULL DEFAULT '',
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	description_fi TEXT NOT NULL DEFAULT '',
	description_sv TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	summary_fi TEXT NOT NULL DEFAULT '',
	summary_sv TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	street TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	post_office TEXT NOT NULL DEFAULT '',
	lat REAL,
	lon REAL,
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	web TEXT NOT NULL DEFAULT '',
	free_of_charge INTEGER NOT NULL DEFAULT 1
		CHECK (free_of_charge IN (0, 1)),
	costs_fi TEXT NOT NULL DEFAULT '',
	costs_sv TEXT NOT NULL DEFAULT '',
	costs_en TEXT NOT NULL DEFAULT '',
	booking_fi TEXT NOT NULL DEFAULT '',
	booking_sv TEXT NOT NULL DEFAULT '',
	booking_en TEXT NOT NULL DEFAULT '',
	closed_on_holidays INTEGER NOT NULL DEFAULT 1
		CHECK (closed_on_holidays IN (0, 1)),
	acc_step_free INTEGER NOT NULL DEFAULT 0 CHECK (acc_step_free IN (0, 1)),
	acc_lift INTEGER NOT NULL DEFAULT 0 CHECK (acc_lift IN (0, 1)),
	acc_toilet INTEGER NOT NULL DEFAULT 0 CHECK (acc_toilet IN (0, 1)),
	acc_parking INTEGER NOT NULL DEFAULT 0 CHECK (acc_parking IN (0, 1)),
	acc_loop INTEGER NOT NULL DEFAULT 0 CHECK (acc_loop IN (0, 1)),
	acc_quiet INTEGER NOT NULL DEFAULT 0 CHECK (acc_quiet IN (0, 1)),
	acc_large_text INTEGER NOT NULL DEFAULT 0 CHECK (acc_large_text IN (0, 1)),
	acc_guide_dog INTEGER NOT NULL DEFAULT 0 CHECK (acc_guide_dog IN (0, 1)),
	sort_fi TEXT NOT NULL DEFAULT '',
	sort_sv TEXT NOT NULL DEFAULT '',
	sort_en TEXT NOT NULL DEFAULT '',
	open_from_day INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX service_point_municipality ON service_point(municipality_code);
CREATE INDEX service_point_region ON service_point(region_id);
CREATE INDEX service_point_postcode ON service_point(postcode);
CREATE INDEX service_point_sort_fi ON service_point(sort_fi, id);
CREATE INDEX service_point_sort_sv ON service_point(sort_sv, id);
CREATE INDEX service_point_sort_en ON service_point(sort_en, id);
-- The first day of the point's rows in service_point_open: the daily job
-- finds the points whose window has fallen behind.
CREATE INDEX service_point_open_from ON service_point(open_from_day);

CREATE TABLE service_point_topic (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	topic TEXT NOT NULL REFERENCES directory_topic(key),
	PRIMARY KEY (point_id, topic)
);
CREATE INDEX service_point_topic_topic ON service_point_topic(topic, point_id);

CREATE TABLE service_point_form (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	form TEXT NOT NULL REFERENCES directory_form(key),
	PRIMARY KEY (point_id, form)
);
CREATE INDEX service_point_form_form ON service_point_form(form, point_id);

-- Languages served, ISO 639-1 codes ("fi", "sv", "en", "ru", "ar", ...).
CREATE TABLE service_point_language (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	lang TEXT NOT NULL CHECK (length(lang) = 2),
	PRIMARY KEY (point_id, lang)
);
CREATE INDEX service_point_language_lang ON service_point_language(lang, point_id);

-- A period that replaces the regular week from from_day to to_day
-- (inclusive; days counted from 1970-01-01 as in hours.h).
CREATE TABLE service_point_period (
	id INTEGER PRIMARY KEY,
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	from_day INTEGER NOT NULL,
	to_day INTEGER NOT NULL,
	name_fi TEXT NOT NULL DEFAULT '',
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	CHECK (to_day >= from_day)
);
CREATE INDEX service_point_period_point ON service_point_period(point_id);

-- Weekly intervals: of the regular week (period_id NULL) or of a period.
-- Minutes of the day in Europe/Helsinki; end_min <= start_min runs over
-- midnight.  state: 1 open, 2 by appointment only, 3 self-service.
CREATE TABLE service_point_hours (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	period_id INTEGER REFERENCES service_point_period(id) ON DELETE CASCADE,
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
	state INTEGER NOT NULL CHECK (state IN (1, 2, 3))
);
CREATE INDEX service_point_hours_point ON service_point_hours(point_id);

-- One day's own hours.  A row with state 0 closes the whole day; other
-- rows are that day's intervals.
CREATE TABLE service_point_exception (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	day INTEGER NOT NULL,
	start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
	state INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3)),
	note_fi TEXT NOT NULL DEFAULT '',
	note_sv TEXT NOT NULL DEFAULT '',
	note_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_point_exception_point ON service_point_exception(point_id, day);

-- Each point's open intervals as UTC seconds from yesterday to some days
-- ahead, computed in C from the rows above (every rule, holidays and the
-- clock changes applied) when a point is saved and by a daily job.  "Open
-- now" and "open at" are then one indexed range test per point, whatever
-- the rules are.  state as in service_point_hours.
CREATE TABLE service_point_open (
	point_id INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	state INTEGER NOT NULL CHECK (state IN (1, 2, 3))
);
CREATE INDEX service_point_open_point ON service_point_open(point_id, ends_at);
CREATE INDEX service_point_open_time ON service_point_open(starts_at);
