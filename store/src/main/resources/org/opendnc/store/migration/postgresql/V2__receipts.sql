-- Signed check receipts and the set of numbers each check found callable (PostgreSQL).
-- Times are nanoseconds since the epoch (exact Instant round trip).
CREATE TABLE receipts (
    id                      TEXT   PRIMARY KEY,
    operator                TEXT   NOT NULL,
    profile                 TEXT   NOT NULL,
    checked_at_epoch_nanos  BIGINT NOT NULL,
    register_version        BIGINT NOT NULL,
    input_sha256            TEXT   NOT NULL,
    output_sha256           TEXT   NOT NULL,
    rows_total              BIGINT NOT NULL,
    rows_callable           BIGINT NOT NULL,
    rows_blocked            BIGINT NOT NULL,
    rows_invalid            BIGINT NOT NULL,
    valid_until_epoch_nanos BIGINT NOT NULL,
    key_id                  TEXT,
    signature               TEXT,
    signed_json             TEXT   NOT NULL,
    callable_set            BYTEA  NOT NULL
);

CREATE INDEX receipts_by_operator ON receipts (operator, checked_at_epoch_nanos);

-- A stored receipt is evidence: it is never changed (it may be deleted when its retention ends).
CREATE FUNCTION receipts_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'receipts are immutable: UPDATE is not allowed'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER receipts_no_update
    BEFORE UPDATE ON receipts
    FOR EACH ROW EXECUTE FUNCTION receipts_refuse_update();
