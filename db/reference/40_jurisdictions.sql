-- Defaults the service ships with, per jurisdiction; an administrator replaces them through
-- PUT /hardship-thresholds/{region_code} and PUT /jurisdiction-settings/{region_code}.
--
-- Hardship thresholds (Art. 34, monthly household income per person, fen): each province sets
-- its own. Until a centre's administrator enters the official figure, the seed provinces use
-- their first-tier monthly minimum wage as a stand-in (marked is_default): 湖南 1930 元
-- (2022), 山西 1880 元 (2021), 辽宁 1910 元 (2021). These are placeholders to be confirmed
-- against the province's own legal aid regulations, not legal figures.
INSERT INTO hardship_thresholds (region_code, monthly_income_fen, is_default, source) VALUES
  ('430000', 193000, true, '默认值：湖南省一类地区月最低工资标准（待管理员按本省规定确认）'),
  ('140000', 188000, true, '默认值：山西省一类地区月最低工资标准（待管理员按本省规定确认）'),
  ('210000', 191000, true, '默认值：辽宁省一类地区月最低工资标准（待管理员按本省规定确认）')
ON CONFLICT (region_code) DO NOTHING;

-- Deadlines count calendar days unless a jurisdiction says working days; Hunan pays
-- subsidies only after the case is closed and its file archived (seed 003).
INSERT INTO jurisdiction_settings (region_code, deadline_mode, pay_after_archive) VALUES
  ('430000', 'calendar_days', true)
ON CONFLICT (region_code) DO NOTHING;
