-- The two seed tables name their published sources, not this project's seed numbers (the
-- admin page showed "（seed 001）"). A change of 50_subsidy_standards.sql, carried by a file of
-- its own so that databases which loaded that file get it too.
UPDATE subsidy_tables SET source = '阳泉市法律援助中心2024年度项目支出绩效自评表'
 WHERE id = 1 AND source = '阳泉市2024年项目支出绩效自评表（seed 001）';
UPDATE subsidy_tables SET source = '《湖南省法律援助经费使用管理办法》（沅江市法律援助中心2023年度部门决算引用）'
 WHERE id = 2 AND source = '湖南省法律援助经费使用管理办法（seed 003 引用）';
