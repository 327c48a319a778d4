-- Named rows that instances lock (SELECT ... FOR UPDATE) to do a one-off installation task once, such as
-- generating the first request-link signing key or rotating it.
CREATE TABLE installation_lock (
    name VARCHAR(64) PRIMARY KEY
);
INSERT INTO installation_lock (name) VALUES ('signing_key');
