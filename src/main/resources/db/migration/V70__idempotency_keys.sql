-- Idempotency keys of state-changing requests, scoped per caller (token subject and tenant; tenant is empty
-- for staff roles). Written in the transaction of the decision the request caused, so a decision and its
-- key commit together. status 0 marks a key whose request is still being processed.
CREATE TABLE idempotency_key (
    caller_sub      VARCHAR(200) NOT NULL,
    caller_tenant   VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    fingerprint     VARCHAR(80)  NOT NULL,
    status          INT          NOT NULL,
    response        TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller_sub, caller_tenant, idempotency_key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
