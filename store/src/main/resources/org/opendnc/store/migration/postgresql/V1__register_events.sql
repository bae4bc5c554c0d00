-- The register's append-only event log (PostgreSQL).
-- seq is assigned by the store under a table lock (gap-free, in commit order), not by a sequence:
-- a tailing node that has read seq N can never later see a new event with seq <= N.
-- type and channel hold the stable codes of EventCodes (never enum ordinals).
-- at_epoch_nanos is the citizen's action time, nanoseconds since 1970-01-01T00:00:00Z (exact Instant).
CREATE TABLE register_events (
    seq            BIGINT   PRIMARY KEY,
    e164           BIGINT   NOT NULL CHECK (e164 > 0),
    type           SMALLINT NOT NULL CHECK (type BETWEEN 1 AND 5),
    operator       TEXT,
    at_epoch_nanos BIGINT   NOT NULL,
    channel        SMALLINT NOT NULL CHECK (channel BETWEEN 1 AND 6),
    evidence       TEXT,
    CHECK ((type IN (3, 4)) = (operator IS NOT NULL))
);

-- history(e164): one number's events in order.
CREATE INDEX register_events_by_number ON register_events (e164, seq);

-- Append-only: the log can grow, never change.
CREATE FUNCTION register_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'register_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER register_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON register_events
    FOR EACH ROW EXECUTE FUNCTION register_events_refuse_change();

CREATE TRIGGER register_events_no_truncate
    BEFORE TRUNCATE ON register_events
    FOR EACH STATEMENT EXECUTE FUNCTION register_events_refuse_change();
