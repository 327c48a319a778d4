-- Rules activations are serialised across instances by locking this single row (SELECT ... FOR UPDATE):
-- the activation id is max + 1 under the lock, and two instances never record the same version's files twice.
CREATE TABLE rules_activation_lock (
    id INT PRIMARY KEY
);
INSERT INTO rules_activation_lock (id) VALUES (1);

-- The files of every version that was ever activated, by content hash (the rules version). Every instance
-- can activate exactly the files another instance validated, and history stays auditable file by file.
CREATE TABLE rules_version_file (
    version VARCHAR(80)  NOT NULL,
    path    VARCHAR(500) NOT NULL,
    content TEXT         NOT NULL,
    PRIMARY KEY (version, path)
);
