-- The reports as the centres account for them (issue 13): the day's log of a duty shift, the
-- satisfaction of consultations, 12345 work orders that come in, the money actually received,
-- and the targets of the performance self-assessment (项目支出绩效自评表).

-- What a stationed duty lawyer did that day: people received, consultations answered, plea
-- agreements (认罪认罚具结书) witnessed.
ALTER TABLE duty_shifts
  ADD COLUMN received       int NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND 100000),
  ADD COLUMN consultations  int NOT NULL DEFAULT 0 CHECK (consultations BETWEEN 0 AND 100000),
  ADD COLUMN plea_witnessed int NOT NULL DEFAULT 0 CHECK (plea_witnessed BETWEEN 0 AND 100000);

-- A consultation's rating (扫码评价 or the follow-up), like a call's and a case's.
ALTER TABLE consultations ADD COLUMN satisfied boolean;

-- Work orders the 12345 citizens' hotline sends to the centre (incoming), and their closing.
-- The orders the centre sends out are calls with outcome 'work_order_12345'.
CREATE TABLE work_orders_12345 (
  id          bigserial PRIMARY KEY,
  center_id   bigint NOT NULL REFERENCES centers (id),
  order_no    text NOT NULL CHECK (length(order_no) BETWEEN 1 AND 40),
  received_at timestamptz NOT NULL,
  due_on      date,
  topic       text NOT NULL CHECK (topic IN (
                'labour', 'marriage_family', 'debt', 'traffic_accident', 'land', 'housing',
                'personal_injury', 'consumer', 'criminal', 'administrative', 'social_security',
                'other')),
  summary     text NOT NULL DEFAULT '',
  closed_at   timestamptz,
  closed_by   bigint REFERENCES users (id),
  result      text,
  created_by  bigint REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, order_no),
  CHECK ((closed_at IS NULL) = (result IS NULL))
);
CREATE INDEX work_orders_12345_center_received ON work_orders_12345 (center_id, received_at);

-- The money the finance bureau actually transferred (实际到位金额); NULL until entered.
ALTER TABLE budgets
  ADD COLUMN received_fen bigint CHECK (received_fen BETWEEN 0 AND 10000000000);

-- The self-assessment's targets (年度指标值) beside the four of 0003: counts, rates in basis
-- points, money in fen. NULL: no target set (the indicator is not assessed).
ALTER TABLE targets
  ADD COLUMN plea_help_cases          int CHECK (plea_help_cases >= 0),
  ADD COLUMN consultations            int CHECK (consultations >= 0),
  ADD COLUMN hotline_calls            int CHECK (hotline_calls >= 0),
  ADD COLUMN duty_coverage_bp         int CHECK (duty_coverage_bp BETWEEN 0 AND 10000),
  ADD COLUMN good_rate_bp             int CHECK (good_rate_bp BETWEEN 0 AND 10000),
  ADD COLUMN excellent_rate_bp        int CHECK (excellent_rate_bp BETWEEN 0 AND 10000),
  ADD COLUMN recovered_fen            bigint CHECK (recovered_fen BETWEEN 0 AND 10000000000),
  ADD COLUMN work_orders_closed_bp    int CHECK (work_orders_closed_bp BETWEEN 0 AND 10000);
