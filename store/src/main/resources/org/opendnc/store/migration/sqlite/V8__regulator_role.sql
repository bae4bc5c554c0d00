-- The regulator's role (issue 5, decision 0030) (SQLite): portal accounts may be REGULATOR (the
-- authority's staff: audits, investigations, the complaints dashboard; no operator), and the audit
-- log names REGULATOR actors. SQLite cannot change a CHECK constraint in place, so both tables are
-- rebuilt (the documented 12-step ALTER TABLE procedure); rows, sequences, the index and the
-- append-only triggers are kept. Dropping the old audit_log does not fire its DELETE trigger.

CREATE TABLE users_v8 (
    username               TEXT    PRIMARY KEY,
    password_hash          TEXT    NOT NULL,
    role                   TEXT    NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR', 'REGULATOR')),
    operator               TEXT    REFERENCES operators (id),
    must_change_password   INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at_epoch_nanos INTEGER NOT NULL,
    CHECK ((role = 'OPERATOR') = (operator IS NOT NULL))
);

INSERT INTO users_v8 (username, password_hash, role, operator, must_change_password,
    created_at_epoch_nanos)
SELECT username, password_hash, role, operator, must_change_password, created_at_epoch_nanos
FROM users;

DROP TABLE users;
ALTER TABLE users_v8 RENAME TO users;

CREATE TABLE audit_log_v8 (
    seq            INTEGER PRIMARY KEY,
    at_epoch_nanos INTEGER NOT NULL,
    actor_type     TEXT    NOT NULL
        CHECK (actor_type IN ('OPERATOR', 'ADMIN', 'CITIZEN', 'SYSTEM', 'REGULATOR')),
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    subject        TEXT,
    numbers        INTEGER NOT NULL CHECK (numbers >= 0),
    e164           INTEGER,
    outcome        TEXT    NOT NULL,
    request_id     TEXT,
    detail         TEXT
);

INSERT INTO audit_log_v8 (seq, at_epoch_nanos, actor_type, actor, action, subject, numbers, e164,
    outcome, request_id, detail)
SELECT seq, at_epoch_nanos, actor_type, actor, action, subject, numbers, e164, outcome, request_id,
    detail
FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_v8 RENAME TO audit_log;

CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;
