-- Art. 44: the papers owed after urgent aid are counted from the day it was given, for the
-- days the centre allowed; kept so that a holiday year loaded later counts them again.
ALTER TABLE cases
  ADD COLUMN papers_from date,
  ADD COLUMN papers_days integer CHECK (papers_days BETWEEN 1 AND 60);
