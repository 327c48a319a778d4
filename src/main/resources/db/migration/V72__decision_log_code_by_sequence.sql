-- Verification reads the code rows of a page of entries by sequence range (docs/decision-log.md): a missing
-- or extra row is found in the same pass over the log, without scanning the whole code table per page.
CREATE INDEX decision_log_code_sequence ON decision_log_code (sequence, code);
