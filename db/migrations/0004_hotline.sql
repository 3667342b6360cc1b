-- The 12348 hotline, consultations, and the indexes the statistics read through.

CREATE TABLE hotline_calls (
  id                 bigserial PRIMARY KEY,
  center_id          bigint NOT NULL REFERENCES centers (id),
  kind               text NOT NULL CHECK (kind IN ('consultation', 'complaint', 'suggestion')),
  started_at         timestamptz NOT NULL,
  duration_s         int NOT NULL DEFAULT 0 CHECK (duration_s BETWEEN 0 AND 86400),
  caller_phone       text,
  caller_region_code text REFERENCES regions (code),
  topic              text NOT NULL CHECK (topic IN (
                       'labour', 'marriage_family', 'debt', 'traffic_accident', 'land',
                       'housing', 'personal_injury', 'consumer', 'criminal', 'administrative',
                       'social_security', 'other')),
  summary            text NOT NULL DEFAULT '',
  outcome            text NOT NULL CHECK (outcome IN (
                       'answered', 'referred_mediation', 'referred_agency', 'work_order_12345',
                       'converted')),
  follow_up          boolean NOT NULL DEFAULT false,
  satisfied          boolean,
  operator_id        bigint NOT NULL REFERENCES users (id),
  case_id            bigint REFERENCES cases (id),
  transfer_due       date,  -- 12345 work orders: out within 1 working day
  feedback_due       date,  -- and the caller hears back within 5 working days
  handled_at         timestamptz,
  handled_by         bigint REFERENCES users (id),
  handled_note       text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'converted') = (case_id IS NOT NULL))
);
CREATE INDEX hotline_calls_center_started ON hotline_calls (center_id, started_at);
CREATE INDEX hotline_calls_phone ON hotline_calls (caller_phone, started_at DESC)
  WHERE caller_phone IS NOT NULL;
-- The follow-up queue: calls marked for follow-up and every dissatisfied caller, until handled.
CREATE INDEX hotline_calls_follow_up ON hotline_calls (center_id, started_at)
  WHERE (follow_up OR satisfied = false) AND handled_at IS NULL;

CREATE TABLE consultations (
  id         bigserial PRIMARY KEY,
  center_id  bigint NOT NULL REFERENCES centers (id),
  channel    text NOT NULL CHECK (channel IN ('on_site', 'phone', 'online')),
  topic      text NOT NULL CHECK (topic IN (
               'labour', 'marriage_family', 'debt', 'traffic_accident', 'land', 'housing',
               'personal_injury', 'consumer', 'criminal', 'administrative', 'social_security',
               'other')),
  at         timestamptz NOT NULL,
  summary    text NOT NULL DEFAULT '',
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultations_center_at ON consultations (center_id, at);

-- Statistics by centre and year or date range.
CREATE INDEX cases_center_year ON cases (center_id, case_year);
CREATE INDEX cases_center_received ON cases (center_id, received_at);
CREATE INDEX cases_center_closed ON cases (center_id, closed_on) WHERE closed_on IS NOT NULL;
