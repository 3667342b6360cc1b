-- The money as the centres account for it (issue 13, points 1 and 2): plea-leniency help
-- (认罪认罚法律帮助) becomes a subsidy item, a cell may be a placeholder default until the
-- jurisdiction's own figure is entered, and where in the band each grade pays is set per
-- jurisdiction.
ALTER TABLE subsidy_cells DROP CONSTRAINT subsidy_cells_item_check;
ALTER TABLE subsidy_cells ADD CONSTRAINT subsidy_cells_item_check CHECK (item IN (
  'criminal_investigation', 'criminal_prosecution', 'criminal_trial', 'criminal_death_review',
  'civil', 'administrative', 'arbitration', 'notarization', 'duty_lawyer_day',
  'document_drafting', 'service_hall_day', 'hotline_day', 'plea_help'));

-- A cell the service ships without a published figure (is_default), and why it holds the
-- figure it does (note). A table an administrator puts through the API is its own figures.
ALTER TABLE subsidy_cells
  ADD COLUMN is_default boolean NOT NULL DEFAULT false,
  ADD COLUMN note       text NOT NULL DEFAULT '' CHECK (length(note) <= 500);

-- Where in the band each grade pays: 'max', 'mid' (the midpoint to the yuan), 'min', 'zero',
-- or a whole percentage of the band from min to max. Looked up county, then city, then
-- province, apart from jurisdiction_settings: a county that sets only this does not hide its
-- province's deadline and payment rules. No row anywhere: max, mid, min, zero.
CREATE TABLE grade_pay (
  region_code text PRIMARY KEY REFERENCES regions (code),
  excellent   text NOT NULL CHECK (excellent ~ '^(max|mid|min|zero|100|[1-9]?[0-9])$'),
  good        text NOT NULL CHECK (good ~ '^(max|mid|min|zero|100|[1-9]?[0-9])$'),
  pass        text NOT NULL CHECK (pass ~ '^(max|mid|min|zero|100|[1-9]?[0-9])$'),
  fail        text NOT NULL CHECK (fail ~ '^(max|mid|min|zero|100|[1-9]?[0-9])$'),
  source      text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint REFERENCES users (id)
);
