-- Signed check receipts and the set of numbers each check found callable (SQLite).
-- Times are nanoseconds since the epoch (exact Instant round trip).
CREATE TABLE receipts (
    id                     TEXT    PRIMARY KEY,
    operator               TEXT    NOT NULL,
    profile                TEXT    NOT NULL,
    checked_at_epoch_nanos INTEGER NOT NULL,
    register_version       INTEGER NOT NULL,
    input_sha256           TEXT    NOT NULL,
    output_sha256          TEXT    NOT NULL,
    rows_total             INTEGER NOT NULL,
    rows_callable          INTEGER NOT NULL,
    rows_blocked           INTEGER NOT NULL,
    rows_invalid           INTEGER NOT NULL,
    valid_until_epoch_nanos INTEGER NOT NULL,
    key_id                 TEXT,
    signature              TEXT,
    signed_json            TEXT    NOT NULL,
    callable_set           BLOB    NOT NULL
);

CREATE INDEX receipts_by_operator ON receipts (operator, checked_at_epoch_nanos);

-- A stored receipt is evidence: it is never changed (it may be deleted when its retention ends).
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN
    SELECT RAISE(ABORT, 'receipts are immutable: UPDATE is not allowed');
END;
