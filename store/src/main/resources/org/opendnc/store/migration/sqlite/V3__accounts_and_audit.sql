-- Operator accounts, plans, API keys, portal users, daily usage and the audit log (SQLite).
-- Times are nanoseconds since 1970-01-01T00:00:00Z; days are epoch days (days since 1970-01-01)
-- counted in the register profile's time zone. Secrets are never stored: API keys as their SHA-256,
-- passwords as Argon2id hashes (PHC strings).

-- A plan sets the yearly quota of numbers an operator may check (calendar year, profile zone).
CREATE TABLE plans (
    name         TEXT    PRIMARY KEY,
    yearly_quota INTEGER NOT NULL CHECK (yearly_quota >= 0)
);

INSERT INTO plans (name, yearly_quota) VALUES ('trial', 10000), ('standard', 1000000),
    ('enterprise', 100000000);

-- id is the operator id that ALLOW and DISALLOW events and receipts name.
CREATE TABLE operators (
    id                     TEXT    PRIMARY KEY,
    name                   TEXT    NOT NULL,
    plan                   TEXT    NOT NULL REFERENCES plans (name),
    created_at_epoch_nanos INTEGER NOT NULL,
    disabled               INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- sha256 is the lowercase hex SHA-256 of the whole key; prefix is its first characters, for display.
CREATE TABLE api_keys (
    id                     TEXT    PRIMARY KEY,
    operator               TEXT    NOT NULL REFERENCES operators (id),
    prefix                 TEXT    NOT NULL,
    sha256                 TEXT    NOT NULL UNIQUE,
    created_at_epoch_nanos INTEGER NOT NULL,
    revoked_at_epoch_nanos INTEGER
);

CREATE INDEX api_keys_by_operator ON api_keys (operator, created_at_epoch_nanos);

-- Portal accounts: the register's staff (ADMIN) and operators' people (OPERATOR, tied to one operator).
CREATE TABLE users (
    username               TEXT    PRIMARY KEY,
    password_hash          TEXT    NOT NULL,
    role                   TEXT    NOT NULL CHECK (role IN ('ADMIN', 'OPERATOR')),
    operator               TEXT    REFERENCES operators (id),
    must_change_password   INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at_epoch_nanos INTEGER NOT NULL,
    CHECK ((role = 'OPERATOR') = (operator IS NOT NULL))
);

-- Numbers checked per operator and day: the quota's meter and the checks-per-day statistics.
CREATE TABLE usage (
    operator        TEXT    NOT NULL REFERENCES operators (id),
    epoch_day       INTEGER NOT NULL,
    checks          INTEGER NOT NULL CHECK (checks >= 0),
    numbers_checked INTEGER NOT NULL CHECK (numbers_checked >= 0),
    PRIMARY KEY (operator, epoch_day)
);

CREATE INDEX usage_by_day ON usage (epoch_day);

-- Every check and every admin or citizen action: who, what, when, how many numbers, which request.
-- e164 is set only for actions on one number (a single check, a citizen's request); a batch's
-- numbers are never written here (its receipt keeps the callable set).
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY,
    at_epoch_nanos INTEGER NOT NULL,
    actor_type     TEXT    NOT NULL CHECK (actor_type IN ('OPERATOR', 'ADMIN', 'CITIZEN', 'SYSTEM')),
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    subject        TEXT,
    numbers        INTEGER NOT NULL CHECK (numbers >= 0),
    e164           INTEGER,
    outcome        TEXT    NOT NULL,
    request_id     TEXT,
    detail         TEXT
);

CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

-- Append-only: the audit log can grow, never change.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;
