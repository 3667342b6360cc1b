-- Plea-leniency help (认罪认罚法律帮助) in Hunan's table, and Yuanjiang's rule of paying the
-- band's minimum (issue 13, points 1 and 2).
--
-- No seed gives Hunan's figure for plea help: seed 003 quotes the provincial bands for
-- criminal stages and civil/administrative/arbitration cases only. The national guidance (司法部
-- 财政部《关于完善法律援助补贴标准的指导意见》, 司发通〔2019〕27号) leaves it to each province, per
-- case or per working day. Until Hunan's administrator enters the published figure, the table
-- carries a placeholder marked is_default: 200-500 yuan per case, the only duty-lawyer band in
-- the seeds (seed 001, Yangquan: 值班律师每人每个工作日200-500元). With it Yuanjiang 2023's mix
-- (131 civil, 262 criminal through three stages, 668 plea help, 1 administrative) costs
-- 1,143,800 yuan at the band minimum, against seed 003's "近113万余元" (tests/api/test_money.c).
--
-- The shipped 2023 table (version 1) is kept as history, superseded by version 2: the same
-- cells and the placeholder. Nothing changes when an administrator has replaced the table.
DO $$
DECLARE
  v1 bigint;
  v2 bigint;
BEGIN
  SELECT id INTO v1 FROM subsidy_tables
   WHERE jurisdiction = '430000' AND year = 2023 AND version = 1 AND superseded_at IS NULL
     AND created_by IS NULL;
  IF v1 IS NULL OR EXISTS (SELECT 1 FROM subsidy_cells WHERE table_id = v1 AND item = 'plea_help')
  THEN
    RETURN;
  END IF;
  UPDATE subsidy_tables SET superseded_at = now() WHERE id = v1;
  INSERT INTO subsidy_tables (jurisdiction, year, version, source)
  VALUES ('430000', 2023, 2, '《湖南省法律援助经费使用管理办法》（沅江市法律援助中心2023年度部门决算引用）；认罪认罚法律帮助为默认占位值（参照阳泉市值班律师标准），待管理员按本省规定确认')
  RETURNING id INTO v2;
  INSERT INTO subsidy_cells (table_id, item, scope, min_fen, max_fen, unit, is_default, note)
  SELECT v2, item, scope, min_fen, max_fen, unit, is_default, note FROM subsidy_cells
   WHERE table_id = v1;
  INSERT INTO subsidy_addons (table_id, code, item, amount_fen, cap_fen)
  SELECT v2, code, item, amount_fen, cap_fen FROM subsidy_addons WHERE table_id = v1;
  INSERT INTO subsidy_cells (table_id, item, scope, min_fen, max_fen, unit, is_default, note)
  VALUES (v2, 'plea_help', NULL, 20000, 50000, 'case', true,
          '默认占位值：所据材料未给出湖南省认罪认罚法律帮助补贴标准，暂按阳泉市值班律师每人每个工作日200-500元（阳泉市法律援助中心2024年度项目支出绩效自评表）按件计；司发通〔2019〕27号规定由各地按件或按工作日确定');
END $$;

-- 沅江市 pays every case the band's minimum (seed 003: 按文件要求的最低标准发放补贴); a case
-- graded fail is paid nothing.
INSERT INTO grade_pay (region_code, excellent, good, pass, fail, source)
VALUES ('430981', 'min', 'min', 'min', 'zero', '沅江市：按文件要求的最低标准发放补贴（沅江市法律援助中心2023年度部门决算）')
ON CONFLICT (region_code) DO NOTHING;
