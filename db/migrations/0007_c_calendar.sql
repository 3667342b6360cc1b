-- Issue 12, deadlines: the years whose holidays are loaded (GET/PUT /holidays); a deadline
-- counted through another year is weekends-only and provisional until its year is loaded,
-- when the open cases' deadlines are counted again from the facts kept here: the day the
-- competent centre received the application (the clock's start; a transfer restarts it) and
-- the day awaited papers arrived (the pause is (materials_requested_at, this]).
CREATE TABLE holiday_years (
  year      int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  loaded_at timestamptz NOT NULL DEFAULT now(),
  loaded_by bigint REFERENCES users (id),
  source    text NOT NULL DEFAULT ''
);

ALTER TABLE cases
  ADD COLUMN deadline_provisional  boolean NOT NULL DEFAULT false,
  ADD COLUMN clock_started_on      date, -- NULL: the date of received_at (Asia/Shanghai)
  ADD COLUMN materials_received_on date;
