-- The papers a materials request (补充材料通知, Art. 43) asks for, by kind of paper: the case
-- shows each as arrived once a paper of that kind is put in its file after the request.
ALTER TABLE cases
  ADD COLUMN materials_papers text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT cases_materials_papers_check CHECK (materials_papers <@ ARRAY[
    'identity', 'hardship_proof', 'application', 'notice', 'judgment', 'closing_report',
    'other']::text[]);
