-- The two seed subsidy tables, cell for cell as in DOMAIN.md ("Lawyer subsidies"), in fen.
-- 阳泉市 (140300), 2024: the performance self-assessment in seed 001, with region scope.
-- 湖南省 (430000): 《湖南省法律援助经费使用管理办法》 as quoted in seed 003 (沅江 2023), no
-- region scope. A year's table applies from that year until a later year's table exists.
INSERT INTO subsidy_tables (id, jurisdiction, year, version, source) VALUES
  (1, '140300', 2024, 1, '阳泉市2024年项目支出绩效自评表（seed 001）'),
  (2, '430000', 2023, 1, '湖南省法律援助经费使用管理办法（seed 003 引用）');
SELECT setval('subsidy_tables_id_seq', 2);

INSERT INTO subsidy_cells (table_id, item, scope, min_fen, max_fen, unit) VALUES
  (1, 'criminal_investigation', 'local',        80000,  90000, 'case_stage'),
  (1, 'criminal_investigation', 'cross_county', 80000, 120000, 'case_stage'),
  (1, 'criminal_investigation', 'in_province', 100000, 150000, 'case_stage'),
  (1, 'criminal_prosecution',   'local',        60000,  90000, 'case_stage'),
  (1, 'criminal_prosecution',   'cross_county', 80000, 120000, 'case_stage'),
  (1, 'criminal_prosecution',   'in_province', 100000, 150000, 'case_stage'),
  (1, 'criminal_trial',         'local',       100000, 150000, 'case_stage'),
  (1, 'criminal_trial',         'cross_county',180000, 248000, 'case_stage'),
  (1, 'criminal_trial',         'in_province', 230000, 378000, 'case_stage'),
  (1, 'notarization',           NULL,           20000,  30000, 'case'),
  (1, 'duty_lawyer_day',        NULL,           20000,  50000, 'lawyer_day'),
  (1, 'document_drafting',      NULL,           10000,  30000, 'piece'),
  (1, 'service_hall_day',       NULL,           50000,  50000, 'day'),
  (1, 'hotline_day',            NULL,           50000,  50000, 'day'),
  (2, 'criminal_investigation', NULL,           80000, 150000, 'case_stage'),
  (2, 'criminal_prosecution',   NULL,           80000, 180000, 'case_stage'),
  (2, 'criminal_trial',         NULL,          150000, 320000, 'case_stage'),
  (2, 'criminal_death_review',  NULL,          150000, 300000, 'case_stage'),
  (2, 'civil',                  NULL,          150000, 500000, 'case'),
  (2, 'administrative',         NULL,          150000, 500000, 'case'),
  (2, 'arbitration',            NULL,          150000, 500000, 'case');
