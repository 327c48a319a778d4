-- Directory: the partners, customers and subscriptions the operator maintains.
CREATE TABLE partner (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    cloud       VARCHAR(16)  NOT NULL,
    program     VARCHAR(16)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE customer (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    cloud       VARCHAR(16)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE subscription (
    customer_id        VARCHAR(64) NOT NULL REFERENCES customer (id),
    id                 VARCHAR(64) NOT NULL,
    service            VARCHAR(64) NOT NULL,
    reseller_of_record VARCHAR(64) REFERENCES partner (id),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer_id, id)
);

-- Relationships and their per-service grants. A customer's row is locked (SELECT ... FOR UPDATE) by every
-- command that changes any of its relationships, so that C8 holds under concurrency.
CREATE TABLE relationship (
    partner_id                    VARCHAR(64) NOT NULL REFERENCES partner (id),
    customer_id                   VARCHAR(64) NOT NULL REFERENCES customer (id),
    state                         VARCHAR(16) NOT NULL,
    partner_consents_to_terminate BOOLEAN     NOT NULL,
    customer_consents_to_terminate BOOLEAN    NOT NULL,
    updated_at                    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, customer_id)
);
CREATE INDEX relationship_customer ON relationship (customer_id);

CREATE TABLE relationship_grant (
    partner_id      VARCHAR(64) NOT NULL,
    customer_id     VARCHAR(64) NOT NULL,
    service         VARCHAR(64) NOT NULL,
    delegated_admin BOOLEAN     NOT NULL,
    transacting     BOOLEAN     NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, customer_id, service),
    FOREIGN KEY (partner_id, customer_id) REFERENCES relationship (partner_id, customer_id)
);
CREATE INDEX relationship_grant_customer ON relationship_grant (customer_id);

-- The decision log: append-only, hash-chained. The head row serialises appends so the chain has no forks.
CREATE TABLE decision_log (
    sequence         BIGINT       PRIMARY KEY,
    decision_id      VARCHAR(36)  NOT NULL UNIQUE,
    kind             VARCHAR(32)  NOT NULL,
    outcome          VARCHAR(8)   NOT NULL,
    decided_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    rules_version    VARCHAR(80)  NOT NULL,
    partner_id       VARCHAR(64),
    customer_id      VARCHAR(64),
    action           VARCHAR(64),
    service          VARCHAR(64),
    subscription_id  VARCHAR(64),
    actor_sub        VARCHAR(200),
    actor_tenant     VARCHAR(64),
    actor_roles      VARCHAR(200),
    reason_codes     VARCHAR(1000) NOT NULL,
    input            TEXT         NOT NULL,
    reasons          TEXT         NOT NULL,
    obligations      TEXT         NOT NULL,
    fired_rules      TEXT         NOT NULL,
    masked_fields    VARCHAR(1000) NOT NULL,
    duration_micros  BIGINT       NOT NULL,
    previous_hash    VARCHAR(80)  NOT NULL,
    hash             VARCHAR(80)  NOT NULL
);
CREATE INDEX decision_log_partner ON decision_log (partner_id, sequence);
CREATE INDEX decision_log_customer ON decision_log (customer_id, sequence);
CREATE INDEX decision_log_kind ON decision_log (kind, sequence);
CREATE INDEX decision_log_decided_at ON decision_log (decided_at);

CREATE TABLE decision_log_head (
    id            INT         PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_hash     VARCHAR(80) NOT NULL
);
INSERT INTO decision_log_head (id, last_sequence, last_hash)
VALUES (1, 0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000');

-- Secrets generated per installation (request-link signing keys). Rotation retires a key, never deletes it.
CREATE TABLE signing_key (
    key_id      VARCHAR(32)  PRIMARY KEY,
    purpose     VARCHAR(32)  NOT NULL,
    secret      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at  TIMESTAMP WITH TIME ZONE
);

-- Every activation of a rules version: which, by whom, when, and which files changed.
CREATE TABLE rules_activation (
    id            BIGINT       PRIMARY KEY,
    version       VARCHAR(80)  NOT NULL,
    activated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_by  VARCHAR(200) NOT NULL,
    files_changed TEXT         NOT NULL
);
