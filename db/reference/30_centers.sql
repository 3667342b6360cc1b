-- The five centres of the seed reports (../shared/seeds), with their GB/T 2260 region codes
-- and the short name their case numbers carry, e.g. (2024)洼法援字第0001号.
INSERT INTO centers (id, name, region_code, case_no_prefix) VALUES
  (1, '盘锦市大洼区法律援助中心', '211104', '洼'),
  (2, '阳泉市法律援助中心', '140300', '阳'),
  (3, '岳阳市法律援助中心', '430600', '岳'),
  (4, '沅江市法律援助中心', '430981', '沅'),
  (5, '株洲市芦淞区法律援助中心', '430203', '芦')
ON CONFLICT (id) DO NOTHING;
SELECT setval('centers_id_seq', GREATEST((SELECT max(id) FROM centers), 5));
