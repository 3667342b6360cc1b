-- The case file (卷宗): the papers of a case, kept in the database itself. A file answered 201
-- is committed with its row and its audit event, so it survives a crash with nothing
-- half-written; every backup of the database (pg_dump, pg_basebackup, pgBackRest, a streaming
-- replica) carries it; every daemon on the database serves it. STORAGE EXTERNAL: kept out of
-- line (TOAST) and never compressed (PDF, JPEG and PNG are compressed already).
CREATE TABLE case_attachments (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  kind         text NOT NULL CHECK (kind IN ('identity', 'hardship_proof', 'application',
                 'notice', 'judgment', 'closing_report', 'other')),
  filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size         bigint NOT NULL CHECK (size BETWEEN 1 AND 20971520),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  uploaded_by  bigint NOT NULL REFERENCES users (id),
  data         bytea NOT NULL,
  CHECK (octet_length(data) = size)
);
ALTER TABLE case_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX case_attachments_case ON case_attachments (case_id, id);

-- Every download of a paper: who read which file of which case, when.
CREATE TABLE attachment_reads (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  user_id       bigint NOT NULL,
  attachment_id bigint NOT NULL,
  case_id       bigint NOT NULL
);
CREATE INDEX attachment_reads_attachment ON attachment_reads (attachment_id);
