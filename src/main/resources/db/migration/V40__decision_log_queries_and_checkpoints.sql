-- Decision-log queries: every filter of the API has an index that ends in sequence, so "newest first"
-- reads the index backwards and stops after one page, however large the log grows.
CREATE INDEX decision_log_outcome ON decision_log (outcome, sequence);
CREATE INDEX decision_log_action ON decision_log (action, sequence);
CREATE INDEX decision_log_service ON decision_log (service, sequence);
CREATE INDEX decision_log_rules_version ON decision_log (rules_version, sequence);
DROP INDEX decision_log_decided_at;
CREATE INDEX decision_log_decided_at ON decision_log (decided_at, sequence);

-- One row per reason or obligation code of an entry, so the code filter is an index range too.
-- Derived from the entry (its reasons and obligations are hashed), written in the same transaction.
CREATE TABLE decision_log_code (
    code     VARCHAR(100) NOT NULL,
    sequence BIGINT       NOT NULL,
    PRIMARY KEY (code, sequence)
);

-- The head also remembers the time of the last entry: decidedAt never goes backwards along the chain,
-- so a time range is a sequence range.
ALTER TABLE decision_log_head ADD COLUMN last_decided_at TIMESTAMP WITH TIME ZONE;
