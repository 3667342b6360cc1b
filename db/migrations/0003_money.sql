-- Subsidy standards as versioned data, claims, duty shifts, budgets and targets. Money is fen.

-- A jurisdiction's table for a year; replacing it keeps the old version (superseded_at set).
CREATE TABLE subsidy_tables (
  id            bigserial PRIMARY KEY,
  jurisdiction  text NOT NULL REFERENCES regions (code),
  year          int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version       int NOT NULL,
  source        text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES users (id),
  superseded_at timestamptz,
  UNIQUE (jurisdiction, year, version)
);
CREATE UNIQUE INDEX subsidy_tables_current ON subsidy_tables (jurisdiction, year)
  WHERE superseded_at IS NULL;

CREATE TABLE subsidy_cells (
  table_id bigint NOT NULL REFERENCES subsidy_tables (id),
  item     text NOT NULL CHECK (item IN (
             'criminal_investigation', 'criminal_prosecution', 'criminal_trial',
             'criminal_death_review', 'civil', 'administrative', 'arbitration', 'notarization',
             'duty_lawyer_day', 'document_drafting', 'service_hall_day', 'hotline_day')),
  scope    text CHECK (scope IN ('local', 'cross_county', 'in_province')), -- NULL: any scope
  min_fen  bigint NOT NULL CHECK (min_fen >= 0),
  max_fen  bigint NOT NULL,
  unit     text NOT NULL CHECK (unit IN ('case_stage', 'case', 'lawyer_day', 'piece', 'day')),
  CHECK (min_fen <= max_fen)
);
CREATE UNIQUE INDEX subsidy_cells_unique ON subsidy_cells (table_id, item, COALESCE(scope, ''));

-- Add-ons: a sum per unit of something (e.g. each additional related case), capped per claim.
CREATE TABLE subsidy_addons (
  table_id   bigint NOT NULL REFERENCES subsidy_tables (id),
  code       text NOT NULL CHECK (code ~ '^[a-z_]{1,40}$'),
  item       text, -- NULL: every item
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  cap_fen    bigint NOT NULL CHECK (cap_fen >= 0),
  PRIMARY KEY (table_id, code)
);

CREATE TABLE duty_shifts (
  id         bigserial PRIMARY KEY,
  center_id  bigint NOT NULL REFERENCES centers (id),
  lawyer_id  bigint NOT NULL REFERENCES users (id),
  station    text NOT NULL CHECK (station IN ('court', 'procuratorate', 'detention_centre',
                                              'service_hall', 'hotline_12348')),
  day        date NOT NULL,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (lawyer_id, station, day)
);
CREATE INDEX duty_shifts_center_day ON duty_shifts (center_id, day);

CREATE TABLE subsidy_claims (
  id            bigserial PRIMARY KEY,
  center_id     bigint NOT NULL REFERENCES centers (id),
  lawyer_id     bigint NOT NULL REFERENCES users (id),
  case_id       bigint REFERENCES cases (id),
  stage_id      bigint REFERENCES case_stages (id),
  duty_shift_id bigint REFERENCES duty_shifts (id),
  item          text NOT NULL,
  year          int NOT NULL,
  jurisdiction  text NOT NULL,
  table_id      bigint NOT NULL REFERENCES subsidy_tables (id),
  scope         text,
  grade         text,
  quantity      int NOT NULL CHECK (quantity >= 1),
  min_fen       bigint NOT NULL,
  max_fen       bigint NOT NULL,
  amount_fen    bigint NOT NULL CHECK (amount_fen >= 0),
  addons_fen    bigint NOT NULL DEFAULT 0 CHECK (addons_fen >= 0),
  total_fen     bigint NOT NULL CHECK (total_fen >= 0),
  breakdown     jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'computed' CHECK (status IN ('computed', 'approved', 'paid')),
  computed_at   timestamptz NOT NULL DEFAULT now(),
  approved_at   timestamptz,
  approved_by   bigint REFERENCES users (id),
  paid_at       timestamptz,
  paid_by       bigint REFERENCES users (id),
  CHECK (total_fen = amount_fen + addons_fen)
);
CREATE INDEX subsidy_claims_center_year ON subsidy_claims (center_id, year, status);
CREATE INDEX subsidy_claims_lawyer ON subsidy_claims (lawyer_id, id DESC);
CREATE INDEX subsidy_claims_case ON subsidy_claims (case_id);

CREATE TABLE budgets (
  center_id     bigint NOT NULL REFERENCES centers (id),
  year          int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  allocated_fen bigint NOT NULL CHECK (allocated_fen >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    bigint REFERENCES users (id),
  PRIMARY KEY (center_id, year)
);

-- Targets: rates in basis points (9800 = 98%), duty lawyers a day in hundredths (300 = 3).
CREATE TABLE targets (
  center_id             bigint NOT NULL REFERENCES centers (id),
  year                  int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  cases                 int CHECK (cases >= 0),
  duty_lawyers_per_day  int CHECK (duty_lawyers_per_day >= 0),
  satisfaction_rate_bp  int CHECK (satisfaction_rate_bp BETWEEN 0 AND 10000),
  timely_rate_bp        int CHECK (timely_rate_bp BETWEEN 0 AND 10000),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            bigint REFERENCES users (id),
  PRIMARY KEY (center_id, year)
);
