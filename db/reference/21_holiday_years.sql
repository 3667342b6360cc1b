-- The years 20_holidays.sql holds in full (State Council notices for 2024, 2025 and 2026).
-- Later years are loaded by the administrator (PUT /holidays/{year}, the page /admin).
INSERT INTO holiday_years (year, source) VALUES
  (2024, '国务院办公厅关于2024年部分节假日安排的通知'),
  (2025, '国务院办公厅关于2025年部分节假日安排的通知'),
  (2026, '国务院办公厅关于2026年部分节假日安排的通知')
ON CONFLICT (year) DO NOTHING;
