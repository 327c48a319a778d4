-- The answer of a request sent with an Idempotency-Key is rendered after its commit (docs/adr/0005): a key's row
-- keeps the language-neutral result of the service call and the language the caller asked for, both written in
-- the transaction of the decision, and every answer, the first and each replay, is rendered from them.
-- status and response hold answers kept rendered by earlier versions; such rows are replayed as they were kept
-- until the retention forgets them, and new rows leave both empty.
ALTER TABLE idempotency_key ADD COLUMN result TEXT;
ALTER TABLE idempotency_key ADD COLUMN language VARCHAR(35);
ALTER TABLE idempotency_key ALTER COLUMN status DROP NOT NULL;
